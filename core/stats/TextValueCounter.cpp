#include "TextValueCounter.h"

#include "jobs/JobContext.h"
#include "table/TextColumn.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

namespace flowline::core {

namespace {

constexpr std::int64_t kCancelCheckRows = 1 << 16;

bool canceled(const JobContext *ctx)
{
    return ctx && ctx->isCanceled();
}

} // namespace

TextValueCounter::TextValueCounter(const TextColumn &column, std::int64_t limit)
    : m_column(column)
    // Entry indices are 32-bit.
    , m_limit(std::clamp<std::int64_t>(limit, 0, std::numeric_limits<std::uint32_t>::max() - 1))
{}

bool TextValueCounter::countAll(std::vector<std::uint64_t> &hashes, const JobContext *ctx)
{
    const std::int64_t rows = m_column.size();
    hashes.resize(static_cast<std::size_t>(rows));
    for (std::int64_t row = 0; row < rows; ++row) {
        if (m_column.isMissing(row)) {
            ++m_missing;
            continue;
        }
        const std::uint64_t hash = hashBytes(m_column.value(row));
        hashes[static_cast<std::size_t>(row)] = hash;
        m_sketch.add(hash);
        if (row % kCancelCheckRows == 0 && canceled(ctx))
            return false;
    }

    // Room for the estimate (plus its error) at a load of at most 1/2.
    const double estimate = std::min(m_sketch.estimate() * 1.05 + 16.0, double(m_limit) + 1.0);
    resize(std::bit_ceil(static_cast<std::size_t>(2.0 * estimate)));
    m_entries.reserve(static_cast<std::size_t>(estimate));
    for (std::int64_t row = 0; row < rows; ++row) {
        if (!m_column.isMissing(row))
            add(row, hashes[static_cast<std::size_t>(row)]);
        if (row % kCancelCheckRows == 0 && canceled(ctx))
            return false;
    }
    return true;
}

void TextValueCounter::add(std::int64_t row, std::uint64_t hash)
{
    // The low bits choose the slot, the high bits are the tag that spares most comparisons.
    const auto tag = static_cast<std::uint32_t>(hash >> 32);
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t i = static_cast<std::size_t>(hash) & mask;; i = (i + 1) & mask) {
        Slot &slot = m_slots[i];
        if (slot.entry == 0) {
            if (static_cast<std::int64_t>(m_entries.size()) >= m_limit) {
                m_overflowed = true;
                return;
            }
            m_entries.push_back({row, 1});
            slot = Slot{tag, static_cast<std::uint32_t>(m_entries.size())};
            if (m_entries.size() * 4 > m_slots.size() * 3)
                resize(m_slots.size() * 2);
            return;
        }
        if (slot.tag == tag) {
            Entry &entry = m_entries[slot.entry - 1];
            if (m_column.value(entry.row) == m_column.value(row)) {
                ++entry.count;
                return;
            }
        }
    }
}

void TextValueCounter::resize(std::size_t slots)
{
    // Entries keep their place; only the slots are rebuilt. The probe start needs the low hash
    // bits, which are not kept: rehash the value (rare, only when the estimate was short).
    m_slots.assign(std::max<std::size_t>(slots, 16), Slot{});
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t e = 0; e < m_entries.size(); ++e) {
        const std::uint64_t hash = hashBytes(m_column.value(m_entries[e].row));
        std::size_t i = static_cast<std::size_t>(hash) & mask;
        while (m_slots[i].entry != 0)
            i = (i + 1) & mask;
        m_slots[i] =
            Slot{static_cast<std::uint32_t>(hash >> 32), static_cast<std::uint32_t>(e + 1)};
    }
}

std::int64_t TextValueCounter::distinct() const
{
    const auto held = static_cast<std::int64_t>(m_entries.size());
    if (!m_overflowed)
        return held;
    // Past the limit there are at least limit + 1 values, whatever the sketch says.
    return std::max<std::int64_t>(std::llround(m_sketch.estimate()), held + 1);
}

std::string_view TextValueCounter::valueAt(std::int64_t row) const
{
    return m_column.value(row);
}

} // namespace flowline::core
