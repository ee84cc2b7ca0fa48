#include "BuiltinNodes.h"
#include "NodeHelpers.h"

#include "jobs/JobContext.h"
#include "prep/Split.h"
#include "util/SplitMix64.h"

#include <QHash>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace flowline::flows {

NodeType sampleNode()
{
    NodeType t;
    t.id = QStringLiteral("data.sample");
    t.displayName = QStringLiteral("Sample Rows");
    t.category = QStringLiteral("Data");
    t.icon = QStringLiteral("dice");
    t.keywords = {QStringLiteral("random"), QStringLiteral("subset"), QStringLiteral("rows"),
                  QStringLiteral("downsample"), QStringLiteral("bootstrap")};
    t.help = QStringLiteral("Picks rows at random: a fraction of them or a number of them, with "
                            "or without replacement, optionally stratified so each class keeps "
                            "its share. The same seed always picks the same rows; the rows keep "
                            "their order.");
    t.inputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Table"), PortType::Table}};
    t.outputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Sample"), PortType::Table}};
    t.params = {
        ParamSpec{QStringLiteral("mode"),
                  QStringLiteral("Size by"),
                  QStringLiteral("fraction (default) or count."),
                  ParamType::Choice,
                  QStringLiteral("fraction"),
                  {},
                  {},
                  {QStringLiteral("fraction"), QStringLiteral("count")}},
        ParamSpec{QStringLiteral("fraction"), QStringLiteral("Fraction"),
                  QStringLiteral("Share of the rows to keep, 0 to 1 (default 0.1); rounded to the "
                                 "nearest whole row."),
                  ParamType::Double, 0.1, 0.0, 1.0},
        ParamSpec{
            QStringLiteral("count"),
            QStringLiteral("Count"),
            QStringLiteral("Rows to keep (default 1000); without replacement, at most all rows."),
            ParamType::Int,
            qint64(1000),
            0.0,
            {}},
        ParamSpec{QStringLiteral("replace"), QStringLiteral("With replacement"),
                  QStringLiteral("A row may be picked more than once (default: no)."),
                  ParamType::Bool, false},
        ParamSpec{QStringLiteral("stratify_by"), QStringLiteral("Class column"),
                  QStringLiteral("Keep each class's share of the rows in the sample (default: "
                                 "none, a plain random sample)."),
                  ParamType::Column, QString()},
        seedParam(),
    };
    t.run = [](const NodeInputs &in, core::JobContext &ctx) -> core::Result<NodeOutputs> {
        const core::Table &table = inputTable(in);
        const std::int64_t n = table.rowCount();
        const bool replace = in.params.value(QStringLiteral("replace")).toBool();
        std::int64_t k = 0;
        if (in.params.value(QStringLiteral("mode")).toString() == QStringLiteral("fraction"))
            k = std::llround(in.params.value(QStringLiteral("fraction")).toDouble() *
                             static_cast<double>(n));
        else
            k = in.params.value(QStringLiteral("count")).toLongLong();
        if (!replace)
            k = std::min(k, n);
        if (n == 0)
            k = 0;
        core::SplitMix64 rng{
            static_cast<std::uint64_t>(in.params.value(QStringLiteral("seed")).toLongLong())};
        std::vector<std::int64_t> rows;
        rows.reserve(static_cast<std::size_t>(k));
        const QString stratifyBy = in.params.value(QStringLiteral("stratify_by")).toString();
        if (!stratifyBy.isEmpty()) {
            auto classes = core::prep::classesOf(table, stratifyBy);
            if (!classes)
                return core::Error{
                    QStringLiteral("parameter 'stratify_by': %1").arg(classes.error().message)};
            QHash<std::int64_t, std::vector<std::int64_t>> byClass;
            std::vector<std::int64_t> order; // classes in order of first appearance
            for (std::int64_t r = 0; r < n; ++r) {
                const auto c = (*classes)[static_cast<std::size_t>(r)];
                auto &members = byClass[c];
                if (members.empty())
                    order.push_back(c);
                members.push_back(r);
            }
            std::vector<std::int64_t> sizes;
            for (auto c : order)
                sizes.push_back(static_cast<std::int64_t>(byClass[c].size()));
            // With replacement a class may give more rows than it has.
            const std::vector<std::int64_t> share = core::prep::apportion(sizes, k, n, !replace);
            for (std::size_t g = 0; g < order.size(); ++g) {
                auto &members = byClass[order[g]];
                const auto m = static_cast<std::int64_t>(members.size());
                for (std::int64_t i = 0; i < share[g]; ++i) {
                    if (replace) {
                        rows.push_back(members[rng.below(static_cast<std::uint64_t>(m))]);
                    } else {
                        const auto j = i + static_cast<std::int64_t>(
                                               rng.below(static_cast<std::uint64_t>(m - i)));
                        std::swap(members[static_cast<std::size_t>(i)],
                                  members[static_cast<std::size_t>(j)]);
                        rows.push_back(members[static_cast<std::size_t>(i)]);
                    }
                }
            }
        } else if (replace) {
            for (std::int64_t i = 0; i < k; ++i)
                rows.push_back(static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(n))));
        } else {
            // Partial Fisher-Yates over the row numbers.
            std::vector<std::int64_t> all(static_cast<std::size_t>(n));
            std::iota(all.begin(), all.end(), 0);
            for (std::int64_t i = 0; i < k; ++i) {
                if ((i & 0xFFFFF) == 0 && ctx.isCanceled())
                    return core::Error{QStringLiteral("canceled")};
                const auto j =
                    i + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(n - i)));
                std::swap(all[static_cast<std::size_t>(i)], all[static_cast<std::size_t>(j)]);
            }
            rows.assign(all.begin(), all.begin() + k);
        }
        std::sort(rows.begin(), rows.end());
        return tableOutput(table.take(rows));
    };
    return t;
}

} // namespace flowline::flows
