#include "store/Sqlite.h"

#include <sqlite3.h>

#include <utility>

namespace flowline::core::store {

Statement::Statement(Statement &&other) noexcept
    : m_db(std::exchange(other.m_db, nullptr))
    , m_stmt(std::exchange(other.m_stmt, nullptr))
    , m_failed(other.m_failed)
    , m_code(other.m_code)
{}

Statement &Statement::operator=(Statement &&other) noexcept
{
    if (this != &other) {
        sqlite3_finalize(m_stmt);
        m_db = std::exchange(other.m_db, nullptr);
        m_stmt = std::exchange(other.m_stmt, nullptr);
        m_failed = other.m_failed;
        m_code = other.m_code;
    }
    return *this;
}

Statement::~Statement()
{
    sqlite3_finalize(m_stmt);
}

Statement &Statement::bindInteger(int index, std::int64_t value)
{
    sqlite3_bind_int64(m_stmt, index, value);
    return *this;
}

Statement &Statement::bind(int index, double value)
{
    sqlite3_bind_double(m_stmt, index, value);
    return *this;
}

Statement &Statement::bind(int index, const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    sqlite3_bind_text64(m_stmt, index, utf8.constData(), sqlite3_uint64(utf8.size()),
                        SQLITE_TRANSIENT, SQLITE_UTF8);
    return *this;
}

Statement &Statement::bind(int index, const QByteArray &blob)
{
    // A zero-length blob is still a blob, not NULL: give SQLite a valid pointer.
    static const char empty = 0;
    sqlite3_bind_blob64(m_stmt, index, blob.isEmpty() ? &empty : blob.constData(),
                        sqlite3_uint64(blob.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement &Statement::bindNull(int index)
{
    sqlite3_bind_null(m_stmt, index);
    return *this;
}

bool Statement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc != SQLITE_DONE) {
        m_failed = true;
        m_code = sqlite3_extended_errcode(sqlite3_db_handle(m_stmt));
    }
    return false;
}

bool Statement::run()
{
    while (step()) {
    }
    return !m_failed;
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
    m_failed = false;
    m_code = 0;
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

std::int64_t Statement::integer(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

double Statement::real(int column) const
{
    return sqlite3_column_double(m_stmt, column);
}

QString Statement::text(int column) const
{
    const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    const int n = sqlite3_column_bytes(m_stmt, column);
    return p ? QString::fromUtf8(p, n) : QString();
}

QByteArray Statement::blob(int column) const
{
    const auto *p = static_cast<const char *>(sqlite3_column_blob(m_stmt, column));
    const int n = sqlite3_column_bytes(m_stmt, column);
    return p ? QByteArray(p, n) : QByteArray();
}

std::optional<std::int64_t> Statement::optInteger(int column) const
{
    if (isNull(column))
        return std::nullopt;
    return integer(column);
}

std::optional<double> Statement::optReal(int column) const
{
    if (isNull(column))
        return std::nullopt;
    return real(column);
}

Db::~Db()
{
    close();
}

Result<bool> Db::open(const QString &path, Access access)
{
    close();
    m_path = path;
    const int flags = (access == Access::ReadOnly ? SQLITE_OPEN_READONLY
                                                  : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                      SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        const QString why =
            m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : QString::fromUtf8(sqlite3_errstr(rc));
        close();
        return Error{QStringLiteral("cannot open the experiment store: %1").arg(why), path};
    }
    // A store may come from someone else: nothing in the file gets to run code. No triggers
    // or views (our schema has none), no SQL functions from the schema, no extensions, no
    // writes to the schema tables by SQL, no double-quoted string literals.
    sqlite3_db_config(m_db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(m_db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    sqlite3_db_config(m_db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
    sqlite3_db_config(m_db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, nullptr);
    sqlite3_db_config(m_db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
    sqlite3_db_config(m_db, SQLITE_DBCONFIG_DQS_DDL, 0, nullptr);
    sqlite3_db_config(m_db, SQLITE_DBCONFIG_DQS_DML, 0, nullptr);
    // Text and blobs up to 512 MiB (a model file); a hostile file cannot make us allocate more.
    sqlite3_limit(m_db, SQLITE_LIMIT_LENGTH, 512 * 1024 * 1024);
    return true;
}

void Db::close()
{
    m_cache.clear(); // statements before the connection
    if (m_db)
        sqlite3_close_v2(m_db);
    m_db = nullptr;
}

Result<Statement> Db::prepare(const char *sql)
{
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v3(m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK)
        return error(QStringLiteral("preparing a query"));
    return Statement(*this, stmt);
}

Statement *Db::cached(const char *sql)
{
    auto it = m_cache.find(sql);
    if (it == m_cache.end()) {
        auto prepared = prepare(sql);
        if (!prepared)
            return nullptr;
        it = m_cache.emplace(sql, std::make_unique<Statement>(std::move(*prepared))).first;
    }
    it->second->reset();
    return it->second.get();
}

Result<bool> Db::exec(const char *sql)
{
    char *message = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        const QString why = message ? QString::fromUtf8(message) : lastMessage();
        sqlite3_free(message);
        return Error{why, m_path};
    }
    return true;
}

Result<std::int64_t> Db::scalar(const char *sql)
{
    auto stmt = prepare(sql);
    if (!stmt)
        return stmt.error();
    const bool row = stmt->step();
    if (stmt->failed())
        return error(QStringLiteral("reading the store"));
    return row ? stmt->integer(0) : std::int64_t(0);
}

std::int64_t Db::lastInsertId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

int Db::changes() const
{
    return sqlite3_changes(m_db);
}

QString Db::lastMessage() const
{
    return m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : QString();
}

Error Db::error(const QString &what) const
{
    return Error{QStringLiteral("%1: %2").arg(what, lastMessage()), m_path};
}

} // namespace flowline::core::store
