#include "CategoricalColumn.h"
#include "TextColumn.h"

#include <stdexcept>

namespace flowline::core {

CategoricalColumn::CategoricalColumn(std::vector<std::int32_t> codes,
                                     std::shared_ptr<const Dictionary> dictionary)
    : Column(ColumnKind::Categorical)
    , m_codes(std::move(codes))
    , m_dictionary(dictionary ? std::move(dictionary) : std::make_shared<const Dictionary>())
{}

QString CategoricalColumn::displayValue(std::int64_t row) const
{
    const auto c = code(row);
    if (c == kMissing)
        return {};
    const auto s = category(c);
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

ColumnPtr CategoricalColumn::take(std::span<const std::int64_t> rows) const
{
    std::vector<std::int32_t> out;
    out.reserve(rows.size());
    for (auto r : rows)
        out.push_back(m_codes[static_cast<std::size_t>(r)]);
    return std::make_shared<const CategoricalColumn>(std::move(out), m_dictionary);
}

ColumnPtr CategoricalColumn::takeOrMissing(std::span<const std::int64_t> rows) const
{
    std::vector<std::int32_t> out;
    out.reserve(rows.size());
    for (auto r : rows)
        out.push_back(r < 0 ? kMissing : m_codes[static_cast<std::size_t>(r)]);
    return std::make_shared<const CategoricalColumn>(std::move(out), m_dictionary);
}

ColumnPtr CategoricalColumn::slice(std::int64_t offset, std::int64_t count) const
{
    auto first = m_codes.begin() + offset;
    return std::make_shared<const CategoricalColumn>(
        std::vector<std::int32_t>(first, first + count), m_dictionary);
}

std::size_t CategoricalColumn::memoryBytes() const
{
    std::size_t bytes = m_codes.capacity() * sizeof(std::int32_t);
    for (const auto &s : *m_dictionary)
        bytes += sizeof(std::string) + s.capacity();
    return bytes;
}

TextColumn::TextColumn(std::string buffer, std::vector<std::int64_t> offsets,
                       std::vector<std::uint8_t> valid)
    : Column(ColumnKind::Text)
    , m_buffer(std::move(buffer))
    , m_offsets(std::move(offsets))
    , m_valid(std::move(valid))
{
    if (m_offsets.size() != m_valid.size() + 1)
        throw std::invalid_argument("TextColumn: offsets must have one entry more than rows");
}

QString TextColumn::displayValue(std::int64_t row) const
{
    if (isMissing(row))
        return {};
    const auto s = value(row);
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

ColumnPtr TextColumn::take(std::span<const std::int64_t> rows) const
{
    TextColumnBuilder b;
    for (auto r : rows) {
        if (isMissing(r))
            b.appendMissing();
        else
            b.append(value(r));
    }
    return b.finish();
}

ColumnPtr TextColumn::takeOrMissing(std::span<const std::int64_t> rows) const
{
    TextColumnBuilder b;
    for (auto r : rows) {
        if (r < 0 || isMissing(r))
            b.appendMissing();
        else
            b.append(value(r));
    }
    return b.finish();
}

ColumnPtr TextColumn::slice(std::int64_t offset, std::int64_t count) const
{
    TextColumnBuilder b;
    b.reserve(count, m_offsets[static_cast<std::size_t>(offset + count)] -
                         m_offsets[static_cast<std::size_t>(offset)]);
    for (std::int64_t r = offset; r < offset + count; ++r) {
        if (isMissing(r))
            b.appendMissing();
        else
            b.append(value(r));
    }
    return b.finish();
}

std::size_t TextColumn::memoryBytes() const
{
    return m_buffer.capacity() + m_offsets.capacity() * sizeof(std::int64_t) + m_valid.capacity();
}

void TextColumnBuilder::reserve(std::int64_t rows, std::int64_t bytes)
{
    m_buffer.reserve(static_cast<std::size_t>(bytes));
    m_offsets.reserve(static_cast<std::size_t>(rows) + 1);
    m_valid.reserve(static_cast<std::size_t>(rows));
}

void TextColumnBuilder::append(std::string_view value)
{
    m_buffer.append(value);
    m_offsets.push_back(static_cast<std::int64_t>(m_buffer.size()));
    m_valid.push_back(1);
}

void TextColumnBuilder::appendMissing()
{
    m_offsets.push_back(static_cast<std::int64_t>(m_buffer.size()));
    m_valid.push_back(0);
}

std::shared_ptr<const TextColumn> TextColumnBuilder::finish()
{
    auto col = std::make_shared<const TextColumn>(std::move(m_buffer), std::move(m_offsets),
                                                  std::move(m_valid));
    m_buffer.clear();
    m_offsets.assign(1, 0);
    m_valid.clear();
    return col;
}

} // namespace flowline::core
