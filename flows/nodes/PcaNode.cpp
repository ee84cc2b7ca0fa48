#include "BuiltinNodes.h"
#include "NodeHelpers.h"

#include "jobs/JobContext.h"
#include "prep/Pca.h"

namespace flowline::flows {

NodeType pcaNode()
{
    NodeType t;
    t.id = QStringLiteral("prep.pca");
    t.displayName = QStringLiteral("PCA");
    t.category = QStringLiteral("Prepare");
    t.keywords = {QStringLiteral("principal components"), QStringLiteral("dimensionality"),
                  QStringLiteral("reduce"), QStringLiteral("svd")};
    t.help = QStringLiteral(
        "Replaces numeric columns with their principal components (pc1, pc2, ...), as "
        "scikit-learn's PCA: centred on the means learned here, projected on the leading "
        "directions of variance. Keep a number of components, or (with 0 components, the "
        "default) the fewest that explain the chosen share of the variance (default 0.95). The "
        "log lists each component's share of the variance. Missing values are refused: impute "
        "them first. Applied later, the same means and directions are used.");
    t.learnsFromData = true;
    t.inputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Table"), PortType::Table}};
    t.outputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Components"), PortType::Table}};
    ParamSpec columns{QStringLiteral("columns"), QStringLiteral("Columns"),
                      QStringLiteral("Numeric columns to combine (default: every numeric "
                                     "feature column)."),
                      ParamType::ColumnList, QStringList()};
    columns.columnKinds = {core::ColumnKind::Numeric};
    t.params = {columns,
                ParamSpec{QStringLiteral("components"), QStringLiteral("Components"),
                          QStringLiteral("How many to keep (default 0: as many as the share of "
                                         "variance below needs)."),
                          ParamType::Int, qint64(0), 0.0, 10000.0},
                ParamSpec{QStringLiteral("variance"), QStringLiteral("Share of variance"),
                          QStringLiteral("With 0 components: keep the fewest components that "
                                         "explain this share (default 0.95)."),
                          ParamType::Double, 0.95, 0.01, 1.0},
                ParamSpec{QStringLiteral("prefix"), QStringLiteral("Name prefix"),
                          QStringLiteral("The new columns are called prefix1, prefix2, ... "
                                         "(default \"pc\")."),
                          ParamType::String, QStringLiteral("pc")}};
    t.run = [](const NodeInputs &in, core::JobContext &ctx) -> core::Result<NodeOutputs> {
        core::prep::PcaSpec spec;
        spec.columns = in.params.value(QStringLiteral("columns")).toStringList();
        spec.components =
            static_cast<int>(in.params.value(QStringLiteral("components")).toLongLong());
        spec.varianceToKeep = in.params.value(QStringLiteral("variance")).toDouble();
        spec.prefix = in.params.value(QStringLiteral("prefix")).toString();
        return fitAndApply(in, ctx, [&](const core::Table &table, core::JobContext &c) {
            auto fitted = core::prep::fitPca(table, spec, c);
            if (fitted) {
                const auto &ratio = (*fitted)->explainedVarianceRatio();
                for (Eigen::Index j = 0; j < ratio.size(); ++j)
                    c.log(QStringLiteral("%1%2 explains %3 % of the variance")
                              .arg(spec.prefix)
                              .arg(j + 1)
                              .arg(ratio[j] * 100, 0, 'f', 2));
            }
            return fitted;
        });
    };
    return t;
}

} // namespace flowline::flows
