#pragma once

#include "Ast.h"
#include "ExprError.h"
#include "Lexer.h"

#include <QStringList>

#include <vector>

namespace flowline::core::expr {

// Parentheses, function calls, `in` lists and prefix operators nest at most this deep, so
// that hostile input ends in an error, not a stack overflow.
inline constexpr int kMaxNesting = 100;

// Builds the syntax tree of a formula from its tokens: nodes in an order where arguments come
// before the node that uses them, the root last. Types are not checked yet. columns (the
// table's names) only serve hints in messages. Returns false and fills error on a syntax error.
bool parse(const QString &text, const std::vector<Token> &tokens, const QStringList &columns,
           std::vector<Node> &nodes, ExprError &error);

} // namespace flowline::core::expr
