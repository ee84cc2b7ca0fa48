#include "ColumnSteps.h"

#include "StepSupport.h"

#include <QSet>

namespace flowline::core::prep {

FittedSelectColumns::FittedSelectColumns(QStringList columns, QStringList names)
    : m_columns(std::move(columns))
    , m_names(std::move(names))
{}

Result<std::shared_ptr<const FittedSelectColumns>>
fitSelectColumns(const Table &table, const SelectColumnsSpec &spec, JobContext &)
{
    QSet<QString> listed;
    for (const QString &name : spec.columns) {
        if (table.indexOf(name) < 0)
            return Error{QStringLiteral("select: the table has no column '%1' (it has: %2)")
                             .arg(name, table.columnNames().join(QStringLiteral(", ")))};
        if (listed.contains(name) && spec.mode == SelectMode::Keep)
            return Error{QStringLiteral("select: column '%1' is listed twice").arg(name)};
        listed.insert(name);
    }
    QStringList kept;
    if (spec.mode == SelectMode::Keep) {
        kept = spec.columns;
    } else {
        for (const QString &name : table.columnNames()) {
            if (!listed.contains(name))
                kept << name;
        }
    }
    QStringList names = kept;
    for (const auto &[from, to] : spec.renames) {
        const auto at = kept.indexOf(from);
        if (at < 0)
            return Error{QStringLiteral("select: cannot rename '%1': it is not among the columns "
                                        "kept")
                             .arg(from)};
        if (to.trimmed().isEmpty())
            return Error{QStringLiteral("select: the new name of '%1' is empty").arg(from)};
        names[at] = to;
    }
    QSet<QString> unique;
    for (const QString &name : names) {
        if (unique.contains(name))
            return Error{QStringLiteral("select: two columns would be named '%1'").arg(name)};
        unique.insert(name);
    }
    return std::make_shared<const FittedSelectColumns>(kept, names);
}

Result<Table> FittedSelectColumns::apply(const Table &in, JobContext &) const
{
    std::vector<int> indices;
    for (const QString &name : m_columns) {
        const int i = in.indexOf(name);
        if (i < 0)
            return Error{QStringLiteral("select: no column '%1'").arg(name)};
        indices.push_back(i);
    }
    Table t = in.select(indices);
    for (int i = 0; i < t.columnCount(); ++i) {
        if (t.columnName(i) != m_names[i])
            t = t.renamed(i, m_names[i]);
    }
    return t;
}

QJsonObject FittedSelectColumns::toJson() const
{
    return QJsonObject{{QStringLiteral("kind"), kind()},
                       {QStringLiteral("columns"), stringsToJson(m_columns)},
                       {QStringLiteral("names"), stringsToJson(m_names)}};
}

Result<FittedStepPtr> FittedSelectColumns::fromJson(const QJsonObject &json)
{
    const QStringList columns = stringsFromJson(json.value(QStringLiteral("columns")));
    const QStringList names = stringsFromJson(json.value(QStringLiteral("names")));
    if (columns.size() != names.size() || !json.value(QStringLiteral("columns")).isArray())
        return Error{QStringLiteral("select: 'columns' and 'names' must be arrays of one size")};
    return FittedStepPtr(std::make_shared<const FittedSelectColumns>(columns, names));
}

Result<Refitted> FittedSelectColumns::refit(const Table &in, JobContext &ctx) const
{
    // Nothing is learned: the same columns under the same names.
    return refitWith(in, ctx, [&](const Table &, JobContext &) {
        return Result<FittedStepPtr>(
            std::make_shared<const FittedSelectColumns>(m_columns, m_names));
    });
}

QString FittedSelectColumns::summary() const
{
    QStringList parts;
    for (qsizetype i = 0; i < m_columns.size(); ++i)
        parts << (m_columns[i] == m_names[i] ? m_columns[i]
                                             : m_columns[i] + QStringLiteral(" as ") + m_names[i]);
    return QStringLiteral("keep %1").arg(parts.join(QStringLiteral(", ")));
}

FittedSetRole::FittedSetRole(SetRoleSpec spec)
    : m_spec(std::move(spec))
{}

Result<std::shared_ptr<const FittedSetRole>> fitSetRole(const Table &table, const SetRoleSpec &spec,
                                                        JobContext &)
{
    if (spec.columns.isEmpty())
        return Error{QStringLiteral("set_role: choose the columns")};
    for (const QString &name : spec.columns) {
        if (table.indexOf(name) < 0)
            return Error{QStringLiteral("set_role: no column '%1'").arg(name)};
    }
    return std::make_shared<const FittedSetRole>(spec);
}

Result<Table> FittedSetRole::apply(const Table &in, JobContext &) const
{
    Table t = in;
    for (const QString &name : m_spec.columns) {
        const int i = t.indexOf(name);
        if (i < 0)
            return Error{QStringLiteral("set_role: no column '%1'").arg(name)};
        t = t.withRole(i, m_spec.role);
    }
    return t;
}

QJsonObject FittedSetRole::toJson() const
{
    return QJsonObject{{QStringLiteral("kind"), kind()},
                       {QStringLiteral("columns"), stringsToJson(m_spec.columns)},
                       {QStringLiteral("role"), roleName(m_spec.role)}};
}

Result<FittedStepPtr> FittedSetRole::fromJson(const QJsonObject &json)
{
    SetRoleSpec spec;
    spec.columns = stringsFromJson(json.value(QStringLiteral("columns")));
    const auto role = roleFromName(json.value(QStringLiteral("role")).toString());
    if (!role)
        return Error{QStringLiteral("set_role: 'role' must be feature, target, identifier or "
                                    "ignored")};
    spec.role = *role;
    return FittedStepPtr(std::make_shared<const FittedSetRole>(spec));
}

QString FittedSetRole::summary() const
{
    return QStringLiteral("mark %1 as %2")
        .arg(m_spec.columns.join(QStringLiteral(", ")), roleName(m_spec.role));
}

Result<Refitted> FittedSetRole::refit(const Table &in, JobContext &ctx) const
{
    return refitWith(in, ctx,
                     [&](const Table &t, JobContext &c) { return fitSetRole(t, m_spec, c); });
}

} // namespace flowline::core::prep
