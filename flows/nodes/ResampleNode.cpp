#include "BuiltinNodes.h"
#include "NodeHelpers.h"

#include "prep/Resample.h"

namespace flowline::flows {

NodeType resampleNode()
{
    NodeType t;
    t.id = QStringLiteral("prep.resample");
    t.displayName = QStringLiteral("Rebalance Classes");
    t.category = QStringLiteral("Prepare");
    t.icon = QStringLiteral("dice");
    t.keywords = {QStringLiteral("imbalance"), QStringLiteral("smote"),
                  QStringLiteral("undersample"), QStringLiteral("oversample"),
                  QStringLiteral("balance")};
    t.help = QStringLiteral(
        "Evens out the classes of a training table. undersample: every class down to the "
        "smallest class's size, rows picked at random. oversample: every class up to the largest "
        "class's size, rows repeated at random. SMOTE (default): every class up to the largest "
        "with synthetic rows, each numeric feature interpolated between a row and one of its k "
        "nearest neighbours of the same class (other columns copied from that row); features "
        "must have no missing values. Use it only on the training part of a split: on a test or "
        "validation part it is refused, since the scores would no longer be honest.");
    t.learnsFromData = true;
    t.resamples = true;
    t.inputs = {
        PortSpec{QStringLiteral("table"), QStringLiteral("Training table"), PortType::Table}};
    t.outputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Balanced"), PortType::Table}};
    ParamSpec target{QStringLiteral("target"), QStringLiteral("Class column"),
                     QStringLiteral("The column whose classes are evened out."), ParamType::Column,
                     QString()};
    target.required = true;
    ParamSpec features{QStringLiteral("features"), QStringLiteral("Features (SMOTE)"),
                       QStringLiteral("Numeric columns SMOTE interpolates and measures distance "
                                      "on (default: every numeric feature column)."),
                       ParamType::ColumnList, QStringList()};
    features.columnKinds = {core::ColumnKind::Numeric};
    t.params = {target,
                ParamSpec{QStringLiteral("method"),
                          QStringLiteral("Method"),
                          QStringLiteral("smote (default), oversample or undersample."),
                          ParamType::Choice,
                          QStringLiteral("smote"),
                          {},
                          {},
                          {QStringLiteral("smote"), QStringLiteral("oversample"),
                           QStringLiteral("undersample")}},
                ParamSpec{QStringLiteral("neighbours"), QStringLiteral("Neighbours (SMOTE)"),
                          QStringLiteral("k nearest neighbours to interpolate towards "
                                         "(default 5)."),
                          ParamType::Int, qint64(5), 1.0, 100.0},
                features, seedParam()};
    t.run = [](const NodeInputs &in, core::JobContext &ctx) -> core::Result<NodeOutputs> {
        core::prep::ResampleSpec spec;
        spec.target = in.params.value(QStringLiteral("target")).toString();
        const QString method = in.params.value(QStringLiteral("method")).toString();
        spec.method =
            method == QLatin1String("undersample")  ? core::prep::ResampleMethod::Undersample
            : method == QLatin1String("oversample") ? core::prep::ResampleMethod::Oversample
                                                    : core::prep::ResampleMethod::Smote;
        spec.neighbours =
            static_cast<int>(in.params.value(QStringLiteral("neighbours")).toLongLong());
        spec.features = in.params.value(QStringLiteral("features")).toStringList();
        spec.seed =
            static_cast<std::uint64_t>(in.params.value(QStringLiteral("seed")).toLongLong());
        auto out = core::prep::resample(inputTable(in), spec, ctx);
        if (!out)
            return out.error();
        return tableOutput(std::move(*out));
    };
    return t;
}

} // namespace flowline::flows
