#pragma once

#include <Eigen/Core>

#include <cstdint>
#include <span>
#include <vector>

namespace flowline::core {

class JobContext;

// One numeric column, as the correlations need it.
struct CorrelationColumn
{
    std::span<const double> values;       // NaN and infinities are left out, as pandas does
    std::span<const std::uint32_t> rank2; // twice the average rank among the finite values (an
                                          // integer), 0 where not finite; empty: no Spearman
    double shift = 0.0;                   // a finite value of the column, near its middle
    std::int64_t finite = 0;              // number of finite values
};

struct CorrelationMatrices
{
    Eigen::MatrixXd pearson;
    Eigen::MatrixXd spearman;
};

// Pearson and Spearman correlation matrices as pandas' DataFrame.corr(method=...): each pair of
// columns over the rows where both are finite; Spearman is Pearson of the average ranks of
// those rows (ranked again among them when either column has values the other lacks). NaN
// where fewer than two rows remain or either side is constant; clipped to [-1, 1].
//
// Sums of products come from blocked matrix products over the rows (in fixed chunks, added in
// order, so the result does not depend on the number of threads). Pairs whose variance would
// lose precision that way, and Spearman pairs with missing values, are computed one by one.
// Reports progress between from and to; returns false when ctx is canceled.
bool computeCorrelations(const std::vector<CorrelationColumn> &columns, JobContext &ctx,
                         double progressFrom, double progressTo, CorrelationMatrices &out);

} // namespace flowline::core
