#include "Cast.h"

#include "StepSupport.h"
#include "io/csv/ValueParsers.h"
#include "jobs/JobContext.h"
#include "jobs/Parallel.h"
#include "table/BooleanColumn.h"
#include "table/CategoricalColumn.h"
#include "table/DatetimeColumn.h"
#include "table/NumericColumn.h"
#include "table/TextColumn.h"

#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <map>

namespace flowline::core::prep {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The value of a row as text (for categorical and text without a copy through QString).
std::string textOf(const Column &c, std::int64_t r)
{
    if (c.kind() == ColumnKind::Text)
        return std::string(static_cast<const TextColumn &>(c).value(r));
    if (c.kind() == ColumnKind::Categorical) {
        const auto &cat = static_cast<const CategoricalColumn &>(c);
        return std::string(cat.category(cat.code(r)));
    }
    return c.displayValue(r).toStdString();
}

bool toBoolean(const std::string &s, std::int8_t &out)
{
    if (csv::parseBoolean(s, out))
        return true;
    std::string lower = s;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    if (lower == "yes" || lower == "1") {
        out = 1;
        return true;
    }
    if (lower == "no" || lower == "0") {
        out = 0;
        return true;
    }
    return false;
}

bool toDatetime(const std::string &s, std::int64_t &out)
{
    for (csv::DateLayout layout : csv::dateLayoutCandidates(false)) {
        if (csv::parseDatetime(s, layout, out))
            return true;
    }
    return false;
}

} // namespace

Result<ColumnPtr> castColumn(const Column &col, const QString &name, ColumnKind to,
                             CastFailures failures)
{
    const ColumnKind from = col.kind();
    if (from == to)
        return Result<ColumnPtr>(ColumnPtr()); // nothing to do: the caller keeps the column
    if ((from == ColumnKind::Datetime && to == ColumnKind::Boolean) ||
        (from == ColumnKind::Boolean && to == ColumnKind::Datetime))
        return Error{QStringLiteral("cast: column '%1' is %2 and cannot become %3")
                         .arg(name, kindName(from), kindName(to))};
    const std::int64_t n = col.size();
    std::int64_t badRow = -1;
    const auto fail = [&](std::int64_t r) {
        if (badRow < 0)
            badRow = r;
    };
    ColumnPtr out;
    switch (to) {
    case ColumnKind::Numeric: {
        std::vector<double> y(static_cast<std::size_t>(n), kNaN);
        for (std::int64_t r = 0; r < n; ++r) {
            if (col.isMissing(r))
                continue;
            double v = kNaN;
            if (from == ColumnKind::Boolean)
                v = static_cast<const BooleanColumn &>(col).value(r);
            else if (from == ColumnKind::Datetime)
                v = static_cast<double>(static_cast<const DatetimeColumn &>(col).value(r));
            else if (!csv::parseNumber(textOf(col, r), {}, v))
                fail(r);
            y[static_cast<std::size_t>(r)] = v;
        }
        out = std::make_shared<NumericColumn>(std::move(y));
        break;
    }
    case ColumnKind::Text: {
        TextColumnBuilder b;
        for (std::int64_t r = 0; r < n; ++r) {
            if (col.isMissing(r))
                b.appendMissing();
            else
                b.append(textOf(col, r));
        }
        out = b.finish();
        break;
    }
    case ColumnKind::Categorical: {
        std::map<std::string, std::int32_t> index;
        for (std::int64_t r = 0; r < n; ++r) {
            if (!col.isMissing(r))
                index.emplace(textOf(col, r), 0);
        }
        auto dict = std::make_shared<CategoricalColumn::Dictionary>();
        for (auto &[text, code] : index) {
            code = static_cast<std::int32_t>(dict->size());
            dict->push_back(text);
        }
        std::vector<std::int32_t> codes(static_cast<std::size_t>(n), CategoricalColumn::kMissing);
        for (std::int64_t r = 0; r < n; ++r) {
            if (!col.isMissing(r))
                codes[static_cast<std::size_t>(r)] = index.at(textOf(col, r));
        }
        out = std::make_shared<CategoricalColumn>(std::move(codes), std::move(dict));
        break;
    }
    case ColumnKind::Boolean: {
        std::vector<std::int8_t> y(static_cast<std::size_t>(n), BooleanColumn::kMissing);
        for (std::int64_t r = 0; r < n; ++r) {
            if (col.isMissing(r))
                continue;
            std::int8_t v = BooleanColumn::kMissing;
            if (const auto *num = dynamic_cast<const NumericColumn *>(&col)) {
                const double x = num->value(r);
                if (x == 0 || x == 1)
                    v = static_cast<std::int8_t>(x);
                else
                    fail(r);
            } else if (!toBoolean(textOf(col, r), v)) {
                fail(r);
                v = BooleanColumn::kMissing;
            }
            y[static_cast<std::size_t>(r)] = v;
        }
        out = std::make_shared<BooleanColumn>(std::move(y));
        break;
    }
    case ColumnKind::Datetime: {
        std::vector<std::int64_t> y(static_cast<std::size_t>(n), DatetimeColumn::kMissing);
        for (std::int64_t r = 0; r < n; ++r) {
            if (col.isMissing(r))
                continue;
            std::int64_t v = DatetimeColumn::kMissing;
            if (const auto *num = dynamic_cast<const NumericColumn *>(&col)) {
                const double x = std::round(num->value(r));
                if (std::isfinite(x) && std::abs(x) < 9.2e18)
                    v = static_cast<std::int64_t>(x);
                else
                    fail(r);
            } else if (!toDatetime(textOf(col, r), v)) {
                fail(r);
                v = DatetimeColumn::kMissing;
            }
            y[static_cast<std::size_t>(r)] = v;
        }
        out = std::make_shared<DatetimeColumn>(std::move(y));
        break;
    }
    }
    if (badRow >= 0 && failures == CastFailures::Error)
        return Error{QStringLiteral("cast: column '%1' row %2: '%3' does not convert to %4")
                         .arg(name)
                         .arg(badRow + 1)
                         .arg(col.displayValue(badRow), kindName(to))};
    return out;
}

FittedCast::FittedCast(CastSpec spec)
    : m_spec(std::move(spec))
{}

Result<std::shared_ptr<const FittedCast>> fitCast(const Table &table, const CastSpec &spec,
                                                  JobContext &ctx)
{
    if (spec.columns.isEmpty())
        return Error{QStringLiteral("cast: choose the columns")};
    auto fitted = std::make_shared<const FittedCast>(spec);
    auto checked = fitted->apply(table, ctx);
    if (!checked)
        return checked.error();
    return fitted;
}

Result<Table> FittedCast::apply(const Table &in, JobContext &ctx) const
{
    auto cols = requireColumns(in, m_spec.columns,
                               {ColumnKind::Numeric, ColumnKind::Categorical, ColumnKind::Text,
                                ColumnKind::Datetime, ColumnKind::Boolean},
                               kind());
    if (!cols)
        return cols.error();
    std::vector<Result<ColumnPtr>> out(cols->size(), Result<ColumnPtr>(ColumnPtr()));
    parallelFor(ctx, static_cast<std::int64_t>(cols->size()), [&](std::int64_t c) {
        const auto k = static_cast<std::size_t>(c);
        out[k] = castColumn(*in.column((*cols)[k]), m_spec.columns[static_cast<qsizetype>(k)],
                            m_spec.to, m_spec.failures);
    });
    if (ctx.isCanceled())
        return Error{QStringLiteral("canceled")};
    Table t = in;
    for (std::size_t k = 0; k < out.size(); ++k) {
        if (!out[k])
            return out[k].error();
        if (*out[k])
            t = t.withColumn(m_spec.columns[static_cast<qsizetype>(k)], *out[k]);
    }
    return t;
}

QJsonObject FittedCast::toJson() const
{
    return QJsonObject{{QStringLiteral("kind"), kind()},
                       {QStringLiteral("columns"), stringsToJson(m_spec.columns)},
                       {QStringLiteral("to"), kindName(m_spec.to)},
                       {QStringLiteral("failures"), m_spec.failures == CastFailures::Missing
                                                        ? QStringLiteral("missing")
                                                        : QStringLiteral("error")}};
}

Result<FittedStepPtr> FittedCast::fromJson(const QJsonObject &json)
{
    CastSpec spec;
    spec.columns = stringsFromJson(json.value(QStringLiteral("columns")));
    const auto to = kindFromName(json.value(QStringLiteral("to")).toString());
    if (!to)
        return Error{QStringLiteral("cast: 'to' must be a column kind")};
    spec.to = *to;
    const QString failures = json.value(QStringLiteral("failures")).toString();
    if (failures != QStringLiteral("missing") && failures != QStringLiteral("error"))
        return Error{QStringLiteral("cast: 'failures' must be error or missing")};
    spec.failures =
        failures == QStringLiteral("missing") ? CastFailures::Missing : CastFailures::Error;
    return FittedStepPtr(std::make_shared<const FittedCast>(spec));
}

QString FittedCast::summary() const
{
    return QStringLiteral("cast %1 to %2")
        .arg(m_spec.columns.join(QStringLiteral(", ")), kindName(m_spec.to));
}

Result<Refitted> FittedCast::refit(const Table &in, JobContext &ctx) const
{
    return refitWith(in, ctx, [&](const Table &t, JobContext &c) { return fitCast(t, m_spec, c); });
}

} // namespace flowline::core::prep
