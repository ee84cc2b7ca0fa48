#include "Functions.h"

#include "Ast.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace flowline::core::expr {

namespace {

template <double (*F)(double)>
void mapNumber(const KernelCall &c)
{
    const double *a = c.in<double>(0);
    double *o = c.output<double>();
    for (int i = 0; i < c.n; ++i)
        o[i] = F(a[i]);
}

double numLog(double x)
{
    return std::log(x);
}
double numLog10(double x)
{
    return std::log10(x);
}
double numExp(double x)
{
    return std::exp(x);
}
double numSqrt(double x)
{
    return std::sqrt(x);
}
double numAbs(double x)
{
    return std::fabs(x);
}
double numFloor(double x)
{
    return std::floor(x);
}
double numCeil(double x)
{
    return std::ceil(x);
}
double numSign(double x)
{
    return x > 0 ? 1.0 : x < 0 ? -1.0 : x;
}

// Half to even, like numpy and pandas; round(x, d) keeps d decimals (d < 0 rounds to tens...).
void roundHalfEven(const KernelCall &c)
{
    const double *a = c.in<double>(0);
    const double *d = c.node.args.size() > 1 ? c.in<double>(1) : nullptr;
    double *o = c.output<double>();
    double scaleDigits = 0.0;
    double scale = 1.0;
    for (int i = 0; i < c.n; ++i) {
        const double digits = d ? d[i] : 0.0;
        if (digits == 0.0) {
            o[i] = std::nearbyint(a[i]);
            continue;
        }
        if (std::isnan(digits)) {
            o[i] = digits;
            continue;
        }
        if (digits != scaleDigits) { // usually the same on every row
            scaleDigits = digits;
            scale = std::pow(10.0, std::clamp(std::trunc(digits), -308.0, 308.0));
        }
        const double scaled = a[i] * scale;
        o[i] = std::isfinite(scaled) ? std::nearbyint(scaled) / scale : a[i];
    }
}

void power(const KernelCall &c)
{
    const double *a = c.in<double>(0);
    const double *b = c.in<double>(1);
    double *o = c.output<double>();
    for (int i = 0; i < c.n; ++i)
        o[i] = std::pow(a[i], b[i]);
}

// A missing bound is no bound, as in pandas.
void clip(const KernelCall &c)
{
    const double *x = c.in<double>(0);
    const double *lo = c.in<double>(1);
    const double *hi = c.in<double>(2);
    double *o = c.output<double>();
    for (int i = 0; i < c.n; ++i) {
        double v = x[i];
        if (v < lo[i])
            v = lo[i];
        if (v > hi[i])
            v = hi[i];
        o[i] = v;
    }
}

} // namespace

void addNumberFunctions(std::vector<FunctionSpec> &table)
{
    using namespace spec;
    // clang-format off
    table.insert(table.end(), {
        {"abs", {N}, 1, 1, N, one(&mapNumber<numAbs>), "abs(x)", "absolute value"},
        {"ceil", {N}, 1, 1, N, one(&mapNumber<numCeil>), "ceil(x)", "smallest integer >= x"},
        {"clip", {N, N, N}, 3, 3, N, one(&clip), "clip(x, low, high)",
         "x limited to [low, high]; a missing bound is no bound"},
        {"exp", {N}, 1, 1, N, one(&mapNumber<numExp>), "exp(x)", "e to the power x"},
        {"floor", {N}, 1, 1, N, one(&mapNumber<numFloor>), "floor(x)", "largest integer <= x"},
        {"log", {N}, 1, 1, N, one(&mapNumber<numLog>), "log(x)",
         "natural logarithm; missing for x < 0"},
        {"log10", {N}, 1, 1, N, one(&mapNumber<numLog10>), "log10(x)", "base-10 logarithm"},
        {"pow", {N, N}, 2, 2, N, one(&power), "pow(x, y)", "x to the power y"},
        {"round", {N, N}, 1, 2, N, one(&roundHalfEven), "round(x, digits = 0)",
         "x rounded to digits decimals, halves to even"},
        {"sign", {N}, 1, 1, N, one(&mapNumber<numSign>), "sign(x)", "-1, 0 or 1"},
        {"sqrt", {N}, 1, 1, N, one(&mapNumber<numSqrt>), "sqrt(x)",
         "square root; missing for x < 0"},
    });
    // clang-format on
}

} // namespace flowline::core::expr
