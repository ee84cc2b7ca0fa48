// The split nodes: train / test, train / validation / test, and k-fold assignment.

#include "BuiltinNodes.h"
#include "NodeHelpers.h"

#include "prep/Split.h"
#include "table/NumericColumn.h"

namespace flowline::flows {

namespace {

QList<ParamSpec> splitParams(double train, double validation, bool threeWay)
{
    ParamSpec stratify{QStringLiteral("stratify_by"), QStringLiteral("Class column"),
                       QStringLiteral("stratified: the column whose classes keep their "
                                      "proportions in every part."),
                       ParamType::Column, QString()};
    ParamSpec order{QStringLiteral("order_by"), QStringLiteral("Time column"),
                    QStringLiteral("time-ordered: the numeric or datetime column to order by "
                                   "(default: the row order). The earliest rows train."),
                    ParamType::Column, QString()};
    order.columnKinds = {core::ColumnKind::Numeric, core::ColumnKind::Datetime};
    QList<ParamSpec> params{
        ParamSpec{QStringLiteral("train"), QStringLiteral("Training share"),
                  QStringLiteral("Share of the rows for training (default %1).").arg(train),
                  ParamType::Double, train, 0.01, 0.99},
    };
    if (threeWay)
        params << ParamSpec{QStringLiteral("validation"),
                            QStringLiteral("Validation share"),
                            QStringLiteral("Share of the rows for validation (default %1); the "
                                           "test part gets the rest.")
                                .arg(validation),
                            ParamType::Double,
                            validation,
                            0.01,
                            0.98};
    params << ParamSpec{QStringLiteral("method"),
                        QStringLiteral("Method"),
                        QStringLiteral("random (default): shuffled with the seed; stratified: "
                                       "each class in the same proportions; time-ordered: "
                                       "earliest rows train, latest test."),
                        ParamType::Choice,
                        QStringLiteral("random"),
                        {},
                        {},
                        {QStringLiteral("random"), QStringLiteral("stratified"),
                         QStringLiteral("time-ordered")}}
           << stratify << order << seedParam();
    return params;
}

core::Result<core::prep::SplitParts> split(const NodeInputs &in, bool threeWay)
{
    core::prep::SplitSpec spec;
    spec.trainFraction = in.params.value(QStringLiteral("train")).toDouble();
    spec.validationFraction =
        threeWay ? in.params.value(QStringLiteral("validation")).toDouble() : 0;
    const QString method = in.params.value(QStringLiteral("method")).toString();
    spec.method = method == QLatin1String("stratified")     ? core::prep::SplitMethod::Stratified
                  : method == QLatin1String("time-ordered") ? core::prep::SplitMethod::TimeOrdered
                                                            : core::prep::SplitMethod::Random;
    spec.stratifyBy = in.params.value(QStringLiteral("stratify_by")).toString();
    spec.orderBy = in.params.value(QStringLiteral("order_by")).toString();
    spec.seed = static_cast<std::uint64_t>(in.params.value(QStringLiteral("seed")).toLongLong());
    if (spec.method == core::prep::SplitMethod::Stratified && spec.stratifyBy.isEmpty())
        return core::Error{QStringLiteral("parameter 'stratify_by': a stratified split needs "
                                          "the class column")};
    return core::prep::splitRows(inputTable(in), spec);
}

NodeType baseSplit(const QString &id, const QString &name)
{
    NodeType t;
    t.id = id;
    t.displayName = name;
    t.category = QStringLiteral("Split");
    t.icon = QStringLiteral("split");
    t.keywords = {QStringLiteral("holdout"), QStringLiteral("train"), QStringLiteral("test"),
                  QStringLiteral("partition"), QStringLiteral("stratified")};
    t.inputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Table"), PortType::Table}};
    t.trainingOutputs = {QStringLiteral("train")};
    return t;
}

const QString kSplitHelp = QStringLiteral(
    " Each part keeps the rows' order. The same table and seed always give the same parts. Put "
    "steps that learn from data (imputation, scaling, encoding...) after the split, on the "
    "training branch: a model applies them to the other parts by itself.");

} // namespace

NodeType trainTestSplitNode()
{
    NodeType t =
        baseSplit(QStringLiteral("split.train_test"), QStringLiteral("Train / Test Split"));
    t.help = QStringLiteral("Splits the rows into a training part (default 80 %) and a test part "
                            "(the rest).") +
             kSplitHelp;
    t.outputs = {PortSpec{QStringLiteral("train"), QStringLiteral("Train"), PortType::Table},
                 PortSpec{QStringLiteral("test"), QStringLiteral("Test"), PortType::Table}};
    t.params = splitParams(0.8, 0.0, false);
    t.run = [](const NodeInputs &in, core::JobContext &) -> core::Result<NodeOutputs> {
        auto parts = split(in, false);
        if (!parts)
            return parts.error();
        const core::Table &table = inputTable(in);
        return NodeOutputs{std::make_shared<TableValue>(table.take(parts->train)),
                           std::make_shared<TableValue>(table.take(parts->test))};
    };
    return t;
}

NodeType trainValidationTestSplitNode()
{
    NodeType t = baseSplit(QStringLiteral("split.train_validation_test"),
                           QStringLiteral("Train / Validation / Test Split"));
    t.help = QStringLiteral("Splits the rows into training (default 80 %), validation (default "
                            "10 %) and test (the rest) parts.") +
             kSplitHelp;
    t.outputs = {
        PortSpec{QStringLiteral("train"), QStringLiteral("Train"), PortType::Table},
        PortSpec{QStringLiteral("validation"), QStringLiteral("Validation"), PortType::Table},
        PortSpec{QStringLiteral("test"), QStringLiteral("Test"), PortType::Table}};
    t.params = splitParams(0.8, 0.1, true);
    t.run = [](const NodeInputs &in, core::JobContext &) -> core::Result<NodeOutputs> {
        auto parts = split(in, true);
        if (!parts)
            return parts.error();
        const core::Table &table = inputTable(in);
        return NodeOutputs{std::make_shared<TableValue>(table.take(parts->train)),
                           std::make_shared<TableValue>(table.take(parts->validation)),
                           std::make_shared<TableValue>(table.take(parts->test))};
    };
    return t;
}

NodeType kFoldNode()
{
    NodeType t;
    t.id = QStringLiteral("split.kfold");
    t.displayName = QStringLiteral("K-Fold Assignment");
    t.category = QStringLiteral("Split");
    t.icon = QStringLiteral("split");
    t.keywords = {QStringLiteral("cross-validation"), QStringLiteral("folds"),
                  QStringLiteral("cv")};
    t.help = QStringLiteral("Adds a column with a fold number (0 to k − 1) for every row, "
                            "shuffled with the seed and, when a class column is given, "
                            "stratified so every fold holds each class evenly. Fold sizes differ "
                            "by at most one row.");
    t.inputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Table"), PortType::Table}};
    t.outputs = {PortSpec{QStringLiteral("table"), QStringLiteral("With folds"), PortType::Table}};
    t.params = {
        ParamSpec{QStringLiteral("folds"), QStringLiteral("Folds"),
                  QStringLiteral("Number of folds (default 5)."), ParamType::Int, qint64(5), 2.0,
                  1000.0},
        ParamSpec{QStringLiteral("stratify_by"), QStringLiteral("Class column"),
                  QStringLiteral("Keep each class's share in every fold (default: none)."),
                  ParamType::Column, QString()},
        ParamSpec{QStringLiteral("column"), QStringLiteral("Fold column"),
                  QStringLiteral("Name of the new column (default \"fold\")."), ParamType::String,
                  QStringLiteral("fold")},
        seedParam(),
    };
    t.run = [](const NodeInputs &in, core::JobContext &) -> core::Result<NodeOutputs> {
        const core::Table &table = inputTable(in);
        auto folds = core::prep::assignFolds(
            table, static_cast<int>(in.params.value(QStringLiteral("folds")).toLongLong()),
            in.params.value(QStringLiteral("stratify_by")).toString(),
            static_cast<std::uint64_t>(in.params.value(QStringLiteral("seed")).toLongLong()));
        if (!folds)
            return folds.error();
        const QString name = in.params.value(QStringLiteral("column")).toString();
        if (name.isEmpty())
            return core::Error{QStringLiteral("parameter 'column': the fold column needs a name")};
        std::vector<double> values(folds->begin(), folds->end());
        return tableOutput(
            table.withColumn(name, std::make_shared<core::NumericColumn>(std::move(values))));
    };
    return t;
}

} // namespace flowline::flows
