#pragma once

// The parsed and then compiled form of a formula: a flat vector of nodes in which every
// node comes after its arguments and its subtree is the contiguous range [first, itself].
// Compiling, planning and evaluating are therefore loops, not recursion, whatever the
// formula's shape.

#include "Values.h"

#include <QString>

#include <string>
#include <vector>

namespace flowline::core::expr {

enum class NodeKind : std::uint8_t {
    Literal,   // number, string, true / false, missing
    Column,    // a column of the table
    Unary,     // op: Neg or Not
    Binary,    // op: arithmetic, comparison, Contains
    Logical,   // op: And or Or
    IsMissing, // x is missing / x is not missing (negated)
    In,        // args[0] in (args[1], args[2], ...), negated for `not in`
    Call,      // name(args...)
};

enum class Op : std::uint8_t {
    None,
    Neg,
    Not,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    Equal,
    NotEqual,
    Contains,
    And,
    Or,
};

// How written in formulas: "+", "<=", "contains", "and"...
const char *opSymbol(Op op);
bool isComparison(Op op);

// How a node's value depends on the rows: not at all, only through one categorical column
// (so it can be computed once per category), or otherwise.
enum class Dependence : std::uint8_t { Const, Category, Rows };

struct Node
{
    NodeKind kind = NodeKind::Literal;
    Op op = Op::None;
    bool negated = false;
    int position = 0; // the whole subtree's span in the formula text
    int length = 0;
    int opPosition = 0; // the operator, function name, or the literal or name itself
    int opLength = 0;
    int first = 0; // the subtree is nodes [first, this node]
    std::vector<int> args;
    QString name; // column or function name

    // Literals. A literal `missing` keeps literalType Null; its type comes from the context.
    ValueType literalType = ValueType::Null;
    double number = 0.0;
    std::uint8_t boolean = kUnknown;
    std::string text; // UTF-8
    std::int64_t time = kMissingTime;

    // Filled by the compiler.
    ValueType type = ValueType::Null;
    int column = -1; // index into Program::columns
    int parent = -1;
    Dependence dependence = Dependence::Rows;
    bool literalItems = false;   // In: the items are literals, read by the kernel, never computed
    bool viewsArguments = false; // a text result that may point into its arguments' texts
    int joins = 0;               // texts joined by this chain of +
    int categoryColumn = -1;     // for Dependence::Category
    Kernel kernel = nullptr;
};

} // namespace flowline::core::expr
