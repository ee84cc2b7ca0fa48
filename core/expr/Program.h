#pragma once

#include "Ast.h"
#include "table/Column.h"

#include <QString>

#include <vector>

namespace flowline::core::expr {

// A column a formula reads, with the kind it had when the formula was compiled.
struct ColumnRef
{
    QString name;
    ColumnKind kind;
};

// A compiled formula: typed nodes with their kernels (the root is the last node) and the
// columns it reads. Immutable once compiled, so any number of threads may evaluate it.
struct Program
{
    QString text;
    std::vector<Node> nodes;
    std::vector<ColumnRef> columns;

    int root() const { return static_cast<int>(nodes.size()) - 1; }
    ValueType resultType() const { return nodes.back().type; }
};

} // namespace flowline::core::expr
