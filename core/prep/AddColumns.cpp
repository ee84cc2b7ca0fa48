#include "AddColumns.h"

#include <QSet>

namespace flowline::core::prep {

Result<Table> addColumns(const Table &left, const Table &right, const QString &leftSuffix,
                         const QString &rightSuffix)
{
    if (left.rowCount() != right.rowCount() && !left.isEmpty() && !right.isEmpty())
        return Error{QStringLiteral("add columns: the tables must have the same number of rows, "
                                    "but the first has %1 and the second %2")
                         .arg(left.rowCount())
                         .arg(right.rowCount())};
    const QSet<QString> leftNames(left.columnNames().begin(), left.columnNames().end());
    const QSet<QString> rightNames(right.columnNames().begin(), right.columnNames().end());
    QStringList names;
    std::vector<ColumnPtr> cols;
    std::vector<ColumnRole> roles;
    for (const bool isLeft : {true, false}) { // (left and right may be the same table)
        const Table *t = isLeft ? &left : &right;
        for (int c = 0; c < t->columnCount(); ++c) {
            const QString &name = t->columnName(c);
            const bool clash = (isLeft ? rightNames : leftNames).contains(name);
            names << (clash ? name + (isLeft ? leftSuffix : rightSuffix) : name);
            cols.push_back(t->column(c));
            roles.push_back(t->role(c));
        }
    }
    if (QSet<QString>(names.begin(), names.end()).size() != names.size()) {
        QSet<QString> seen;
        for (const auto &n : names) {
            if (seen.contains(n))
                return Error{QStringLiteral("add columns: two columns would be named '%1'; "
                                            "choose other suffixes or rename a column")
                                 .arg(n)};
            seen.insert(n);
        }
    }
    Table out(std::move(names), std::move(cols));
    for (int c = 0; c < out.columnCount(); ++c) {
        if (roles[static_cast<std::size_t>(c)] != ColumnRole::Feature)
            out = out.withRole(c, roles[static_cast<std::size_t>(c)]);
    }
    return out.withRecipe(left.recipe());
}

} // namespace flowline::core::prep
