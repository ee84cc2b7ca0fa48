#pragma once

// The kernels of the built-in operators. The compiler picks one per node from the operand
// types; each computes a block of values with a plain loop. Missing values: arithmetic gives
// missing, comparisons and `contains` give unknown, and / or / not are Kleene three-valued.

#include "Ast.h"

namespace flowline::core::expr {

// Fills the block with the node's literal (or the missing value of type for `missing`).
Kernel literalKernel(ValueType type);
Kernel negateKernel();
Kernel notKernel();
// Add, Sub, Mul, Div (IEEE: x / 0 is infinite, 0 / 0 missing), Mod (floored, like Python).
Kernel arithmeticKernel(Op op);
// text + text.
Kernel concatKernel();
// Less ... NotEqual on two operands of type; nullptr where the type has no such comparison
// (booleans have only == and !=).
Kernel compareKernel(Op op, ValueType type);
// text contains text.
Kernel containsKernel();
// And / Or over all the node's arguments.
Kernel logicalKernel(Op op);
// x is missing (or is not missing when negated): always true or false, never unknown.
Kernel isMissingKernel(ValueType type, bool negated);
// args[0] in (args[1], ...): like a chain of == joined by or.
Kernel inKernel(ValueType type, bool negated);
// The same when every item is a literal: the items are read from their nodes, so a long list
// costs no blocks.
Kernel inLiteralsKernel(ValueType type, bool negated);

} // namespace flowline::core::expr
