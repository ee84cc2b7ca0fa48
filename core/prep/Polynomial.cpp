#include "Polynomial.h"

#include "StepSupport.h"
#include "jobs/JobContext.h"
#include "jobs/Parallel.h"
#include "table/NumericColumn.h"

namespace flowline::core::prep {

FittedPolynomial::FittedPolynomial(PolynomialSpec spec, QStringList columns)
    : m_spec(std::move(spec))
    , m_columns(std::move(columns))
{}

std::vector<FittedPolynomial::Term> FittedPolynomial::terms() const
{
    std::vector<Term> out;
    const auto n = static_cast<int>(m_columns.size());
    for (int a = 0; a < n; ++a) {
        for (int b = m_spec.interactionOnly ? a + 1 : a; b < n; ++b)
            out.push_back({a, b});
    }
    return out;
}

QStringList FittedPolynomial::outputNames() const
{
    QStringList names;
    for (const Term &t : terms())
        names << (t.a == t.b ? m_columns[t.a] + QStringLiteral("^2")
                             : m_columns[t.a] + QLatin1Char(' ') + m_columns[t.b]);
    return names;
}

Result<std::shared_ptr<const FittedPolynomial>>
fitPolynomial(const Table &table, const PolynomialSpec &spec, JobContext &)
{
    auto cols =
        resolveColumns(table, spec.columns, {ColumnKind::Numeric}, QStringLiteral("polynomial"));
    if (!cols)
        return cols.error();
    QStringList names;
    for (int i : *cols) {
        if (names.contains(table.columnName(i)))
            return Error{
                QStringLiteral("polynomial: column '%1' is listed twice").arg(table.columnName(i))};
        names << table.columnName(i);
    }
    auto fitted = std::make_shared<const FittedPolynomial>(spec, names);
    for (const QString &name : fitted->outputNames()) {
        if (table.indexOf(name) >= 0)
            return Error{
                QStringLiteral("polynomial: the new column '%1' is already a column").arg(name)};
    }
    return fitted;
}

Result<Table> FittedPolynomial::apply(const Table &in, JobContext &ctx) const
{
    auto cols = requireColumns(in, m_columns, {ColumnKind::Numeric}, kind());
    if (!cols)
        return cols.error();
    const auto all = terms();
    const QStringList names = outputNames();
    for (const QString &name : names) {
        if (in.indexOf(name) >= 0)
            return Error{
                QStringLiteral("polynomial: the new column '%1' is already a column").arg(name)};
    }
    std::vector<ColumnPtr> out(all.size());
    parallelFor(ctx, static_cast<std::int64_t>(all.size()), [&](std::int64_t c) {
        const Term &t = all[static_cast<std::size_t>(c)];
        const auto &x = in.numeric((*cols)[static_cast<std::size_t>(t.a)])->values();
        const auto &z = in.numeric((*cols)[static_cast<std::size_t>(t.b)])->values();
        std::vector<double> y(x.size());
        for (std::size_t i = 0; i < x.size(); ++i)
            y[i] = x[i] * z[i];
        out[static_cast<std::size_t>(c)] = std::make_shared<NumericColumn>(std::move(y));
    });
    if (ctx.isCanceled())
        return Error{QStringLiteral("canceled")};
    Table t = in;
    for (std::size_t k = 0; k < out.size(); ++k)
        t = t.withColumn(names[static_cast<qsizetype>(k)], out[k]);
    return t;
}

QJsonObject FittedPolynomial::toJson() const
{
    return QJsonObject{{QStringLiteral("kind"), kind()},
                       {QStringLiteral("interaction_only"), m_spec.interactionOnly},
                       {QStringLiteral("columns"), stringsToJson(m_columns)},
                       {QStringLiteral("names"), stringsToJson(outputNames())}}; // for people
}

Result<FittedStepPtr> FittedPolynomial::fromJson(const QJsonObject &json)
{
    if (!json.value(QStringLiteral("columns")).isArray())
        return Error{QStringLiteral("polynomial: 'columns' must be an array of names")};
    PolynomialSpec spec;
    spec.interactionOnly = json.value(QStringLiteral("interaction_only")).toBool(false);
    return FittedStepPtr(std::make_shared<const FittedPolynomial>(
        spec, stringsFromJson(json.value(QStringLiteral("columns")))));
}

QString FittedPolynomial::summary() const
{
    return QStringLiteral("degree-2 %1 of %2 (%3 new columns)")
        .arg(m_spec.interactionOnly ? QStringLiteral("interactions")
                                    : QStringLiteral("polynomial features"),
             m_columns.join(QStringLiteral(", ")))
        .arg(terms().size());
}

Result<Refitted> FittedPolynomial::refit(const Table &in, JobContext &ctx) const
{
    return refitWith(in, ctx,
                     [&](const Table &t, JobContext &c) { return fitPolynomial(t, m_spec, c); });
}

} // namespace flowline::core::prep
