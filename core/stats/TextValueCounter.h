#pragma once

#include "HyperLogLog.h"

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace flowline::core {

class JobContext;
class TextColumn;

// Counts how often each value of a text column occurs, exactly while there are at most `limit`
// distinct values. Past the limit it keeps counting the values it already holds (their counts
// stay exact) but takes no new ones, and the number of distinct values becomes a HyperLogLog
// estimate. Values are compared as bytes. The counter refers to the column's storage, so the
// column must outlive it.
class TextValueCounter
{
public:
    TextValueCounter(const TextColumn &column, std::int64_t limit);

    // Counts every non-missing row: a first pass hashes the values (into `hashes`, working space
    // that callers may reuse) and sizes the table from a HyperLogLog estimate, so that it is
    // allocated once; the second pass counts. False when ctx is canceled meanwhile.
    bool countAll(std::vector<std::uint64_t> &hashes, const JobContext *ctx);

    std::int64_t missing() const { return m_missing; }
    bool exact() const { return !m_overflowed; }
    std::int64_t distinct() const;
    // Calls f(value, count) for every value held, in no particular order.
    template <class F>
    void forEach(F f) const
    {
        for (const Entry &entry : m_entries)
            f(valueAt(entry.row), entry.count);
    }

private:
    struct Entry
    {
        std::int64_t row; // the first row holding the value
        std::int64_t count;
    };
    // An open-addressing table of 8-byte slots: 32 bits of the hash, and 1 + the entry index
    // (0 = empty).
    struct Slot
    {
        std::uint32_t tag = 0;
        std::uint32_t entry = 0;
    };
    void add(std::int64_t row, std::uint64_t hash);
    void resize(std::size_t slots);
    std::string_view valueAt(std::int64_t row) const;

    const TextColumn &m_column;
    std::int64_t m_limit;
    std::vector<Slot> m_slots;
    std::vector<Entry> m_entries;
    std::int64_t m_missing = 0;
    bool m_overflowed = false;
    HyperLogLog m_sketch;
};

} // namespace flowline::core
