#pragma once

#include "FittedStep.h"

#include <QStringList>

#include <optional>
#include <vector>

namespace flowline::core::prep {

enum class OutlierMethod { Iqr, ZScore };
enum class OutlierAction { Flag, Clip, Drop };
std::optional<OutlierAction> outlierActionFromName(const QString &name); // flag, clip, drop

// Outliers of numeric columns, against fences learned on the fitting table (missing values
// ignored): Q1 - k IQR and Q3 + k IQR (IQR method, quartiles with numpy's linear interpolation,
// k = 1.5 by default) or mean -/+ threshold * std (z-score method, population std as numpy's,
// threshold 3 by default). A value strictly outside its fences is an outlier.
//   flag: adds a boolean column "<name>_outlier" per column (missing where the value is missing)
//   clip: replaces values beyond a fence by the fence
//   drop: removes the rows with an outlier in any of the columns (missing values are kept). This
//         is a row step: it shapes the branch it runs on but is never part of a recipe, so a
//         model scoring new rows does not drop anything (toJson refuses to read it back).
// Flag and clip are recorded in the recipe. Missing values stay missing.
struct OutlierSpec
{
    QStringList columns = {}; // empty: every numeric feature column
    OutlierMethod method = OutlierMethod::Iqr;
    double k = 1.5;         // IQR multiplier, >= 0
    double threshold = 3.0; // z-score, > 0
    OutlierAction action = OutlierAction::Flag;
};

class FittedOutliers : public FittedStep
{
public:
    FittedOutliers(OutlierSpec spec, QStringList columns, std::vector<double> lows,
                   std::vector<double> highs, std::int64_t rows);

    QString kind() const override { return QStringLiteral("outliers"); }
    Result<Table> apply(const Table &in, JobContext &ctx) const override;
    QJsonObject toJson() const override;
    QString summary() const override;
    static Result<FittedStepPtr> fromJson(const QJsonObject &json);
    Result<Refitted> refit(const Table &in, JobContext &ctx) const override;

    const QStringList &columns() const { return m_columns; }
    const std::vector<double> &lows() const { return m_lows; }
    const std::vector<double> &highs() const { return m_highs; }
    OutlierAction action() const { return m_spec.action; }

private:
    OutlierSpec m_spec;
    QStringList m_columns;
    std::vector<double> m_lows;
    std::vector<double> m_highs;
    std::int64_t m_rows;
};

Result<std::shared_ptr<const FittedOutliers>> fitOutliers(const Table &table,
                                                          const OutlierSpec &spec, JobContext &ctx);

} // namespace flowline::core::prep
