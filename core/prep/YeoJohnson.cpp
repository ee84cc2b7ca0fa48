#include "YeoJohnson.h"

#include "Quantiles.h"
#include "StepSupport.h"
#include "jobs/JobContext.h"
#include "jobs/Parallel.h"
#include "table/NumericColumn.h"

#include <cmath>
#include <limits>
#include <utility>

namespace flowline::core::prep {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// Population mean and variance, two passes.
std::pair<double, double> meanAndVariance(const std::vector<double> &v)
{
    double sum = 0;
    for (double x : v)
        sum += x;
    const double mean = sum / static_cast<double>(v.size());
    double ss = 0;
    for (double x : v)
        ss += (x - mean) * (x - mean);
    return {mean, ss / static_cast<double>(v.size())};
}

// Minus the Yeo-Johnson log-likelihood of `x` at `lambda`; `signedLogSum` is
// sum(sign(x) * log(1 + |x|)).
double negLogLikelihood(const std::vector<double> &x, double signedLogSum, double lambda,
                        std::vector<double> &scratch)
{
    scratch.resize(x.size());
    for (std::size_t i = 0; i < x.size(); ++i)
        scratch[i] = yeoJohnson(x[i], lambda);
    const double var = meanAndVariance(scratch).second;
    if (!(var >= std::numeric_limits<double>::min()) || !std::isfinite(var))
        return kInf;
    const double n = static_cast<double>(x.size());
    return n / 2.0 * std::log(var) - (lambda - 1.0) * signedLogSum;
}

// The lambda minimising f: a downhill bracket grown from (-2, 2) by the golden ratio, then
// Brent's method (golden sections with parabolic steps) inside it.
template <typename F>
double minimise(F f)
{
    constexpr double golden = 1.618033988749895;
    double a = -2.0, b = 2.0, fa = f(a), fb = f(b);
    if (fb > fa) {
        std::swap(a, b);
        std::swap(fa, fb);
    }
    double c = b + golden * (b - a), fc = f(c);
    for (int i = 0; i < 100 && fc < fb; ++i) {
        a = b;
        fa = fb;
        b = c;
        fb = fc;
        c = b + golden * (b - a);
        fc = f(c);
    }
    double lo = std::min(a, c), hi = std::max(a, c);
    double x = b, w = b, v = b, fx = fb, fw = fb, fv = fb;
    double step = 0, lastStep = 0;
    constexpr double cgold = 0.3819660112501051, tol = 1e-12, tiny = 1e-15;
    for (int iter = 0; iter < 500; ++iter) {
        const double mid = 0.5 * (lo + hi);
        const double tol1 = tol * std::abs(x) + tiny, tol2 = 2 * tol1;
        if (std::abs(x - mid) <= tol2 - 0.5 * (hi - lo))
            break;
        bool golden_step = true;
        if (std::abs(lastStep) > tol1) {
            // A parabola through x, w, v.
            const double r = (x - w) * (fx - fv);
            double q = (x - v) * (fx - fw);
            double p = (x - v) * q - (x - w) * r;
            q = 2 * (q - r);
            if (q > 0)
                p = -p;
            q = std::abs(q);
            if (std::abs(p) < std::abs(0.5 * q * lastStep) && p > q * (lo - x) &&
                p < q * (hi - x)) {
                lastStep = step;
                step = p / q;
                const double u = x + step;
                if (u - lo < tol2 || hi - u < tol2)
                    step = mid >= x ? tol1 : -tol1;
                golden_step = false;
            }
        }
        if (golden_step) {
            lastStep = x >= mid ? lo - x : hi - x;
            step = cgold * lastStep;
        }
        const double u = std::abs(step) >= tol1 ? x + step : x + (step > 0 ? tol1 : -tol1);
        const double fu = f(u);
        if (fu <= fx) {
            (u >= x ? lo : hi) = x;
            v = w, fv = fw, w = x, fw = fx, x = u, fx = fu;
        } else {
            (u < x ? lo : hi) = u;
            if (fu <= fw || w == x) {
                v = w, fv = fw, w = u, fw = fu;
            } else if (fu <= fv || v == x || v == w) {
                v = u, fv = fu;
            }
        }
    }
    return x;
}

} // namespace

double yeoJohnson(double x, double lambda)
{
    constexpr double eps = std::numeric_limits<double>::epsilon();
    if (x >= 0) {
        const double l = std::log1p(x);
        return std::abs(lambda) < eps ? l : std::expm1(lambda * l) / lambda;
    }
    const double l = std::log1p(-x);
    const double m = 2.0 - lambda;
    return std::abs(m) < eps ? -l : -std::expm1(m * l) / m;
}

FittedYeoJohnson::FittedYeoJohnson(YeoJohnsonSpec spec, QStringList columns,
                                   std::vector<double> lambdas, std::vector<double> means,
                                   std::vector<double> scales, std::int64_t rows)
    : m_spec(std::move(spec))
    , m_columns(std::move(columns))
    , m_lambdas(std::move(lambdas))
    , m_means(std::move(means))
    , m_scales(std::move(scales))
    , m_rows(rows)
{}

Result<std::shared_ptr<const FittedYeoJohnson>>
fitYeoJohnson(const Table &table, const YeoJohnsonSpec &spec, JobContext &ctx)
{
    auto cols =
        resolveColumns(table, spec.columns, {ColumnKind::Numeric}, QStringLiteral("yeo_johnson"));
    if (!cols)
        return cols.error();
    const std::size_t n = cols->size();
    QStringList names;
    for (int i : *cols) {
        names << table.columnName(i);
        if (table.column(i)->missingCount() == table.rowCount())
            return Error{QStringLiteral("yeo_johnson: column '%1' has no values to learn a "
                                        "lambda from")
                             .arg(table.columnName(i))};
    }
    std::vector<double> lambdas(n, 1.0), means(n, 0.0), scales(n, 1.0);
    parallelFor(ctx, static_cast<std::int64_t>(n), [&](std::int64_t c) {
        const auto k = static_cast<std::size_t>(c);
        const auto x = observedValues(*table.numeric((*cols)[k]));
        double signedLogSum = 0;
        for (double v : x)
            signedLogSum += std::copysign(std::log1p(std::abs(v)), v);
        std::vector<double> scratch;
        const bool constant = meanAndVariance(x).second == 0.0;
        if (!constant)
            lambdas[k] =
                minimise([&](double l) { return negLogLikelihood(x, signedLogSum, l, scratch); });
        if (spec.standardize) {
            scratch.resize(x.size());
            for (std::size_t i = 0; i < x.size(); ++i)
                scratch[i] = yeoJohnson(x[i], lambdas[k]);
            const auto [mean, var] = meanAndVariance(scratch);
            // scikit-learn's StandardScaler test for a constant feature.
            constexpr double eps = std::numeric_limits<double>::epsilon();
            const double m = static_cast<double>(x.size());
            const bool flat = var <= m * eps * var + (m * mean * eps) * (m * mean * eps);
            means[k] = mean;
            scales[k] = flat ? 1.0 : std::sqrt(var);
        }
    });
    if (ctx.isCanceled())
        return Error{QStringLiteral("canceled")};
    if (!spec.standardize) {
        means.assign(n, kNaN);
        scales.assign(n, kNaN);
    }
    return std::make_shared<const FittedYeoJohnson>(
        spec, names, std::move(lambdas), std::move(means), std::move(scales), table.rowCount());
}

Result<Table> FittedYeoJohnson::apply(const Table &in, JobContext &ctx) const
{
    auto cols = requireColumns(in, m_columns, {ColumnKind::Numeric}, kind());
    if (!cols)
        return cols.error();
    std::vector<ColumnPtr> out(cols->size());
    parallelFor(ctx, static_cast<std::int64_t>(cols->size()), [&](std::int64_t c) {
        const auto k = static_cast<std::size_t>(c);
        const auto &x = in.numeric((*cols)[k])->values();
        std::vector<double> y(x.size());
        for (std::size_t i = 0; i < x.size(); ++i) {
            y[i] = yeoJohnson(x[i], m_lambdas[k]);
            if (m_spec.standardize)
                y[i] = (y[i] - m_means[k]) / m_scales[k];
        }
        out[k] = std::make_shared<NumericColumn>(std::move(y));
    });
    if (ctx.isCanceled())
        return Error{QStringLiteral("canceled")};
    Table t = in;
    for (std::size_t k = 0; k < out.size(); ++k)
        t = t.withColumn(m_columns[static_cast<qsizetype>(k)], out[k]);
    return t;
}

QJsonObject FittedYeoJohnson::toJson() const
{
    return QJsonObject{{QStringLiteral("kind"), kind()},
                       {QStringLiteral("standardize"), m_spec.standardize},
                       {QStringLiteral("columns"), stringsToJson(m_columns)},
                       {QStringLiteral("lambdas"), numbersToJson(m_lambdas)},
                       {QStringLiteral("means"), numbersToJson(m_means)},
                       {QStringLiteral("scales"), numbersToJson(m_scales)},
                       {QStringLiteral("rows"), static_cast<qint64>(m_rows)}};
}

Result<FittedStepPtr> FittedYeoJohnson::fromJson(const QJsonObject &json)
{
    YeoJohnsonSpec spec;
    spec.standardize = json.value(QStringLiteral("standardize")).toBool(true);
    const QStringList columns = stringsFromJson(json.value(QStringLiteral("columns")));
    auto lambdas =
        numbersFromJson(json.value(QStringLiteral("lambdas")), QStringLiteral("lambdas"));
    if (!lambdas)
        return lambdas.error();
    auto means = numbersFromJson(json.value(QStringLiteral("means")), QStringLiteral("means"));
    if (!means)
        return means.error();
    auto scales = numbersFromJson(json.value(QStringLiteral("scales")), QStringLiteral("scales"));
    if (!scales)
        return scales.error();
    const auto n = static_cast<std::size_t>(columns.size());
    if (lambdas->size() != n || means->size() != n || scales->size() != n)
        return Error{QStringLiteral("yeo_johnson: one lambda, mean and scale per column needed")};
    for (std::size_t k = 0; k < n; ++k) {
        if (std::isnan((*lambdas)[k]) ||
            (spec.standardize && (std::isnan((*means)[k]) || std::isnan((*scales)[k]))))
            return Error{QStringLiteral("yeo_johnson: 'lambdas' / 'means' / 'scales' of column "
                                        "'%1' missing")
                             .arg(columns[qsizetype(k)])};
    }
    auto rows = countFromJson(json, QStringLiteral("rows"));
    if (!rows)
        return rows.error();
    return FittedStepPtr(std::make_shared<const FittedYeoJohnson>(
        spec, columns, std::move(*lambdas), std::move(*means), std::move(*scales), *rows));
}

QString FittedYeoJohnson::summary() const
{
    return QStringLiteral("Yeo-Johnson%1 %2 (learned on %3 rows)")
        .arg(m_spec.standardize ? QStringLiteral(" + standardize") : QString(),
             m_columns.join(QStringLiteral(", ")))
        .arg(m_rows);
}

Result<Refitted> FittedYeoJohnson::refit(const Table &in, JobContext &ctx) const
{
    return refitWith(in, ctx,
                     [&](const Table &t, JobContext &c) { return fitYeoJohnson(t, m_spec, c); });
}

} // namespace flowline::core::prep
