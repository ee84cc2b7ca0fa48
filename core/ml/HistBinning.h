#pragma once

// Feature binning for histogram gradient boosting, as scikit-learn's _BinMapper: per feature,
// thresholds between the distinct values (midpoints) when there are at most max_bins of them,
// else the max_bins - 1 "midpoint" percentiles; a value goes to the number of thresholds below
// it, so bin <= b exactly when value <= threshold[b]. No missing-value bin: the pipeline imputes.

#include <Eigen/Core>

#include <cstdint>
#include <vector>

namespace flowline::core {
class JobContext;
}

namespace flowline::core::ml {

// A binned matrix: uint8 bins, column-major (feature f's bins are contiguous).
struct BinnedMatrix
{
    std::vector<std::uint8_t> bins;
    Eigen::Index rows = 0;
    int cols = 0;

    const std::uint8_t *column(int f) const { return bins.data() + Eigen::Index(f) * rows; }
};

class HistBinning
{
public:
    // The rows of X listed in `rows` (all rows when empty) give the thresholds; above
    // `subsample` rows, a seeded subset of that many (without replacement) does, as scikit-learn.
    // maxBins in [2, 255]. Features are binned in parallel (one feature per task).
    static HistBinning fit(const Eigen::MatrixXd &X, const std::vector<Eigen::Index> &rows,
                           int maxBins, std::uint64_t seed, JobContext &ctx,
                           Eigen::Index subsample = 200000);

    // The listed rows of X (all when empty), binned.
    BinnedMatrix transform(const Eigen::MatrixXd &X, const std::vector<Eigen::Index> &rows,
                           JobContext &ctx) const;

    int featureCount() const { return int(m_thresholds.size()); }
    int binCount(int f) const { return int(m_thresholds[f].size()) + 1; }
    const std::vector<double> &thresholds(int f) const { return m_thresholds[f]; }

    // The thresholds of one sorted column (exposed for tests).
    static std::vector<double> columnThresholds(std::vector<double> sorted, int maxBins);

private:
    std::vector<std::vector<double>> m_thresholds;
};

} // namespace flowline::core::ml
