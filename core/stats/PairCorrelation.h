#pragma once

#include "Correlation.h"

#include <cstdint>
#include <vector>

namespace flowline::core {

// The doubled ranks of the rows a column loses when paired with another (rows where it is finite
// and the other is not), as distinct ranks with their multiplicities, in buckets of consecutive
// ranks so that "how many lost rows rank below r" is a look-up and a short scan. With it, the
// ranks among the rows a pair keeps follow from the ranks among all rows without sorting again.
class RankDrop
{
public:
    // lost: doubled ranks (any order) of a column of `rows` rows.
    void build(const std::vector<std::uint32_t> &lost, std::int64_t rows);

    // adjusted(r): the doubled average rank, among the kept rows, of a kept row whose doubled
    // rank among all rows is r. Each lost row ranked below moves it down by one rank, each lost
    // tie by half a rank. (Plain pointers, so that a hot loop keeps them in registers.)
    struct View
    {
        int shift;
        const std::uint32_t *lostBefore, *first, *rank, *count;

        std::uint32_t adjusted(std::uint32_t r) const
        {
            const std::size_t b = r >> shift;
            std::uint32_t below = lostBefore[b];
            std::uint32_t i = first[b];
            const std::uint32_t end = first[b + 1];
            for (; i < end && rank[i] < r; ++i)
                below += count[i];
            const std::uint32_t ties = i < end && rank[i] == r ? count[i] : 0;
            return r - 2 * below - ties;
        }
    };
    View view() const
    {
        return {m_shift, m_lostBefore.data(), m_first.data(), m_rank.data(), m_count.data()};
    }

private:
    int m_shift = 0;
    std::vector<std::uint32_t> m_lostBefore; // per bucket: lost rows in the buckets before it
    std::vector<std::uint32_t> m_cursor;
    std::vector<std::uint32_t> m_sorted;
    std::vector<std::uint32_t> m_first; // bucket b: distinct ranks m_first[b] .. m_first[b + 1]
    std::vector<std::uint32_t> m_rank;  // distinct lost ranks, ascending
    std::vector<std::uint32_t> m_count; // how many lost rows have each
};

// Working space of the pair-by-pair computations, reused from pair to pair.
struct PairScratch
{
    std::vector<double> xs, ys;
    std::vector<std::uint32_t> lostX, lostY;
    RankDrop dropX, dropY;
};

// Pearson correlation of one pair from scratch: the rows where both are finite, their means,
// then sums of products of deviations (two passes). Constant sides are detected exactly: NaN.
double pairPearson(const CorrelationColumn &x, const CorrelationColumn &y, PairScratch &scratch);

// Spearman correlation of one pair over the rows where both are finite, ranked again among
// those rows (as pandas does). NaN with fewer than two such rows or a constant side.
double pairSpearman(const CorrelationColumn &x, const CorrelationColumn &y, PairScratch &scratch);

} // namespace flowline::core
