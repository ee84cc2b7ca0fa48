#pragma once

// A thin RAII layer over SQLite's C API, private to core/store: a connection (Db) and its
// prepared statements (Statement). Nothing outside core/store includes this file.

#include "util/Error.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <memory>
#include <optional>
#include <type_traits>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace flowline::core::store {

class Db;

// One prepared statement. Binding indexes are 1-based, column indexes 0-based, as in SQLite.
class Statement
{
public:
    Statement() = default;
    Statement(Db &db, sqlite3_stmt *stmt)
        : m_db(&db)
        , m_stmt(stmt)
    {}
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&other) noexcept;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    ~Statement();

    template <class I>
    requires std::is_integral_v<I> Statement &bind(int index, I value)
    {
        return bindInteger(index, static_cast<std::int64_t>(value));
    }
    Statement &bindInteger(int index, std::int64_t value);
    Statement &bind(int index, double value);
    Statement &bind(int index, const QString &text);
    Statement &bind(int index, const QByteArray &blob); // a BLOB
    Statement &bindNull(int index);
    template <class T>
    Statement &bind(int index, const std::optional<T> &value)
    {
        return value ? bind(index, *value) : bindNull(index);
    }

    // Runs one step: true when a row is ready, false when done. A failure is kept (error()).
    bool step();
    // Runs to the end, ignoring rows; false on failure.
    bool run();
    // Rewinds and clears the bindings, for another use.
    void reset();

    bool isNull(int column) const;
    std::int64_t integer(int column) const;
    double real(int column) const;
    QString text(int column) const;
    QByteArray blob(int column) const;
    std::optional<std::int64_t> optInteger(int column) const;
    std::optional<double> optReal(int column) const;

    bool failed() const { return m_failed; }
    int errorCode() const { return m_code; } // the extended result code of the failure

private:
    Db *m_db = nullptr;
    sqlite3_stmt *m_stmt = nullptr;
    bool m_failed = false;
    int m_code = 0;
};

// One connection. Not thread-safe: each Db belongs to one thread at a time.
class Db
{
public:
    enum class Access { ReadWrite, ReadOnly };

    Db() = default;
    Db(Db &&) = delete;
    ~Db();

    // Opens (creating with ReadWrite) the file at `path`, with the defensive settings: no
    // triggers or views, no double-quoted strings, no extensions, untrusted schema.
    Result<bool> open(const QString &path, Access access);
    void close();
    bool isOpen() const { return m_db != nullptr; }
    sqlite3 *handle() const { return m_db; }
    const QString &path() const { return m_path; }

    // A new statement, or an Error naming the file and SQLite's message.
    Result<Statement> prepare(const char *sql);
    // A statement kept for this connection's life (reset before it is returned).
    Statement *cached(const char *sql);
    // Runs SQL text with no results (several statements allowed).
    Result<bool> exec(const char *sql);
    // The one value of a single-row, single-column query (NULL and no row: 0).
    Result<std::int64_t> scalar(const char *sql);

    std::int64_t lastInsertId() const;
    int changes() const;
    QString lastMessage() const;
    // An Error with SQLite's current message, naming the file, after `what` ("logging metric").
    Error error(const QString &what) const;

private:
    sqlite3 *m_db = nullptr;
    QString m_path;
    std::unordered_map<const char *, std::unique_ptr<Statement>> m_cache;
};

} // namespace flowline::core::store
