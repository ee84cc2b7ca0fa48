#include "store/RunTypes.h"

namespace flowline::core::store {

QString statusName(RunStatus status)
{
    switch (status) {
    case RunStatus::Running:
        return QStringLiteral("running");
    case RunStatus::Finished:
        return QStringLiteral("finished");
    case RunStatus::Failed:
        return QStringLiteral("failed");
    case RunStatus::Canceled:
        return QStringLiteral("canceled");
    }
    return QStringLiteral("failed");
}

std::optional<RunStatus> statusFromName(QStringView name)
{
    for (RunStatus s :
         {RunStatus::Running, RunStatus::Finished, RunStatus::Failed, RunStatus::Canceled})
        if (name == statusName(s))
            return s;
    return std::nullopt;
}

Result<MetricCondition> parseMetricCondition(const QString &text)
{
    // Longest operators first, so ">=" is not read as ">" followed by "=".
    static const std::pair<const char *, Compare> kOps[] = {{">=", Compare::GreaterOrEqual},
                                                            {"<=", Compare::LessOrEqual},
                                                            {"!=", Compare::NotEqual},
                                                            {"==", Compare::Equal},
                                                            {">", Compare::Greater},
                                                            {"<", Compare::Less},
                                                            {"=", Compare::Equal}};
    for (const auto &[op, compare] : kOps) {
        const auto at = text.indexOf(QLatin1String(op));
        if (at <= 0)
            continue;
        const QString key = text.left(at).trimmed();
        bool ok = false;
        const double value = text.mid(at + qsizetype(qstrlen(op))).trimmed().toDouble(&ok);
        const bool plainKey = !key.isEmpty() && !key.contains(QLatin1Char('<')) &&
                              !key.contains(QLatin1Char('>')) && !key.contains(QLatin1Char('=')) &&
                              !key.contains(QLatin1Char('!'));
        if (!ok || !plainKey || !std::isfinite(value))
            break;
        return MetricCondition{key, compare, value};
    }
    return Error{QStringLiteral("expected a metric condition such as 'roc_auc>=0.8' (operators "
                                "< <= = != >= >), got '%1'")
                     .arg(text)};
}

} // namespace flowline::core::store
