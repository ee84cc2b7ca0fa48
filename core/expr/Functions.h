#pragma once

#include "Values.h"

#include <QString>
#include <QStringList>

#include <array>
#include <vector>

namespace flowline::core::expr {

// The type a function parameter takes. Any stands for one type T shared by all the Any
// parameters of a call (and by the result when the result is Any), e.g. if(cond, T, T) -> T.
enum class ArgType : std::uint8_t { Number, Boolean, Text, Datetime, Any };

// A built-in function: adding one is one entry in the table in Functions.cpp.
struct FunctionSpec
{
    const char *name; // lower case; calls match it in any letter case
    std::vector<ArgType> params;
    int minArgs;
    int maxArgs; // -1: any number, the last parameter type repeating
    ArgType result;
    // The kernel, indexed by the ValueType of the Any parameters (index 0 when there are none).
    std::array<Kernel, 5> kernels;
    const char *signature; // "round(x, digits = 0)"
    const char *help;      // one line for documentation and completion
    // Whether a text result may be (part of) an argument's text rather than a new text, as
    // if() or trim() are; false only for functions that always make new texts. Decides how
    // long the memory of argument texts must live while a block is computed.
    bool viewsArguments = true;
};

// The function with that name in any letter case, or nullptr.
const FunctionSpec *findFunction(const QString &name);
const std::vector<FunctionSpec> &functionTable();
QStringList functionNames();

ValueType valueTypeOf(ArgType type);

// For the tables in NumberFunctions.cpp, TextFunctions.cpp, DateFunctions.cpp and
// Functions.cpp (if, coalesce, ismissing), which each append their entries.
void addNumberFunctions(std::vector<FunctionSpec> &table);
void addTextFunctions(std::vector<FunctionSpec> &table);
void addDateFunctions(std::vector<FunctionSpec> &table);

namespace spec {
inline constexpr ArgType N = ArgType::Number;
inline constexpr ArgType B = ArgType::Boolean;
inline constexpr ArgType S = ArgType::Text;
inline constexpr ArgType D = ArgType::Datetime;
inline constexpr ArgType T = ArgType::Any;
// The kernels of a function without Any parameters.
inline std::array<Kernel, 5> one(Kernel k)
{
    return {k, nullptr, nullptr, nullptr, nullptr};
}
} // namespace spec

} // namespace flowline::core::expr
