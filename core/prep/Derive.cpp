#include "Derive.h"

#include "StepSupport.h"

#include "expr/Expression.h"

#include <QJsonObject>

namespace flowline::core::prep {

namespace {

Result<Expression> compileFor(const DeriveSpec &spec, const Table &table)
{
    auto e = Expression::compile(spec.formula, table);
    if (!e) {
        Error err = e.error();
        err.message = QStringLiteral("derive '%1': formula line %2, column %3: %4")
                          .arg(spec.name)
                          .arg(err.line)
                          .arg(err.column)
                          .arg(err.message);
        return err;
    }
    return e;
}

} // namespace

FittedDerive::FittedDerive(DeriveSpec spec)
    : m_spec(std::move(spec))
{}

Result<std::shared_ptr<const FittedDerive>> fitDerive(const Table &table, const DeriveSpec &spec,
                                                      JobContext &)
{
    if (spec.name.trimmed().isEmpty())
        return Error{QStringLiteral("derive: the new column needs a name")};
    auto e = compileFor(spec, table);
    if (!e)
        return e.error();
    return std::make_shared<const FittedDerive>(spec);
}

Result<Table> FittedDerive::apply(const Table &in, JobContext &ctx) const
{
    auto e = compileFor(m_spec, in);
    if (!e)
        return e.error();
    auto col = e->evaluate(in, ctx);
    if (!col)
        return Error{QStringLiteral("derive '%1': %2").arg(m_spec.name, col.error().message)};
    return in.withColumn(m_spec.name, *col);
}

QJsonObject FittedDerive::toJson() const
{
    return QJsonObject{{QStringLiteral("kind"), kind()},
                       {QStringLiteral("name"), m_spec.name},
                       {QStringLiteral("formula"), m_spec.formula}};
}

Result<FittedStepPtr> FittedDerive::fromJson(const QJsonObject &json)
{
    DeriveSpec spec{json.value(QStringLiteral("name")).toString(),
                    json.value(QStringLiteral("formula")).toString()};
    if (spec.name.isEmpty() || spec.formula.isEmpty())
        return Error{QStringLiteral("derive: 'name' and 'formula' are needed")};
    return FittedStepPtr(std::make_shared<const FittedDerive>(spec));
}

QString FittedDerive::summary() const
{
    return QStringLiteral("%1 = %2").arg(m_spec.name, m_spec.formula);
}

Result<Refitted> FittedDerive::refit(const Table &in, JobContext &ctx) const
{
    return refitWith(in, ctx,
                     [&](const Table &t, JobContext &c) { return fitDerive(t, m_spec, c); });
}

} // namespace flowline::core::prep
