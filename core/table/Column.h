#pragma once

#include <QString>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>

namespace flowline::core {

// The five kinds a column can have. Stable names (kindName) are used in files and the CLI.
enum class ColumnKind : std::uint8_t { Numeric, Categorical, Text, Datetime, Boolean };

QString kindName(ColumnKind kind);
std::optional<ColumnKind> kindFromName(QStringView name);

class Column;
using ColumnPtr = std::shared_ptr<const Column>;

// An immutable column of values of one kind. Rows are int64. Subclasses own their storage;
// a Column is never modified after construction, so it can be shared between tables.
class Column
{
public:
    virtual ~Column() = default;
    Column(const Column &) = delete;
    Column &operator=(const Column &) = delete;

    ColumnKind kind() const { return m_kind; }
    virtual std::int64_t size() const = 0;
    virtual bool isMissing(std::int64_t row) const = 0;
    std::int64_t missingCount() const;

    // The value as a person reads it; empty for missing values.
    virtual QString displayValue(std::int64_t row) const = 0;

    // A new column holding rows[i] for each i (every index must be in range).
    virtual ColumnPtr take(std::span<const std::int64_t> rows) const = 0;
    // Like take, but a row index of -1 gives a missing value ("no row", as in an outer join).
    virtual ColumnPtr takeOrMissing(std::span<const std::int64_t> rows) const = 0;
    // A new column holding rows [offset, offset + count).
    virtual ColumnPtr slice(std::int64_t offset, std::int64_t count) const = 0;
    // Bytes held by this column's storage.
    virtual std::size_t memoryBytes() const = 0;

protected:
    explicit Column(ColumnKind kind)
        : m_kind(kind)
    {}

private:
    ColumnKind m_kind;
};

} // namespace flowline::core
