#pragma once

#include "FittedStep.h"

#include <QStringList>

#include <vector>

namespace flowline::core::prep {

// Feature selection: learn on the fitting table which columns to keep, then keep exactly those
// (the others are dropped; columns not considered pass through).
enum class SelectionRule {
    Variance,    // keep columns whose variance (ddof 0, missing ignored) exceeds `threshold`
    Correlation, // in column order, drop a column whose |Pearson r| with a column already kept
                 // exceeds `threshold` (r over the rows where both are present)
    AnovaF,      // keep the `k` columns with the highest ANOVA F against the class `target`
    Chi2,        // keep the `k` columns with the highest chi² against `target` (values >= 0)
    MutualInfo   // keep the `k` columns with the highest mutual information with `target`
                 // (scikit-learn's mutual_info_classif, 3 neighbours, deterministic: see
                 // MutualInfo.h; no missing values)
};

struct SelectSpec
{
    SelectionRule rule = SelectionRule::Variance;
    QStringList columns;    // candidates (default: every numeric feature column)
    double threshold = 0.0; // Variance, Correlation
    int k = 10;             // AnovaF, Chi2, MutualInfo (more than there are: all)
    QString target;         // AnovaF, Chi2, MutualInfo: the class column
    // MutualInfo: separate tied values with seeded noise, as scikit-learn does (default); off,
    // ties are kept (see MutualInfo.h).
    bool breakTies = true;
    std::uint64_t seed = 0;
};

class FittedSelection : public FittedStep
{
public:
    FittedSelection(SelectSpec spec, QStringList candidates, QStringList kept,
                    std::vector<double> scores);

    QString kind() const override { return QStringLiteral("select_features"); }
    Result<Table> apply(const Table &in, JobContext &ctx) const override;
    QJsonObject toJson() const override;
    QString summary() const override;
    static Result<FittedStepPtr> fromJson(const QJsonObject &json);
    Result<Refitted> refit(const Table &in, JobContext &ctx) const override;

    const QStringList &candidates() const { return m_candidates; }
    const QStringList &kept() const { return m_kept; }
    // Per candidate: its variance, its largest |r| with a kept column, its F, its chi² or its
    // mutual information (nats).
    const std::vector<double> &scores() const { return m_scores; }

private:
    SelectSpec m_spec;
    QStringList m_candidates;
    QStringList m_kept;
    std::vector<double> m_scores;
};

Result<std::shared_ptr<const FittedSelection>>
fitSelection(const Table &table, const SelectSpec &spec, JobContext &ctx);

QString selectionRuleName(SelectionRule rule); // "variance", "correlation", "anova_f", "chi2",
                                               // "mutual_info"

} // namespace flowline::core::prep
