// Readers of fitted steps by kind: the one place that knows every step, so a recipe or a model
// file can be read back. Add a row when you add a step.

#include "FittedStep.h"

#include "Standardize.h"

namespace flowline::core::prep {

namespace {

using Reader = Result<FittedStepPtr> (*)(const QJsonObject &);
struct Entry
{
    const char *kind;
    Reader read;
};

constexpr Entry kReaders[] = {
    {"standardize", &FittedStandardize::fromJson},
};

} // namespace

Result<FittedStepPtr> fittedStepFromJson(const QJsonObject &json)
{
    const QString kind = json.value(QStringLiteral("kind")).toString();
    for (const Entry &e : kReaders) {
        if (kind == QLatin1String(e.kind))
            return e.read(json);
    }
    return Error{QStringLiteral("unknown step kind '%1'").arg(kind)};
}

} // namespace flowline::core::prep
