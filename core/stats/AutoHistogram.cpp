#include "AutoHistogram.h"

#include "Descriptive.h"

#include <algorithm>
#include <cmath>

namespace flowline::core {

namespace {

struct OuterEdges
{
    double first;
    double last;
};

OuterEdges outerEdges(std::span<const double> sorted)
{
    OuterEdges e{sorted.front(), sorted.back()};
    if (e.first == e.last) {
        e.first -= 0.5;
        e.last += 0.5;
    }
    return e;
}

} // namespace

double autoBinCount(std::span<const double> sorted)
{
    const auto n = static_cast<double>(sorted.size());
    const double iqr = sortedQuantile(sorted, 0.75) - sortedQuantile(sorted, 0.25);
    const double fdWidth = 2.0 * iqr * std::pow(n, -1.0 / 3.0);
    const double sturgesWidth = (sorted.back() - sorted.front()) / (std::log2(n) + 1.0);
    const double width = fdWidth != 0.0 ? std::min(fdWidth, sturgesWidth) : sturgesWidth;
    if (width == 0.0)
        return 1.0;
    const auto edges = outerEdges(sorted);
    return std::ceil((edges.last - edges.first) / width);
}

Histogram autoHistogram(std::span<const double> sorted, int maxBins)
{
    Histogram h;
    if (sorted.empty())
        return h;
    const double wanted = autoBinCount(sorted);
    const int bins = wanted > static_cast<double>(std::max(maxBins, 1)) ? std::max(maxBins, 1)
                                                                        : static_cast<int>(wanted);
    const auto [first, last] = outerEdges(sorted);

    // np.linspace(first, last, bins + 1): i * step + first, the last edge exactly `last`.
    const double delta = last - first;
    const double step = delta / bins;
    h.edges.resize(static_cast<std::size_t>(bins) + 1);
    for (int i = 0; i < bins; ++i) {
        const double scaled = step == 0.0 ? i / static_cast<double>(bins) * delta : i * step;
        h.edges[static_cast<std::size_t>(i)] = scaled + first;
    }
    h.edges.back() = last;

    // numpy's bin search for equal widths: scale, truncate, then correct by one where rounding
    // put a value on the wrong side of an edge. The last bin includes its right edge.
    h.counts.assign(static_cast<std::size_t>(bins), 0);
    const double norm = bins / delta;
    for (const double v : sorted) {
        auto index = static_cast<std::int64_t>((v - first) * norm);
        if (index == bins)
            --index;
        if (v < h.edges[static_cast<std::size_t>(index)])
            --index;
        else if (v >= h.edges[static_cast<std::size_t>(index) + 1] && index != bins - 1)
            ++index;
        ++h.counts[static_cast<std::size_t>(index)];
    }
    return h;
}

} // namespace flowline::core
