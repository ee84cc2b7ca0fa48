#include "ConcatRows.h"

#include "table/ColumnConcat.h"

#include <QHash>

namespace flowline::core::prep {

Result<Table> concatRows(std::span<const Table> tables)
{
    if (tables.empty())
        return Error{QStringLiteral("concatenate rows: no tables to concatenate")};
    struct Source
    {
        std::size_t table;
        int column;
    };
    QStringList names;
    QHash<QString, Source> first; // where each name first appears
    for (std::size_t t = 0; t < tables.size(); ++t) {
        for (int c = 0; c < tables[t].columnCount(); ++c) {
            const QString &name = tables[t].columnName(c);
            const auto it = first.constFind(name);
            if (it == first.constEnd()) {
                first.insert(name, Source{t, c});
                names << name;
                continue;
            }
            const auto kind = tables[it->table].kind(it->column);
            if (tables[t].kind(c) != kind)
                return Error{QStringLiteral("concatenate rows: column '%1' is %2 in table %3 "
                                            "but %4 in table %5")
                                 .arg(name, kindName(kind))
                                 .arg(it->table + 1)
                                 .arg(kindName(tables[t].kind(c)))
                                 .arg(t + 1)};
        }
    }
    std::vector<ColumnPtr> cols;
    std::vector<ColumnPiece> pieces(tables.size());
    for (const auto &name : names) {
        for (std::size_t t = 0; t < tables.size(); ++t) {
            const int c = tables[t].indexOf(name);
            pieces[t] = {c < 0 ? nullptr : tables[t].column(c).get(), tables[t].rowCount()};
        }
        const Source s = first.value(name);
        cols.push_back(concatColumns(tables[s.table].kind(s.column), pieces));
    }
    Table out(names, std::move(cols));
    for (int c = 0; c < out.columnCount(); ++c) {
        const Source s = first.value(names[c]);
        const auto role = tables[s.table].role(s.column);
        if (role != ColumnRole::Feature)
            out = out.withRole(c, role);
    }
    return out.withRecipe(tables.front().recipe());
}

} // namespace flowline::core::prep
