#include "Column.h"

namespace flowline::core {

QString kindName(ColumnKind kind)
{
    switch (kind) {
    case ColumnKind::Numeric:
        return QStringLiteral("numeric");
    case ColumnKind::Categorical:
        return QStringLiteral("categorical");
    case ColumnKind::Text:
        return QStringLiteral("text");
    case ColumnKind::Datetime:
        return QStringLiteral("datetime");
    case ColumnKind::Boolean:
        return QStringLiteral("boolean");
    }
    return {};
}

std::optional<ColumnKind> kindFromName(QStringView name)
{
    for (auto kind : {ColumnKind::Numeric, ColumnKind::Categorical, ColumnKind::Text,
                      ColumnKind::Datetime, ColumnKind::Boolean}) {
        if (name.compare(kindName(kind), Qt::CaseInsensitive) == 0)
            return kind;
    }
    return std::nullopt;
}

std::int64_t Column::missingCount() const
{
    std::int64_t missing = 0;
    const std::int64_t n = size();
    for (std::int64_t i = 0; i < n; ++i)
        missing += isMissing(i) ? 1 : 0;
    return missing;
}

} // namespace flowline::core
