#include "Recipe.h"

#include "jobs/JobContext.h"

#include <QJsonArray>

namespace flowline::core::prep {

std::shared_ptr<const Recipe> Recipe::of(const Table &table)
{
    if (table.recipe())
        return table.recipe();
    std::vector<SourceColumn> source;
    for (int i = 0; i < table.columnCount(); ++i)
        source.push_back({table.columnName(i), table.kind(i)});
    return std::make_shared<const Recipe>(std::move(source));
}

std::shared_ptr<const Recipe> Recipe::then(FittedStepPtr step) const
{
    auto next = std::make_shared<Recipe>(*this);
    next->m_steps.push_back(std::move(step));
    return next;
}

std::optional<Error> Recipe::checkSource(const Table &raw) const
{
    for (const auto &col : m_source) {
        const int i = raw.indexOf(col.name);
        if (i < 0)
            return Error{QStringLiteral("column '%1' is missing (the recipe was fitted on a table "
                                        "that had it)")
                             .arg(col.name)};
        if (raw.kind(i) != col.kind)
            return Error{QStringLiteral("column '%1' is %2, but the recipe was fitted on %3")
                             .arg(col.name, kindName(raw.kind(i)), kindName(col.kind))};
    }
    return std::nullopt;
}

Result<Table> Recipe::apply(const Table &raw, JobContext &ctx) const
{
    if (auto bad = checkSource(raw))
        return *bad;
    Table t = raw;
    for (std::size_t s = 0; s < m_steps.size(); ++s) {
        if (ctx.isCanceled())
            return Error{QStringLiteral("canceled")};
        auto next = m_steps[s]->apply(t, ctx);
        if (!next)
            return Error{QStringLiteral("step %1 (%2): %3")
                             .arg(s + 1)
                             .arg(m_steps[s]->kind(), next.error().message)};
        t = std::move(*next);
    }
    Table out = t.withRecipe(std::make_shared<const Recipe>(*this));
    return out.rowCount() == raw.rowCount() && !m_steps.empty() ? out.withOriginOf(raw) : out;
}

Result<Table> Recipe::refit(const Table &raw, JobContext &ctx) const
{
    if (auto bad = checkSource(raw))
        return *bad;
    Table t = raw.withRecipe(nullptr).withoutOrigin();
    for (std::size_t s = 0; s < m_steps.size(); ++s) {
        if (ctx.isCanceled())
            return Error{QStringLiteral("canceled")};
        auto next = m_steps[s]->refit(t, ctx);
        if (!next)
            return Error{QStringLiteral("step %1 (%2): %3")
                             .arg(s + 1)
                             .arg(m_steps[s]->kind(), next.error().message)};
        t = recordStep(next->out, t, next->step);
    }
    return t;
}

QJsonObject Recipe::toJson() const
{
    QJsonArray source, steps;
    for (const auto &c : m_source)
        source.append(QJsonObject{{QStringLiteral("name"), c.name},
                                  {QStringLiteral("kind"), kindName(c.kind)}});
    for (const auto &s : m_steps)
        steps.append(s->toJson());
    return QJsonObject{{QStringLiteral("source"), source}, {QStringLiteral("steps"), steps}};
}

Result<Recipe> Recipe::fromJson(const QJsonObject &json)
{
    Recipe r;
    const QJsonArray source = json.value(QStringLiteral("source")).toArray();
    for (qsizetype i = 0; i < source.size(); ++i) {
        const QJsonObject c = source[i].toObject();
        const auto kind = kindFromName(c.value(QStringLiteral("kind")).toString());
        const QString name = c.value(QStringLiteral("name")).toString();
        if (!kind || name.isEmpty())
            return Error{
                QStringLiteral("recipe source column %1: needs a name and a kind").arg(i + 1)};
        r.m_source.push_back({name, *kind});
    }
    const QJsonArray steps = json.value(QStringLiteral("steps")).toArray();
    for (qsizetype i = 0; i < steps.size(); ++i) {
        if (!steps[i].isObject())
            return Error{QStringLiteral("recipe step %1: not an object").arg(i + 1)};
        auto step = fittedStepFromJson(steps[i].toObject());
        if (!step)
            return Error{QStringLiteral("recipe step %1: %2").arg(i + 1).arg(step.error().message)};
        r.m_steps.push_back(*step);
    }
    return r;
}

QStringList Recipe::summary() const
{
    QStringList lines;
    for (const auto &s : m_steps)
        lines << s->summary();
    return lines;
}

Result<Table> applyAndRecord(const FittedStepPtr &step, const Table &in, JobContext &ctx)
{
    auto out = step->apply(in, ctx);
    if (!out)
        return out.error();
    return recordStep(*out, in, step);
}

Table recordStep(const Table &out, const Table &in, const FittedStepPtr &step)
{
    Table recorded = out.withRecipe(Recipe::of(in)->then(step));
    // A step that keeps the rows keeps track of where they came from (row steps are not in
    // recipes, so a step that changed the row count loses it).
    return out.rowCount() == in.rowCount() ? recorded.withOriginOf(in) : recorded.withoutOrigin();
}

} // namespace flowline::core::prep
