#pragma once

#include "FittedStep.h"

#include <QStringList>

#include <vector>

namespace flowline::core::prep {

enum class BinStrategy { Uniform, Quantile };

// Binning (discretisation) of numeric columns, as scikit-learn's KBinsDiscretizer with
// encode="ordinal". The bin edges are learned on the fitting table, ignoring missing values:
// `bins` equal-width bins between the minimum and the maximum (uniform), or edges at the
// 0, 100/bins, ..., 100th percentiles (quantile, numpy's linear interpolation; edges closer than
// 1e-8 to the previous one are dropped, so a column with many ties gets fewer bins; a constant
// column gets one bin). A value v goes to bin i when edge[i] <= v < edge[i + 1]; values below the
// first edge go to the first bin, at or above the last inner edge to the last bin.
//
// Output `ordinal` (default): the column becomes numeric 0, 1, ..., bins - 1. Output `interval`:
// it becomes categorical with labels "[a, b)" (edges with 6 significant digits; the last bin
// "[a, b]"), categories in bin order. Missing values stay missing.
struct BinSpec
{
    QStringList columns = {}; // empty: every numeric feature column
    int bins = 5;             // >= 2
    BinStrategy strategy = BinStrategy::Quantile;
    bool intervals = false; // categorical "[a, b)" labels instead of ordinal numbers
};

class FittedBin : public FittedStep
{
public:
    FittedBin(BinSpec spec, QStringList columns, std::vector<std::vector<double>> edges,
              std::int64_t rows);

    QString kind() const override { return QStringLiteral("bin"); }
    Result<Table> apply(const Table &in, JobContext &ctx) const override;
    QJsonObject toJson() const override;
    QString summary() const override;
    static Result<FittedStepPtr> fromJson(const QJsonObject &json);
    Result<Refitted> refit(const Table &in, JobContext &ctx) const override;

    const QStringList &columns() const { return m_columns; }
    const std::vector<std::vector<double>> &edges() const { return m_edges; }

private:
    BinSpec m_spec;
    QStringList m_columns;
    std::vector<std::vector<double>> m_edges; // per column, ascending, bins + 1 at most
    std::int64_t m_rows;
};

Result<std::shared_ptr<const FittedBin>> fitBin(const Table &table, const BinSpec &spec,
                                                JobContext &ctx);

} // namespace flowline::core::prep
