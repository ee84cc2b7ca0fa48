#include "RowSteps.h"

#include "Split.h"
#include "table/BooleanColumn.h"
#include "table/CategoricalColumn.h"
#include "table/DatetimeColumn.h"
#include "table/NumericColumn.h"

#include <QHash>

#include <algorithm>
#include <numeric>

namespace flowline::core::prep {

namespace {

Result<std::vector<int>> columnIndices(const Table &table, const QStringList &columns,
                                       const QString &step)
{
    std::vector<int> out;
    if (columns.isEmpty()) {
        out.resize(static_cast<std::size_t>(table.columnCount()));
        std::iota(out.begin(), out.end(), 0);
        return out;
    }
    for (const QString &name : columns) {
        const int i = table.indexOf(name);
        if (i < 0)
            return Error{QStringLiteral("%1: no column '%2'").arg(step, name)};
        out.push_back(i);
    }
    return out;
}

} // namespace

Result<std::vector<std::int64_t>> distinctRows(const Table &table, const QStringList &columns)
{
    auto cols = columnIndices(table, columns, QStringLiteral("drop duplicates"));
    if (!cols)
        return cols.error();
    const auto n = static_cast<std::size_t>(table.rowCount());
    // A dense id per distinct combination, built one column at a time: (id so far, value id)
    // pairs map to new dense ids, so the keys stay two integers whatever the column count.
    std::vector<std::int64_t> ids(n, 0);
    for (int c : *cols) {
        auto values = classesOf(table, table.columnName(c));
        if (!values)
            return values.error();
        QHash<QPair<std::int64_t, std::int64_t>, std::int64_t> dense;
        dense.reserve(static_cast<qsizetype>(n));
        for (std::size_t r = 0; r < n; ++r) {
            const QPair<std::int64_t, std::int64_t> key{ids[r], (*values)[r]};
            auto it = dense.find(key);
            if (it == dense.end())
                it = dense.insert(key, dense.size());
            ids[r] = *it;
        }
    }
    std::vector<char> seen(n, 0);
    std::vector<std::int64_t> keep;
    for (std::size_t r = 0; r < n; ++r) {
        auto &s = seen[static_cast<std::size_t>(ids[r])];
        if (!s) {
            s = 1;
            keep.push_back(static_cast<std::int64_t>(r));
        }
    }
    return keep;
}

Result<std::vector<std::int64_t>> rowsWithoutMissing(const Table &table, const QStringList &columns,
                                                     MissingRule rule)
{
    auto cols = columnIndices(table, columns, QStringLiteral("drop missing"));
    if (!cols)
        return cols.error();
    std::vector<std::int64_t> keep;
    for (std::int64_t r = 0; r < table.rowCount(); ++r) {
        int missing = 0;
        for (int c : *cols)
            missing += table.column(c)->isMissing(r) ? 1 : 0;
        const bool drop = rule == MissingRule::Any
                              ? missing > 0
                              : (!cols->empty() && missing == static_cast<int>(cols->size()));
        if (!drop)
            keep.push_back(r);
    }
    return keep;
}

Result<std::vector<std::int64_t>> sortedRows(const Table &table, const std::vector<SortKey> &keys)
{
    if (keys.empty())
        return Error{QStringLiteral("sort: no column to sort by")};
    const auto n = static_cast<std::size_t>(table.rowCount());
    // Each key becomes a rank per row (equal values, equal ranks), so the final sort compares
    // integers only. Missing values get the largest rank: last in either direction.
    std::vector<std::vector<std::int64_t>> ranks;
    for (const SortKey &key : keys) {
        const int c = table.indexOf(key.column);
        if (c < 0)
            return Error{QStringLiteral("sort: no column '%1'").arg(key.column)};
        const auto &col = table.column(c);
        std::vector<std::int64_t> order(n);
        std::iota(order.begin(), order.end(), std::int64_t(0));
        std::vector<QString> text;
        const auto less = [&](std::int64_t a, std::int64_t b) -> bool {
            switch (col->kind()) {
            case ColumnKind::Numeric:
                return table.numeric(c)->value(a) < table.numeric(c)->value(b);
            case ColumnKind::Datetime: {
                const auto &d = static_cast<const DatetimeColumn &>(*col);
                return d.value(a) < d.value(b);
            }
            case ColumnKind::Boolean: {
                const auto &bc = static_cast<const BooleanColumn &>(*col);
                return bc.value(a) < bc.value(b);
            }
            default:
                return text[static_cast<std::size_t>(a)] < text[static_cast<std::size_t>(b)];
            }
        };
        if (col->kind() == ColumnKind::Categorical || col->kind() == ColumnKind::Text) {
            text.resize(n);
            for (std::size_t r = 0; r < n; ++r)
                text[r] = col->isMissing(static_cast<std::int64_t>(r))
                              ? QString()
                              : col->displayValue(static_cast<std::int64_t>(r));
        }
        std::vector<std::int64_t> present;
        for (auto r : order) {
            if (!col->isMissing(r))
                present.push_back(r);
        }
        std::stable_sort(present.begin(), present.end(), less);
        std::vector<std::int64_t> rank(n, std::numeric_limits<std::int64_t>::max());
        std::int64_t current = 0;
        for (std::size_t i = 0; i < present.size(); ++i) {
            if (i > 0 && less(present[i - 1], present[i]))
                ++current;
            const std::int64_t signedRank =
                key.ascending ? current : -current; // descending: larger values first
            rank[static_cast<std::size_t>(present[i])] = signedRank;
        }
        ranks.push_back(std::move(rank));
    }
    std::vector<std::int64_t> rows(n);
    std::iota(rows.begin(), rows.end(), std::int64_t(0));
    std::stable_sort(rows.begin(), rows.end(), [&](std::int64_t a, std::int64_t b) {
        for (const auto &rank : ranks) {
            const auto ra = rank[static_cast<std::size_t>(a)],
                       rb = rank[static_cast<std::size_t>(b)];
            if (ra != rb)
                return ra < rb;
        }
        return false;
    });
    return rows;
}

} // namespace flowline::core::prep
