#pragma once

#include "ExprError.h"
#include "Program.h"

namespace flowline::core {
class Table;
}

namespace flowline::core::expr {

// Checks a parsed formula (program.nodes from parse()) against the columns of schema and
// readies it to run: finds the columns, gives every node its type and kernel, and marks what
// each node depends on. Returns false with error on an unknown column or function, operands
// of the wrong type, a wrong number of arguments, or a text that is not a date where one is
// needed.
// Texts joined by one chain of + (each join copies the text so far).
inline constexpr int kMaxJoins = 100;

bool compileProgram(Program &program, const Table &schema, ExprError &error);

} // namespace flowline::core::expr
