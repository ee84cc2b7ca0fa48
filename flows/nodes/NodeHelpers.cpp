#include "NodeHelpers.h"

#include <QDir>
#include <QFileInfo>

namespace flowline::flows {

const core::Table &inputTable(const NodeInputs &inputs, int port)
{
    return static_cast<const TableValue &>(*inputs.first(port)).table();
}

NodeOutputs tableOutput(core::Table table)
{
    return {std::make_shared<const TableValue>(std::move(table))};
}

QString resolvePath(const NodeInputs &inputs, const QString &key)
{
    const QString path = inputs.params.value(key).toString();
    if (path.isEmpty() || QFileInfo(path).isAbsolute() || inputs.flowDir.isEmpty())
        return path;
    return QDir(inputs.flowDir).filePath(path);
}

ParamSpec seedParam()
{
    return ParamSpec{QStringLiteral("seed"),
                     QStringLiteral("Seed"),
                     QStringLiteral("The random seed (default 42)."),
                     ParamType::Seed,
                     qint64(42),
                     0.0,
                     {}};
}

} // namespace flowline::flows
