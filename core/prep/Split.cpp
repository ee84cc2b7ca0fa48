#include "Split.h"

#include "table/CategoricalColumn.h"
#include "table/DatetimeColumn.h"
#include "table/NumericColumn.h"
#include "util/SplitMix64.h"

#include <QHash>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace flowline::core::prep {

namespace {

void shuffle(std::vector<std::int64_t> &v, SplitMix64 &rng)
{
    for (std::size_t i = v.size(); i > 1; --i) {
        const auto j = static_cast<std::size_t>(rng.below(i));
        std::swap(v[i - 1], v[j]);
    }
}

} // namespace

std::vector<std::int64_t> apportion(const std::vector<std::int64_t> &sizes, std::int64_t total,
                                    std::int64_t n, bool capped)
{
    std::vector<std::int64_t> out(sizes.size());
    std::vector<std::pair<double, std::size_t>> remainders;
    std::int64_t given = 0;
    for (std::size_t g = 0; g < sizes.size(); ++g) {
        const double exact =
            n ? static_cast<double>(sizes[g]) * static_cast<double>(total) / static_cast<double>(n)
              : 0.0;
        out[g] = static_cast<std::int64_t>(std::floor(exact));
        given += out[g];
        remainders.emplace_back(exact - std::floor(exact), g);
    }
    // Largest remainders first; ties to the earlier group, so the result is deterministic.
    std::stable_sort(remainders.begin(), remainders.end(),
                     [](const auto &a, const auto &b) { return a.first > b.first; });
    for (std::size_t i = 0; given < total && i < remainders.size(); ++i) {
        const std::size_t g = remainders[i].second;
        if (!capped || out[g] < sizes[g]) {
            ++out[g];
            ++given;
        }
    }
    return out;
}

Result<std::vector<std::int64_t>> classesOf(const Table &table, const QString &column)
{
    const int c = table.indexOf(column);
    if (c < 0)
        return Error{QStringLiteral("no column '%1' to stratify by").arg(column)};
    const auto &col = table.column(c);
    std::vector<std::int64_t> out(static_cast<std::size_t>(table.rowCount()));
    if (col->kind() == ColumnKind::Categorical) {
        const auto &cat = static_cast<const CategoricalColumn &>(*col);
        for (std::int64_t r = 0; r < table.rowCount(); ++r)
            out[static_cast<std::size_t>(r)] = cat.code(r); // -1: missing, its own class
        return out;
    }
    if (col->kind() == ColumnKind::Numeric && table.rowCount() > 0) {
        QHash<double, std::int64_t> ids;
        const auto *num = table.numeric(c);
        for (std::int64_t r = 0; r < table.rowCount(); ++r) {
            const double v = num->value(r);
            const double key = std::isnan(v) ? -std::numeric_limits<double>::infinity() : v;
            auto it = ids.find(key);
            if (it == ids.end())
                it = ids.insert(key, ids.size());
            out[static_cast<std::size_t>(r)] = *it;
        }
        return out;
    }
    QHash<QString, std::int64_t> ids;
    for (std::int64_t r = 0; r < table.rowCount(); ++r) {
        const QString key = col->isMissing(r) ? QString() : col->displayValue(r);
        auto it = ids.find(key);
        if (it == ids.end())
            it = ids.insert(key, ids.size());
        out[static_cast<std::size_t>(r)] = *it;
    }
    return out;
}

Result<SplitParts> splitRows(const Table &table, const SplitSpec &spec)
{
    if (!(spec.trainFraction > 0) || !(spec.validationFraction >= 0) ||
        spec.trainFraction + spec.validationFraction >= 1.0)
        return Error{QStringLiteral("split fractions: train (%1) and validation (%2) must be "
                                    "positive and leave room for the test part")
                         .arg(spec.trainFraction)
                         .arg(spec.validationFraction)};
    const std::int64_t n = table.rowCount();
    const auto nTrain =
        static_cast<std::int64_t>(std::llround(static_cast<double>(n) * spec.trainFraction));
    const auto nVal = std::min<std::int64_t>(
        n - nTrain, std::llround(static_cast<double>(n) * spec.validationFraction));

    SplitParts parts;
    const auto deal = [&](const std::vector<std::int64_t> &order, std::int64_t train,
                          std::int64_t val) {
        for (std::size_t i = 0; i < order.size(); ++i) {
            const auto k = static_cast<std::int64_t>(i);
            (k < train         ? parts.train
             : k < train + val ? parts.validation
                               : parts.test)
                .push_back(order[i]);
        }
    };
    SplitMix64 rng{spec.seed};
    std::vector<std::int64_t> rows(static_cast<std::size_t>(n));
    std::iota(rows.begin(), rows.end(), std::int64_t(0));

    switch (spec.method) {
    case SplitMethod::Random:
        shuffle(rows, rng);
        deal(rows, nTrain, nVal);
        break;
    case SplitMethod::TimeOrdered:
        if (!spec.orderBy.isEmpty()) {
            const int c = table.indexOf(spec.orderBy);
            if (c < 0)
                return Error{QStringLiteral("no column '%1' to order by").arg(spec.orderBy)};
            const auto kind = table.kind(c);
            if (kind != ColumnKind::Numeric && kind != ColumnKind::Datetime)
                return Error{QStringLiteral("a time-ordered split needs a numeric or datetime "
                                            "column; '%1' is %2")
                                 .arg(spec.orderBy, kindName(kind))};
            const auto &col = table.column(c);
            std::vector<double> key(static_cast<std::size_t>(n));
            for (std::int64_t r = 0; r < n; ++r)
                key[static_cast<std::size_t>(r)] =
                    kind == ColumnKind::Numeric
                        ? table.numeric(c)->value(r)
                        : static_cast<double>(static_cast<const DatetimeColumn &>(*col).value(r));
            // Missing times sort last; equal times keep their row order.
            std::stable_sort(rows.begin(), rows.end(), [&](std::int64_t a, std::int64_t b) {
                const bool ma = col->isMissing(a), mb = col->isMissing(b);
                if (ma || mb)
                    return !ma && mb;
                return key[static_cast<std::size_t>(a)] < key[static_cast<std::size_t>(b)];
            });
        }
        deal(rows, nTrain, nVal);
        break;
    case SplitMethod::Stratified: {
        auto classes = classesOf(table, spec.stratifyBy);
        if (!classes)
            return classes.error();
        std::int64_t groups = 0;
        for (auto c : *classes)
            groups = std::max(groups, c + 2); // codes start at -1
        std::vector<std::vector<std::int64_t>> members(static_cast<std::size_t>(groups));
        for (std::int64_t r = 0; r < n; ++r)
            members[static_cast<std::size_t>((*classes)[static_cast<std::size_t>(r)] + 1)]
                .push_back(r);
        std::vector<std::int64_t> sizes;
        for (const auto &m : members)
            sizes.push_back(static_cast<std::int64_t>(m.size()));
        const auto trainPer = apportion(sizes, nTrain, n);
        std::vector<std::int64_t> rest(sizes.size());
        for (std::size_t g = 0; g < sizes.size(); ++g)
            rest[g] = sizes[g] - trainPer[g];
        const auto valPer = apportion(rest, nVal, n - nTrain);
        for (std::size_t g = 0; g < members.size(); ++g) {
            shuffle(members[g], rng);
            for (std::size_t i = 0; i < members[g].size(); ++i) {
                const auto k = static_cast<std::int64_t>(i);
                (k < trainPer[g]               ? parts.train
                 : k < trainPer[g] + valPer[g] ? parts.validation
                                               : parts.test)
                    .push_back(members[g][i]);
            }
        }
        break;
    }
    }
    for (auto *part : {&parts.train, &parts.validation, &parts.test})
        std::sort(part->begin(), part->end());
    return parts;
}

Result<std::vector<int>> assignFolds(const Table &table, int folds, const QString &stratifyBy,
                                     std::uint64_t seed)
{
    const std::int64_t n = table.rowCount();
    if (folds < 2 || folds > n)
        return Error{QStringLiteral("k-fold: %1 folds need between 2 and %2 (the row count)")
                         .arg(folds)
                         .arg(n)};
    SplitMix64 rng{seed};
    std::vector<int> out(static_cast<std::size_t>(n));
    std::vector<std::int64_t> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), std::int64_t(0));
    if (!stratifyBy.isEmpty()) {
        auto classes = classesOf(table, stratifyBy);
        if (!classes)
            return classes.error();
        // Shuffle, then group by class (stably): dealing round-robin over this order spreads
        // every class evenly over the folds.
        shuffle(order, rng);
        std::stable_sort(order.begin(), order.end(), [&](std::int64_t a, std::int64_t b) {
            return (*classes)[static_cast<std::size_t>(a)] <
                   (*classes)[static_cast<std::size_t>(b)];
        });
    } else {
        shuffle(order, rng);
    }
    for (std::size_t i = 0; i < order.size(); ++i)
        out[static_cast<std::size_t>(order[i])] =
            static_cast<int>(i % static_cast<std::size_t>(folds));
    return out;
}

} // namespace flowline::core::prep
