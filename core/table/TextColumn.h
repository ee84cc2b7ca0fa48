#pragma once

#include "Column.h"

#include <string>
#include <string_view>
#include <vector>

namespace flowline::core {

// Free text: one UTF-8 buffer, size()+1 offsets into it, and a validity mask (0 = missing).
class TextColumn : public Column
{
public:
    TextColumn(std::string buffer, std::vector<std::int64_t> offsets,
               std::vector<std::uint8_t> valid);

    std::int64_t size() const override { return static_cast<std::int64_t>(m_valid.size()); }
    bool isMissing(std::int64_t row) const override
    {
        return !m_valid[static_cast<std::size_t>(row)];
    }
    QString displayValue(std::int64_t row) const override;
    ColumnPtr take(std::span<const std::int64_t> rows) const override;
    ColumnPtr takeOrMissing(std::span<const std::int64_t> rows) const override;
    ColumnPtr slice(std::int64_t offset, std::int64_t count) const override;
    std::size_t memoryBytes() const override;

    std::string_view value(std::int64_t row) const
    {
        const auto r = static_cast<std::size_t>(row);
        return std::string_view(m_buffer).substr(
            static_cast<std::size_t>(m_offsets[r]),
            static_cast<std::size_t>(m_offsets[r + 1] - m_offsets[r]));
    }

private:
    std::string m_buffer;
    std::vector<std::int64_t> m_offsets;
    std::vector<std::uint8_t> m_valid;
};

// Appends values one at a time and yields a TextColumn.
class TextColumnBuilder
{
public:
    void reserve(std::int64_t rows, std::int64_t bytes);
    void append(std::string_view value);
    void appendMissing();
    std::int64_t size() const { return static_cast<std::int64_t>(m_valid.size()); }
    std::shared_ptr<const TextColumn> finish();

private:
    std::string m_buffer;
    std::vector<std::int64_t> m_offsets{0};
    std::vector<std::uint8_t> m_valid;
};

} // namespace flowline::core
