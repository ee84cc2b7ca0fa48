#pragma once

// The keys of a join as integer codes, and a hash index of one side's rows by code (used by
// Join.cpp; kept apart so each file holds one idea).

#include "table/Column.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace flowline::core::prep {

// Each row's key as an int64 code: equal keys on the two sides have equal codes. `never` marks
// rows that can match nothing (a missing key, or a label the other side lacks).
struct JoinKeyCodes
{
    std::vector<std::int64_t> left, right;
    std::vector<std::uint8_t> leftNever, rightNever;
};

// The codes of the key columns lk (left) and rk (right), pairwise of the same kind, or text and
// categorical.
JoinKeyCodes joinKeyCodes(const std::vector<const Column *> &lk,
                          const std::vector<const Column *> &rk);

// The label of a text or categorical cell (empty when missing).
std::string_view labelOf(const Column &c, std::int64_t row);

// Open-addressing hash index of one side's rows by key code; each key's rows are chained in
// increasing order. A slot holds only its first row (the code is read from `codes`, which must
// outlive the index). Rows are stored as Row (int32 when the side has fewer than 2^31 rows:
// half the memory, which is most of the time a join takes).
template <class Row>
class JoinIndex
{
public:
    JoinIndex(const std::vector<std::int64_t> &codes, const std::vector<std::uint8_t> &never)
        : m_codes(codes)
        , m_next(codes.size(), -1)
    {
        std::size_t cap = 16;
        while (cap < codes.size() * 2)
            cap <<= 1;
        m_mask = cap - 1;
        m_head.assign(cap, -1);
        for (std::size_t i = codes.size(); i-- > 0;) {
            if (never[i])
                continue;
            const std::size_t s = slot(codes[i]);
            m_next[i] = m_head[s];
            m_head[s] = static_cast<Row>(i);
        }
    }
    std::int64_t first(std::int64_t code) const { return m_head[slot(code)]; }
    std::int64_t next(std::int64_t row) const { return m_next[static_cast<std::size_t>(row)]; }

private:
    std::size_t slot(std::int64_t code) const
    {
        // MurmurHash3's finalizer: codes of whole numbers (doubles) differ only in high bits.
        auto h = static_cast<std::uint64_t>(code);
        h = (h ^ (h >> 33)) * 0xFF51AFD7ED558CCDULL;
        h = (h ^ (h >> 33)) * 0xC4CEB9FE1A85EC53ULL;
        std::size_t s = static_cast<std::size_t>(h ^ (h >> 33)) & m_mask;
        while (m_head[s] >= 0 && m_codes[static_cast<std::size_t>(m_head[s])] != code)
            s = (s + 1) & m_mask;
        return s;
    }

    const std::vector<std::int64_t> &m_codes;
    std::vector<Row> m_head, m_next;
    std::size_t m_mask = 0;
};

} // namespace flowline::core::prep
