#pragma once

#include "FittedStep.h"

#include <QStringList>

#include <optional>
#include <vector>

namespace flowline::core::prep {

enum class ImputeStrategy { Mean, Median, MostFrequent, Constant };
QString imputeStrategyName(ImputeStrategy strategy); // "mean", "median", "most_frequent", ...
std::optional<ImputeStrategy> imputeStrategyFromName(const QString &name);

// Fills missing values per column, as scikit-learn's SimpleImputer. The fill value is learned on
// the fitting table only: the mean or median of the non-missing values (numeric columns), the
// most frequent value (numeric or categorical; ties go to the smallest value, or the first in
// byte order for categories), or a constant. A column with no value to learn from is an error.
//
// With `addIndicator`, every imputed column that had missing values in the fitting table gets a
// boolean column "<name>_missing" (true where the value was missing before filling), appended
// after the existing columns in the order of the imputed columns — as SimpleImputer's
// add_indicator, whose MissingIndicator keeps the features with missing values at fit time.
// A categorical fill value that a table's dictionary lacks is added to it at apply time.
struct ImputeSpec
{
    // Empty: every numeric feature column (mean, median), or every numeric and categorical
    // feature column (most_frequent, constant).
    QStringList columns;
    ImputeStrategy strategy = ImputeStrategy::Mean;
    QString constant = {}; // strategy constant: the fill value; a number when a column is numeric
    bool addIndicator = false;
};

class FittedImpute : public FittedStep
{
public:
    // Per column: its kind, the numeric fill (NaN for categorical columns) and the text fill
    // (empty for numeric columns). `indicators` lists the columns that get "<name>_missing".
    FittedImpute(ImputeStrategy strategy, QStringList columns, std::vector<ColumnKind> kinds,
                 std::vector<double> numbers, QStringList texts, QStringList indicators,
                 std::int64_t rows, ImputeSpec spec);

    QString kind() const override { return QStringLiteral("impute"); }
    Result<Table> apply(const Table &in, JobContext &ctx) const override;
    QJsonObject toJson() const override;
    QString summary() const override;
    static Result<FittedStepPtr> fromJson(const QJsonObject &json);
    Result<Refitted> refit(const Table &in, JobContext &ctx) const override;

    const QStringList &columns() const { return m_columns; }
    const std::vector<double> &numbers() const { return m_numbers; }
    const QStringList &texts() const { return m_texts; }
    const QStringList &indicators() const { return m_indicators; }

private:
    ImputeStrategy m_strategy;
    QStringList m_columns;
    std::vector<ColumnKind> m_kinds;
    std::vector<double> m_numbers;
    QStringList m_texts;
    QStringList m_indicators;
    std::int64_t m_rows;
    ImputeSpec m_spec; // what it was fitted with (after reading a file: rebuilt from the state)
};

Result<std::shared_ptr<const FittedImpute>> fitImpute(const Table &table, const ImputeSpec &spec,
                                                      JobContext &ctx);

} // namespace flowline::core::prep
