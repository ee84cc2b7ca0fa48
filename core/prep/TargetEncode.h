#pragma once

#include "FittedStep.h"

#include <QStringList>

#include <string>
#include <vector>

namespace flowline::core::prep {

// Target encoding: each categorical (or boolean) column becomes a numeric column of the same
// name, in place, holding a smoothed mean of the target for the row's category (m-estimate):
//
//     encoding(category) = (sum of the target over the category's rows + m * prior)
//                          / (number of those rows + m)
//
// where prior is the mean of the target over all rows, m = smoothing (>= 0). Rows whose
// target is missing do not count. A missing category, or one with no rows (m = 0), or one not
// seen when fitting, gets the prior.
// The target: a numeric column, a boolean (true = 1), or a categorical column with two
// categories (the `positive` one = 1; by default the one that sorts later: "Yes" over "No").
//
// On the fitting table the encoding is computed out of fold, so no row sees its own target:
// rows are dealt into `folds` folds by a seeded shuffle (foldAssignment), and a row of fold f is
// encoded with the prior and the category sums of the rows outside f. Applied later (the test
// branch, new rows) the fitted step uses the prior and sums of the whole fitting table.
struct TargetEncodeSpec
{
    QStringList columns;  // empty: every categorical and boolean feature column but the target
    QString target;       // empty: the table's one column with the target role
    double smoothing = 1; // m
    int folds = 5;        // >= 2
    std::uint64_t seed = 0;
    QString positive; // for a two-category target; empty: the category that sorts later
};

// Fold of every row, in [0, folds): the rows are shuffled by Fisher-Yates (for i = n-1 down to
// 1: j = next() % (i + 1), swap) with the splitmix64 generator started at `seed`, and row
// permutation[p] goes to fold p % folds. Any language reproduces it in a few lines.
std::vector<int> foldAssignment(std::int64_t rows, int folds, std::uint64_t seed);

class FittedTargetEncode : public FittedStep
{
public:
    struct Encoded
    {
        QString column;
        std::vector<std::string> categories; // sorted
        std::vector<double> encodings;       // one per category
    };
    FittedTargetEncode(TargetEncodeSpec spec, double prior, std::vector<Encoded> columns,
                       std::int64_t rows);

    QString kind() const override { return QStringLiteral("target_encode"); }
    Result<Table> apply(const Table &in, JobContext &ctx) const override;
    QJsonObject toJson() const override;
    QString summary() const override;
    static Result<FittedStepPtr> fromJson(const QJsonObject &json);
    Result<Refitted> refit(const Table &in, JobContext &ctx) const override;

    double prior() const { return m_prior; }
    const std::vector<Encoded> &columns() const { return m_columns; }

private:
    TargetEncodeSpec m_spec;
    double m_prior;
    std::vector<Encoded> m_columns;
    std::int64_t m_rows;
};

struct TargetEncodeFit
{
    std::shared_ptr<const FittedTargetEncode> step;
    Table encoded; // the fitting table encoded out of fold (without the step in its recipe)
    std::vector<int> folds;
};

Result<TargetEncodeFit> fitTargetEncode(const Table &table, const TargetEncodeSpec &spec,
                                        JobContext &ctx);

} // namespace flowline::core::prep
