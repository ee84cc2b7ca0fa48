#include "Functions.h"

#include "Kernels.h"

#include <algorithm>
#include <cstring>

namespace flowline::core::expr {

namespace {

// if, coalesce and ismissing work on any type: one kernel per type.

template <class V>
void choose(const KernelCall &c)
{
    const std::uint8_t *cond = c.in<std::uint8_t>(0);
    const V *a = c.in<V>(1);
    const V *b = c.in<V>(2);
    V *o = c.output<V>();
    for (int i = 0; i < c.n; ++i)
        o[i] = cond[i] == kTrue ? a[i] : b[i];
}

template <class V>
void coalesce(const KernelCall &c)
{
    V *o = c.output<V>();
    std::copy_n(c.in<V>(0), c.n, o);
    const int count = static_cast<int>(c.node.args.size());
    for (int k = 1; k < count; ++k) {
        const V *a = c.in<V>(k);
        for (int i = 0; i < c.n; ++i)
            o[i] = isMissing(o[i]) ? a[i] : o[i];
    }
}

template <template <class> class K>
std::array<Kernel, 5> byType()
{
    return {nullptr, &K<double>::run, &K<std::uint8_t>::run, &K<StrVal>::run,
            &K<std::int64_t>::run};
}
template <class V>
struct ChooseK
{
    static void run(const KernelCall &c) { choose<V>(c); }
};
template <class V>
struct CoalesceK
{
    static void run(const KernelCall &c) { coalesce<V>(c); }
};

std::array<Kernel, 5> isMissingKernels()
{
    std::array<Kernel, 5> k{};
    for (auto t : {ValueType::Number, ValueType::Boolean, ValueType::Text, ValueType::Datetime})
        k[static_cast<std::size_t>(t)] = isMissingKernel(t, false);
    return k;
}

std::vector<FunctionSpec> makeTable()
{
    using namespace spec;
    std::vector<FunctionSpec> table;
    addNumberFunctions(table);
    addTextFunctions(table);
    addDateFunctions(table);
    // clang-format off
    table.insert(table.end(), {
        {"coalesce", {T, T}, 2, -1, T, byType<CoalesceK>(), "coalesce(a, b, ...)",
         "the first argument that is not missing"},
        {"if", {B, T, T}, 3, 3, T, byType<ChooseK>(), "if(condition, a, b)",
         "a where condition is true, else b (also where it is unknown)"},
        {"ismissing", {T}, 1, 1, B, isMissingKernels(), "ismissing(x)",
         "whether x is missing, like x is missing"},
    });
    // clang-format on
    std::sort(table.begin(), table.end(), [](const FunctionSpec &a, const FunctionSpec &b) {
        return std::strcmp(a.name, b.name) < 0;
    });
    return table;
}

} // namespace

const std::vector<FunctionSpec> &functionTable()
{
    static const std::vector<FunctionSpec> table = makeTable();
    return table;
}

const FunctionSpec *findFunction(const QString &name)
{
    for (const FunctionSpec &f : functionTable()) {
        if (name.compare(QLatin1String(f.name), Qt::CaseInsensitive) == 0)
            return &f;
    }
    return nullptr;
}

QStringList functionNames()
{
    QStringList names;
    for (const FunctionSpec &f : functionTable())
        names << QString::fromLatin1(f.name);
    return names;
}

ValueType valueTypeOf(ArgType type)
{
    switch (type) {
    case ArgType::Number:
        return ValueType::Number;
    case ArgType::Boolean:
        return ValueType::Boolean;
    case ArgType::Text:
        return ValueType::Text;
    case ArgType::Datetime:
        return ValueType::Datetime;
    case ArgType::Any:
        break;
    }
    return ValueType::Null;
}

} // namespace flowline::core::expr
