#include "TableFingerprint.h"

#include "table/BooleanColumn.h"
#include "table/CategoricalColumn.h"
#include "table/DatetimeColumn.h"
#include "table/NumericColumn.h"
#include "table/TextColumn.h"

#include <QCryptographicHash>

#include <bit>
#include <cmath>
#include <cstring>
#include <string_view>
#include <vector>

namespace flowline::core::artifact {

namespace {

// Bytes go into the hash through a buffer: one addData call per cell would cost more than the
// hashing itself.
class Feed
{
public:
    explicit Feed(QCryptographicHash &hash)
        : m_hash(hash)
    {
        m_buffer.reserve(kSize);
    }
    ~Feed() { flush(); }

    void bytes(const void *data, std::size_t n)
    {
        if (m_buffer.size() + n > kSize)
            flush();
        if (n > kSize) {
            m_hash.addData(QByteArray::fromRawData(static_cast<const char *>(data), qsizetype(n)));
            return;
        }
        const auto *p = static_cast<const char *>(data);
        m_buffer.insert(m_buffer.end(), p, p + n);
    }
    void u64(std::uint64_t v)
    {
        unsigned char b[8];
        for (int i = 0; i < 8; ++i)
            b[i] = static_cast<unsigned char>(v >> (8 * i)); // little-endian on every machine
        bytes(b, 8);
    }
    void text(std::string_view s)
    {
        u64(s.size());
        bytes(s.data(), s.size());
    }
    void flush()
    {
        if (!m_buffer.empty())
            m_hash.addData(QByteArray::fromRawData(m_buffer.data(), qsizetype(m_buffer.size())));
        m_buffer.clear();
    }

private:
    static constexpr std::size_t kSize = 1 << 16;
    QCryptographicHash &m_hash;
    std::vector<char> m_buffer;
};

constexpr std::uint64_t kMissingMark = 0xffffffffffffffffULL;

void feedColumn(Feed &f, const Column &column)
{
    const std::int64_t n = column.size();
    switch (column.kind()) {
    case ColumnKind::Numeric: {
        const auto &c = static_cast<const NumericColumn &>(column);
        for (std::int64_t i = 0; i < n; ++i) {
            const double v = c.value(i);
            // Every NaN is the same missing value; -0 and 0 are the same number.
            f.u64(std::isnan(v) ? kMissingMark : std::bit_cast<std::uint64_t>(v == 0 ? 0.0 : v));
        }
        break;
    }
    case ColumnKind::Categorical: {
        const auto &c = static_cast<const CategoricalColumn &>(column);
        for (std::int64_t i = 0; i < n; ++i) {
            const std::int32_t code = c.code(i);
            if (code == CategoricalColumn::kMissing)
                f.u64(kMissingMark);
            else
                f.text(c.category(code));
        }
        break;
    }
    case ColumnKind::Text: {
        const auto &c = static_cast<const TextColumn &>(column);
        for (std::int64_t i = 0; i < n; ++i) {
            if (c.isMissing(i))
                f.u64(kMissingMark);
            else
                f.text(c.value(i));
        }
        break;
    }
    case ColumnKind::Datetime: {
        const auto &c = static_cast<const DatetimeColumn &>(column);
        for (std::int64_t i = 0; i < n; ++i)
            f.u64(std::bit_cast<std::uint64_t>(c.value(i)));
        break;
    }
    case ColumnKind::Boolean: {
        const auto &c = static_cast<const BooleanColumn &>(column);
        for (std::int64_t i = 0; i < n; ++i)
            f.u64(c.value(i) == BooleanColumn::kMissing ? kMissingMark
                                                        : std::uint64_t(c.value(i) != 0));
        break;
    }
    }
}

} // namespace

QString tableFingerprint(const Table &table)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    {
        Feed f(hash);
        f.text("flowline-table-fingerprint-1");
        f.u64(std::uint64_t(table.rowCount()));
        f.u64(std::uint64_t(table.columnCount()));
        for (int c = 0; c < table.columnCount(); ++c) {
            f.text(table.columnName(c).toStdString());
            f.text(kindName(table.kind(c)).toStdString());
            feedColumn(f, *table.column(c));
        }
    }
    return QStringLiteral("sha256:") + QString::fromLatin1(hash.result().toHex());
}

} // namespace flowline::core::artifact
