#include "BuiltinNodes.h"
#include "NodeHelpers.h"

#include "prep/FeatureSelect.h"

namespace flowline::flows {

NodeType selectFeaturesNode()
{
    NodeType t;
    t.id = QStringLiteral("prep.select_features");
    t.displayName = QStringLiteral("Select Features");
    t.category = QStringLiteral("Prepare");
    t.keywords = {QStringLiteral("feature selection"),
                  QStringLiteral("variance threshold"),
                  QStringLiteral("select k best"),
                  QStringLiteral("anova"),
                  QStringLiteral("chi2"),
                  QStringLiteral("mutual information"),
                  QStringLiteral("correlation")};
    t.help = QStringLiteral(
        "Learns which numeric columns to keep, then keeps exactly those wherever it is applied. "
        "variance (default): columns whose variance (missing values ignored) is above the "
        "threshold (default 0: drops constant columns). correlation: in column order, drops a "
        "column correlated above the threshold (|Pearson r|) with one already kept. anova_f / "
        "chi2: the k columns that best separate the classes of the target, as scikit-learn's "
        "SelectKBest (chi2 needs values >= 0 and no missing values). mutual_info: the k columns "
        "(default 10) sharing the most information with the target, estimated from 3 nearest "
        "neighbours as scikit-learn's mutual_info_classif (catches non-linear links; no missing "
        "values). Equal values are told apart with tiny seeded noise, as scikit-learn does, so the "
        "scores are close to scikit-learn's and the same on every run. Columns that were not "
        "candidates pass through.");
    t.learnsFromData = true;
    t.inputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Table"), PortType::Table}};
    t.outputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Selected"), PortType::Table}};
    ParamSpec columns{QStringLiteral("columns"), QStringLiteral("Candidates"),
                      QStringLiteral("Numeric columns to choose from (default: every numeric "
                                     "feature column)."),
                      ParamType::ColumnList, QStringList()};
    columns.columnKinds = {core::ColumnKind::Numeric};
    t.params = {ParamSpec{QStringLiteral("rule"),
                          QStringLiteral("Rule"),
                          QStringLiteral("variance (default), correlation, anova_f, chi2 or "
                                         "mutual_info."),
                          ParamType::Choice,
                          QStringLiteral("variance"),
                          {},
                          {},
                          {QStringLiteral("variance"), QStringLiteral("correlation"),
                           QStringLiteral("anova_f"), QStringLiteral("chi2"),
                           QStringLiteral("mutual_info")}},
                columns,
                ParamSpec{QStringLiteral("threshold"),
                          QStringLiteral("Threshold"),
                          QStringLiteral("variance: keep above this (default 0); correlation: "
                                         "drop above this |r| (use e.g. 0.9)."),
                          ParamType::Double,
                          0.0,
                          0.0,
                          {}},
                ParamSpec{QStringLiteral("k"),
                          QStringLiteral("Columns to keep (k)"),
                          QStringLiteral("anova_f, chi2, mutual_info: how many (default 10)."),
                          ParamType::Int,
                          qint64(10),
                          1.0,
                          {}},
                ParamSpec{QStringLiteral("target"), QStringLiteral("Class column"),
                          QStringLiteral("anova_f, chi2, mutual_info: the classes."),
                          ParamType::Column, QString()}};
    t.run = [](const NodeInputs &in, core::JobContext &ctx) -> core::Result<NodeOutputs> {
        core::prep::SelectSpec spec;
        const QString rule = in.params.value(QStringLiteral("rule")).toString();
        spec.rule = rule == QLatin1String("correlation")   ? core::prep::SelectionRule::Correlation
                    : rule == QLatin1String("anova_f")     ? core::prep::SelectionRule::AnovaF
                    : rule == QLatin1String("chi2")        ? core::prep::SelectionRule::Chi2
                    : rule == QLatin1String("mutual_info") ? core::prep::SelectionRule::MutualInfo
                                                           : core::prep::SelectionRule::Variance;
        spec.columns = in.params.value(QStringLiteral("columns")).toStringList();
        spec.threshold = in.params.value(QStringLiteral("threshold")).toDouble();
        spec.k = static_cast<int>(in.params.value(QStringLiteral("k")).toLongLong());
        spec.target = in.params.value(QStringLiteral("target")).toString();
        return fitAndApply(in, ctx, [&](const core::Table &table, core::JobContext &c) {
            return core::prep::fitSelection(table, spec, c);
        });
    };
    return t;
}

} // namespace flowline::flows
