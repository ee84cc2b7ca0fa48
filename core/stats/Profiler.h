#pragma once

#include "ColumnProfile.h"
#include "table/Table.h"
#include "util/Error.h"

#include <Eigen/Core>

namespace flowline::core {

class JobContext;

struct ProfileOptions
{
    int topValues = 10;                          // length of ColumnProfile::top
    std::int64_t exactDistinctLimit = 1'000'000; // beyond this many distinct values, estimate
    int maxHistogramBins = 100;
    bool correlations = true;
};

struct TableProfile
{
    std::int64_t rows = 0;
    std::vector<ColumnProfile> columns;
    // Over the numeric columns (in table order), pairwise-complete as pandas' DataFrame.corr.
    QStringList correlationColumns;
    Eigen::MatrixXd pearson;
    Eigen::MatrixXd spearman;
};

// Profiles every column of a table, columns in parallel on the job's pool, with progress and
// cancel (an Error "canceled").
class Profiler
{
public:
    static Result<TableProfile> profile(const Table &table, const ProfileOptions &options,
                                        JobContext &ctx);
    static ColumnProfile profileColumn(const QString &name, const Column &column,
                                       const ProfileOptions &options = {});
};

} // namespace flowline::core
