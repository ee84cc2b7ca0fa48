#include "Kernels.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace flowline::core::expr {

namespace {

// ----- literals

template <class T>
T literalValue(const Node &n)
{
    if (n.literalType == ValueType::Null)
        return missingValue<T>();
    if constexpr (std::is_same_v<T, double>)
        return n.number;
    else if constexpr (std::is_same_v<T, std::uint8_t>)
        return n.boolean;
    else if constexpr (std::is_same_v<T, std::int64_t>)
        return n.time;
    else
        return StrVal(n.text);
}

template <class T>
void fillLiteral(const KernelCall &c)
{
    std::fill_n(c.output<T>(), c.n, literalValue<T>(c.node));
}

// ----- numbers

struct AddF
{
    static double apply(double a, double b) { return a + b; }
};
struct SubF
{
    static double apply(double a, double b) { return a - b; }
};
struct MulF
{
    static double apply(double a, double b) { return a * b; }
};
struct DivF
{
    static double apply(double a, double b) { return a / b; }
};
struct ModF
{
    // The result has the sign of the divisor, as in Python: -7 % 3 == 2.
    static double apply(double a, double b)
    {
        double r = std::fmod(a, b);
        if (r != 0.0 && ((r < 0.0) != (b < 0.0)))
            r += b;
        return r;
    }
};

template <class F>
void arithmetic(const KernelCall &c)
{
    const double *a = c.in<double>(0);
    const double *b = c.in<double>(1);
    double *o = c.output<double>();
    for (int i = 0; i < c.n; ++i)
        o[i] = F::apply(a[i], b[i]);
}

void negate(const KernelCall &c)
{
    const double *a = c.in<double>(0);
    double *o = c.output<double>();
    for (int i = 0; i < c.n; ++i)
        o[i] = -a[i];
}

// ----- booleans

void logicalNot(const KernelCall &c)
{
    const std::uint8_t *a = c.in<std::uint8_t>(0);
    std::uint8_t *o = c.output<std::uint8_t>();
    for (int i = 0; i < c.n; ++i)
        o[i] = static_cast<std::uint8_t>(kTrue - a[i]);
}

template <bool IsAnd>
void logical(const KernelCall &c)
{
    std::uint8_t *o = c.output<std::uint8_t>();
    std::copy_n(c.in<std::uint8_t>(0), c.n, o);
    const int count = static_cast<int>(c.node.args.size());
    for (int k = 1; k < count; ++k) {
        const std::uint8_t *a = c.in<std::uint8_t>(k);
        for (int i = 0; i < c.n; ++i)
            o[i] = IsAnd ? std::min(o[i], a[i]) : std::max(o[i], a[i]);
    }
}

// ----- comparisons, for every element type

template <class T, class Cmp>
void compare(const KernelCall &c)
{
    const T *a = c.in<T>(0);
    const T *b = c.in<T>(1);
    std::uint8_t *o = c.output<std::uint8_t>();
    const Cmp cmp;
    for (int i = 0; i < c.n; ++i) {
        const std::uint8_t r = cmp(a[i], b[i]) ? kTrue : kFalse;
        o[i] = (isMissing(a[i]) || isMissing(b[i])) ? kUnknown : r;
    }
}

template <class T>
Kernel compareFor(Op op)
{
    switch (op) {
    case Op::Less:
        return &compare<T, std::less<T>>;
    case Op::LessEqual:
        return &compare<T, std::less_equal<T>>;
    case Op::Greater:
        return &compare<T, std::greater<T>>;
    case Op::GreaterEqual:
        return &compare<T, std::greater_equal<T>>;
    case Op::Equal:
        return &compare<T, std::equal_to<T>>;
    case Op::NotEqual:
        return &compare<T, std::not_equal_to<T>>;
    default:
        return nullptr;
    }
}

template <class T, bool Negated>
void isMissingOf(const KernelCall &c)
{
    const T *a = c.in<T>(0);
    std::uint8_t *o = c.output<std::uint8_t>();
    for (int i = 0; i < c.n; ++i)
        o[i] = isMissing(a[i]) != Negated ? kTrue : kFalse;
}

template <class T, bool Negated>
void inList(const KernelCall &c)
{
    const T *x = c.in<T>(0);
    std::uint8_t *o = c.output<std::uint8_t>();
    std::fill_n(o, c.n, kFalse);
    const int count = static_cast<int>(c.node.args.size());
    for (int k = 1; k < count; ++k) {
        const T *item = c.in<T>(k);
        for (int i = 0; i < c.n; ++i) {
            const std::uint8_t eq = (isMissing(x[i]) || isMissing(item[i])) ? kUnknown
                                    : x[i] == item[i]                       ? kTrue
                                                                            : kFalse;
            o[i] = std::max(o[i], eq);
        }
    }
    if (Negated) {
        for (int i = 0; i < c.n; ++i)
            o[i] = static_cast<std::uint8_t>(kTrue - o[i]);
    }
}

// Items are literals and never missing (the compiler refuses `missing` in a list).
template <class T, bool Negated>
void inLiterals(const KernelCall &c)
{
    const T *x = c.in<T>(0);
    std::uint8_t *o = c.output<std::uint8_t>();
    std::vector<T> items;
    for (std::size_t k = 1; k < c.node.args.size(); ++k)
        items.push_back(literalValue<T>(c.nodes[c.node.args[k]]));
    for (int i = 0; i < c.n; ++i) {
        const bool found = std::find(items.begin(), items.end(), x[i]) != items.end();
        o[i] = isMissing(x[i]) ? kUnknown : (found != Negated ? kTrue : kFalse);
    }
}

// ----- text

void contains(const KernelCall &c)
{
    const StrVal *a = c.in<StrVal>(0);
    const StrVal *b = c.in<StrVal>(1);
    std::uint8_t *o = c.output<std::uint8_t>();
    for (int i = 0; i < c.n; ++i) {
        if (isMissing(a[i]) || isMissing(b[i]))
            o[i] = kUnknown;
        else
            o[i] = a[i].find(b[i]) != StrVal::npos ? kTrue : kFalse;
    }
}

void concat(const KernelCall &c)
{
    const StrVal *a = c.in<StrVal>(0);
    const StrVal *b = c.in<StrVal>(1);
    StrVal *o = c.output<StrVal>();
    for (int i = 0; i < c.n; ++i) {
        if (isMissing(a[i]) || isMissing(b[i])) {
            o[i] = StrVal();
            continue;
        }
        char *p = c.arena.allocate(a[i].size() + b[i].size());
        std::copy(a[i].begin(), a[i].end(), p);
        std::copy(b[i].begin(), b[i].end(), p + a[i].size());
        o[i] = StrVal(p, a[i].size() + b[i].size());
    }
}

// Instantiates K<T> for the element type of a value type.
template <template <class> class K>
Kernel forType(ValueType type)
{
    switch (type) {
    case ValueType::Number:
        return K<double>::kernel;
    case ValueType::Boolean:
        return K<std::uint8_t>::kernel;
    case ValueType::Text:
        return K<StrVal>::kernel;
    case ValueType::Datetime:
        return K<std::int64_t>::kernel;
    case ValueType::Null:
        break;
    }
    return nullptr;
}

template <class T>
struct LiteralK
{
    static constexpr Kernel kernel = &fillLiteral<T>;
};
template <class T>
struct IsMissingK
{
    static constexpr Kernel kernel = &isMissingOf<T, false>;
};
template <class T>
struct IsNotMissingK
{
    static constexpr Kernel kernel = &isMissingOf<T, true>;
};
template <class T>
struct InK
{
    static constexpr Kernel kernel = &inList<T, false>;
};
template <class T>
struct NotInK
{
    static constexpr Kernel kernel = &inList<T, true>;
};
template <class T>
struct InLiteralsK
{
    static constexpr Kernel kernel = &inLiterals<T, false>;
};
template <class T>
struct NotInLiteralsK
{
    static constexpr Kernel kernel = &inLiterals<T, true>;
};

} // namespace

Kernel literalKernel(ValueType type)
{
    return forType<LiteralK>(type);
}

Kernel negateKernel()
{
    return &negate;
}

Kernel notKernel()
{
    return &logicalNot;
}

Kernel arithmeticKernel(Op op)
{
    switch (op) {
    case Op::Add:
        return &arithmetic<AddF>;
    case Op::Sub:
        return &arithmetic<SubF>;
    case Op::Mul:
        return &arithmetic<MulF>;
    case Op::Div:
        return &arithmetic<DivF>;
    case Op::Mod:
        return &arithmetic<ModF>;
    default:
        return nullptr;
    }
}

Kernel concatKernel()
{
    return &concat;
}

Kernel compareKernel(Op op, ValueType type)
{
    switch (type) {
    case ValueType::Number:
        return compareFor<double>(op);
    case ValueType::Text:
        return compareFor<StrVal>(op);
    case ValueType::Datetime:
        return compareFor<std::int64_t>(op);
    case ValueType::Boolean:
        return op == Op::Equal || op == Op::NotEqual ? compareFor<std::uint8_t>(op) : nullptr;
    case ValueType::Null:
        break;
    }
    return nullptr;
}

Kernel containsKernel()
{
    return &contains;
}

Kernel logicalKernel(Op op)
{
    return op == Op::And ? &logical<true> : &logical<false>;
}

Kernel isMissingKernel(ValueType type, bool negated)
{
    return negated ? forType<IsNotMissingK>(type) : forType<IsMissingK>(type);
}

Kernel inKernel(ValueType type, bool negated)
{
    return negated ? forType<NotInK>(type) : forType<InK>(type);
}

Kernel inLiteralsKernel(ValueType type, bool negated)
{
    return negated ? forType<NotInLiteralsK>(type) : forType<InLiteralsK>(type);
}

const char *opSymbol(Op op)
{
    switch (op) {
    case Op::None:
        return "";
    case Op::Neg:
    case Op::Sub:
        return "-";
    case Op::Not:
        return "not";
    case Op::Add:
        return "+";
    case Op::Mul:
        return "*";
    case Op::Div:
        return "/";
    case Op::Mod:
        return "%";
    case Op::Less:
        return "<";
    case Op::LessEqual:
        return "<=";
    case Op::Greater:
        return ">";
    case Op::GreaterEqual:
        return ">=";
    case Op::Equal:
        return "==";
    case Op::NotEqual:
        return "!=";
    case Op::Contains:
        return "contains";
    case Op::And:
        return "and";
    case Op::Or:
        return "or";
    }
    return "";
}

bool isComparison(Op op)
{
    return op >= Op::Less && op <= Op::NotEqual;
}

} // namespace flowline::core::expr
