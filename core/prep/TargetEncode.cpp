#include "TargetEncode.h"

#include "Categories.h"
#include "StepSupport.h"
#include "jobs/JobContext.h"
#include "jobs/Parallel.h"
#include "table/NumericColumn.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace flowline::core::prep {

namespace {

const QString kStep = QStringLiteral("target_encode");
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double smoothed(double sum, double count, double prior, double m)
{
    return count + m > 0 ? (sum + m * prior) / (count + m) : prior;
}

// The target as numbers (NaN: missing).
Result<std::vector<double>> targetValues(const Table &table, int index, const QString &positive)
{
    const Column &col = *table.column(index);
    const QString name = table.columnName(index);
    if (const auto *n = table.numeric(index))
        return n->values();
    if (col.kind() != ColumnKind::Categorical && col.kind() != ColumnKind::Boolean)
        return Error{QStringLiteral("target_encode: the target '%1' must be numeric, boolean or "
                                    "categorical with two categories; it is %2")
                         .arg(name, kindName(col.kind()))};
    const CategoryView view(col);
    const auto seen = seenCategories(view);
    std::string pos;
    if (col.kind() == ColumnKind::Boolean) {
        pos = "true";
    } else {
        if (seen.size() != 2)
            return Error{QStringLiteral("target_encode: the target '%1' must have two categories "
                                        "to be used as 0/1; it has %2")
                             .arg(name)
                             .arg(seen.size())};
        pos = positive.isEmpty() ? seen[1].first : positive.toStdString();
        if (pos != seen[0].first && pos != seen[1].first)
            return Error{QStringLiteral("target_encode: the positive class '%1' is not a category "
                                        "of the target '%2'")
                             .arg(positive, name)};
    }
    std::vector<double> y(static_cast<std::size_t>(view.size()), kNaN);
    for (std::int64_t r = 0; r < view.size(); ++r) {
        const auto code = view.code(r);
        if (code >= 0)
            y[static_cast<std::size_t>(r)] =
                view.dictionary()[static_cast<std::size_t>(code)] == pos;
    }
    return y;
}

} // namespace

std::vector<int> foldAssignment(std::int64_t rows, int folds, std::uint64_t seed)
{
    std::uint64_t state = seed;
    const auto next = [&state] {
        state += 0x9E3779B97F4A7C15ULL;
        std::uint64_t z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    };
    std::vector<std::int64_t> perm(static_cast<std::size_t>(rows));
    std::iota(perm.begin(), perm.end(), std::int64_t(0));
    for (std::int64_t i = rows - 1; i >= 1; --i) {
        const auto j = static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(i + 1));
        std::swap(perm[static_cast<std::size_t>(i)], perm[static_cast<std::size_t>(j)]);
    }
    std::vector<int> fold(static_cast<std::size_t>(rows));
    for (std::size_t p = 0; p < perm.size(); ++p)
        fold[static_cast<std::size_t>(perm[p])] =
            static_cast<int>(p % static_cast<std::size_t>(folds));
    return fold;
}

FittedTargetEncode::FittedTargetEncode(TargetEncodeSpec spec, double prior,
                                       std::vector<Encoded> columns, std::int64_t rows)
    : m_spec(std::move(spec))
    , m_prior(prior)
    , m_columns(std::move(columns))
    , m_rows(rows)
{}

Result<TargetEncodeFit> fitTargetEncode(const Table &table, const TargetEncodeSpec &spec,
                                        JobContext &ctx)
{
    if (spec.folds < 2)
        return Error{
            QStringLiteral("target_encode: needs at least 2 folds, not %1").arg(spec.folds)};
    if (!(spec.smoothing >= 0) || !std::isfinite(spec.smoothing))
        return Error{QStringLiteral("target_encode: the smoothing must be 0 or more, not %1")
                         .arg(spec.smoothing)};
    int targetIndex = -1;
    if (spec.target.isEmpty()) {
        const auto targets = table.columnsWithRole(ColumnRole::Target);
        if (targets.size() != 1)
            return Error{QStringLiteral("target_encode: choose the target column (the table has "
                                        "%1 columns with the target role)")
                             .arg(targets.size())};
        targetIndex = targets.front();
    } else {
        targetIndex = table.indexOf(spec.target);
        if (targetIndex < 0)
            return Error{QStringLiteral("target_encode: no target column '%1'").arg(spec.target)};
    }
    auto y = targetValues(table, targetIndex, spec.positive);
    if (!y)
        return y.error();
    auto cols =
        resolveColumns(table, spec.columns, {ColumnKind::Categorical, ColumnKind::Boolean}, kStep);
    if (!cols)
        return cols.error();
    std::erase(*cols, spec.columns.isEmpty() ? targetIndex : -1);
    for (int i : *cols) {
        if (i == targetIndex)
            return Error{QStringLiteral("target_encode: '%1' is the target; it cannot encode "
                                        "itself")
                             .arg(table.columnName(i))};
    }
    const std::int64_t n = table.rowCount();
    const int k = spec.folds;
    const auto fold = foldAssignment(n, k, spec.seed);
    // Target sum and count, per fold and in all.
    std::vector<double> foldSum(static_cast<std::size_t>(k), 0.0), foldCount(foldSum);
    double sum = 0, count = 0;
    for (std::int64_t r = 0; r < n; ++r) {
        const double v = (*y)[static_cast<std::size_t>(r)];
        if (std::isnan(v))
            continue;
        foldSum[static_cast<std::size_t>(fold[static_cast<std::size_t>(r)])] += v;
        foldCount[static_cast<std::size_t>(fold[static_cast<std::size_t>(r)])] += 1;
        sum += v;
        count += 1;
    }
    if (count == 0)
        return Error{QStringLiteral("target_encode: the target '%1' has no values")
                         .arg(table.columnName(targetIndex))};
    const double prior = sum / count;
    std::vector<double> foldPrior(static_cast<std::size_t>(k), prior);
    for (std::size_t f = 0; f < foldPrior.size(); ++f) {
        const double c = count - foldCount[f];
        foldPrior[f] = c > 0 ? (sum - foldSum[f]) / c : prior;
    }
    const double m = spec.smoothing;
    std::vector<FittedTargetEncode::Encoded> encoded(cols->size());
    std::vector<std::pair<int, NewColumns>> oof(cols->size());
    parallelFor(ctx, static_cast<std::int64_t>(cols->size()), [&](std::int64_t c) {
        const auto kc = static_cast<std::size_t>(c);
        const int index = (*cols)[kc];
        const CategoryView view(*table.column(index));
        const std::size_t d = view.dictionary().size();
        // [fold * d + code]: sums and counts per fold and category.
        std::vector<double> s(static_cast<std::size_t>(k) * d, 0.0), cnt(s);
        std::vector<double> totalS(d, 0.0), totalC(d, 0.0);
        for (std::int64_t r = 0; r < n; ++r) {
            const auto code = view.code(r);
            const double v = (*y)[static_cast<std::size_t>(r)];
            if (code < 0 || std::isnan(v))
                continue;
            const auto at = static_cast<std::size_t>(fold[static_cast<std::size_t>(r)]) * d +
                            static_cast<std::size_t>(code);
            s[at] += v;
            cnt[at] += 1;
            totalS[static_cast<std::size_t>(code)] += v;
            totalC[static_cast<std::size_t>(code)] += 1;
        }
        std::vector<double> out(static_cast<std::size_t>(n));
        for (std::int64_t r = 0; r < n; ++r) {
            const auto code = view.code(r);
            const auto f = static_cast<std::size_t>(fold[static_cast<std::size_t>(r)]);
            if (code < 0) {
                out[static_cast<std::size_t>(r)] = foldPrior[f];
                continue;
            }
            const auto cd = static_cast<std::size_t>(code);
            out[static_cast<std::size_t>(r)] =
                smoothed(totalS[cd] - s[f * d + cd], totalC[cd] - cnt[f * d + cd], foldPrior[f], m);
        }
        oof[kc] = {index, NewColumns{{table.columnName(index),
                                      std::make_shared<NumericColumn>(std::move(out))}}};
        auto &e = encoded[kc];
        e.column = table.columnName(index);
        const auto rows = countCodes(view);
        std::vector<std::size_t> codes;
        for (std::size_t cd = 0; cd < d; ++cd) {
            if (rows[cd] > 0)
                codes.push_back(cd);
        }
        std::sort(codes.begin(), codes.end(), [&](std::size_t a, std::size_t b) {
            return view.dictionary()[a] < view.dictionary()[b];
        });
        for (std::size_t cd : codes) {
            e.categories.push_back(view.dictionary()[cd]);
            e.encodings.push_back(smoothed(totalS[cd], totalC[cd], prior, m));
        }
    });
    if (ctx.isCanceled())
        return Error{QStringLiteral("canceled")};
    auto trained = replaceColumns(table, oof, kStep);
    if (!trained)
        return trained.error();
    TargetEncodeSpec kept = spec;
    kept.target = table.columnName(targetIndex);
    return TargetEncodeFit{
        std::make_shared<const FittedTargetEncode>(kept, prior, std::move(encoded), n),
        std::move(*trained), fold};
}

Result<Refitted> FittedTargetEncode::refit(const Table &in, JobContext &ctx) const
{
    // The fitting rows are encoded out of fold, as when the step was first fitted.
    auto fit = fitTargetEncode(in, m_spec, ctx);
    if (!fit)
        return fit.error();
    return Refitted{fit->step, std::move(fit->encoded)};
}

Result<Table> FittedTargetEncode::apply(const Table &in, JobContext &ctx) const
{
    QStringList wanted;
    for (const auto &e : m_columns)
        wanted << e.column;
    auto cols = requireColumns(in, wanted, {ColumnKind::Categorical, ColumnKind::Boolean}, kind());
    if (!cols)
        return cols.error();
    std::vector<ColumnPtr> out(m_columns.size());
    parallelFor(ctx, static_cast<std::int64_t>(m_columns.size()), [&](std::int64_t c) {
        const auto k = static_cast<std::size_t>(c);
        const CategoryView view(*in.column((*cols)[k]));
        const auto target = mapDictionary(view.dictionary(), m_columns[k].categories);
        std::vector<double> y(static_cast<std::size_t>(view.size()), m_prior);
        for (std::int64_t r = 0; r < view.size(); ++r) {
            const auto code = view.code(r);
            if (code >= 0 && target[static_cast<std::size_t>(code)] >= 0)
                y[static_cast<std::size_t>(r)] = m_columns[k].encodings[static_cast<std::size_t>(
                    target[static_cast<std::size_t>(code)])];
        }
        out[k] = std::make_shared<NumericColumn>(std::move(y));
    });
    if (ctx.isCanceled())
        return Error{QStringLiteral("canceled")};
    Table t = in;
    for (std::size_t k = 0; k < out.size(); ++k)
        t = t.withColumn(m_columns[k].column, out[k]);
    return t;
}

QJsonObject FittedTargetEncode::toJson() const
{
    QJsonArray columns;
    for (const auto &e : m_columns)
        columns.append(QJsonObject{{QStringLiteral("name"), e.column},
                                   {QStringLiteral("categories"), categoriesToJson(e.categories)},
                                   {QStringLiteral("encodings"), numbersToJson(e.encodings)}});
    return QJsonObject{{QStringLiteral("kind"), kind()},
                       {QStringLiteral("target"), m_spec.target},
                       {QStringLiteral("smoothing"), m_spec.smoothing},
                       {QStringLiteral("folds"), m_spec.folds},
                       {QStringLiteral("seed"), QString::number(m_spec.seed)},
                       {QStringLiteral("positive"), m_spec.positive},
                       {QStringLiteral("prior"), m_prior},
                       {QStringLiteral("columns"), columns},
                       {QStringLiteral("rows"), static_cast<qint64>(m_rows)}};
}

Result<FittedStepPtr> FittedTargetEncode::fromJson(const QJsonObject &json)
{
    TargetEncodeSpec spec;
    spec.target = json.value(QStringLiteral("target")).toString();
    spec.smoothing = json.value(QStringLiteral("smoothing")).toDouble();
    spec.folds = json.value(QStringLiteral("folds")).toInt();
    spec.seed = json.value(QStringLiteral("seed")).toString().toULongLong();
    spec.positive = json.value(QStringLiteral("positive")).toString();
    if (!json.value(QStringLiteral("prior")).isDouble())
        return Error{QStringLiteral("target_encode: 'prior' must be a number")};
    if (!json.value(QStringLiteral("columns")).isArray())
        return Error{QStringLiteral("target_encode: 'columns' must be an array")};
    std::vector<Encoded> columns;
    for (const QJsonValue &v : json.value(QStringLiteral("columns")).toArray()) {
        const QJsonObject o = v.toObject();
        Encoded e;
        e.column = o.value(QStringLiteral("name")).toString();
        e.categories = categoriesFromJson(o.value(QStringLiteral("categories")));
        auto enc =
            numbersFromJson(o.value(QStringLiteral("encodings")), QStringLiteral("encodings"));
        if (!enc)
            return enc.error();
        e.encodings = std::move(*enc);
        if (e.column.isEmpty() || e.encodings.size() != e.categories.size())
            return Error{QStringLiteral("target_encode: each column needs a 'name' and one "
                                        "encoding per category")};
        columns.push_back(std::move(e));
    }
    auto rows = countFromJson(json, QStringLiteral("rows"));
    if (!rows)
        return rows.error();
    return FittedStepPtr(std::make_shared<const FittedTargetEncode>(
        spec, json.value(QStringLiteral("prior")).toDouble(), std::move(columns), *rows));
}

QString FittedTargetEncode::summary() const
{
    QStringList names;
    for (const auto &e : m_columns)
        names << e.column;
    return QStringLiteral("target-encode %1 with the mean of '%2' (m = %3; learned on %4 rows)")
        .arg(names.join(QStringLiteral(", ")), m_spec.target)
        .arg(m_spec.smoothing)
        .arg(m_rows);
}

} // namespace flowline::core::prep
