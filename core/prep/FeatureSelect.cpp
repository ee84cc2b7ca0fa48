#include "FeatureSelect.h"

#include "MutualInfo.h"
#include "Split.h"
#include "StepSupport.h"
#include "table/NumericColumn.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

namespace flowline::core::prep {

namespace {

double varianceOf(const NumericColumn &c)
{
    double sum = 0;
    std::int64_t n = 0;
    for (std::int64_t r = 0; r < c.size(); ++r) {
        if (!c.isMissing(r)) {
            sum += c.value(r);
            ++n;
        }
    }
    if (n == 0)
        return std::nan("");
    const double mean = sum / static_cast<double>(n);
    double ss = 0;
    for (std::int64_t r = 0; r < c.size(); ++r) {
        if (!c.isMissing(r))
            ss += (c.value(r) - mean) * (c.value(r) - mean);
    }
    return ss / static_cast<double>(n);
}

double pearson(const NumericColumn &a, const NumericColumn &b)
{
    double sa = 0, sb = 0;
    std::int64_t n = 0;
    for (std::int64_t r = 0; r < a.size(); ++r) {
        if (!a.isMissing(r) && !b.isMissing(r)) {
            sa += a.value(r);
            sb += b.value(r);
            ++n;
        }
    }
    if (n < 2)
        return std::nan("");
    const double ma = sa / static_cast<double>(n), mb = sb / static_cast<double>(n);
    double sab = 0, saa = 0, sbb = 0;
    for (std::int64_t r = 0; r < a.size(); ++r) {
        if (!a.isMissing(r) && !b.isMissing(r)) {
            const double da = a.value(r) - ma, db = b.value(r) - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
    }
    return sab / std::sqrt(saa * sbb);
}

// F of a one-way ANOVA of the feature across the classes (rows with a missing value skipped).
double anovaF(const NumericColumn &x, const std::vector<std::int64_t> &classes)
{
    std::map<std::int64_t, std::pair<double, std::int64_t>> groups; // sum, count
    double total = 0;
    std::int64_t n = 0;
    for (std::int64_t r = 0; r < x.size(); ++r) {
        if (x.isMissing(r))
            continue;
        auto &g = groups[classes[static_cast<std::size_t>(r)]];
        g.first += x.value(r);
        ++g.second;
        total += x.value(r);
        ++n;
    }
    const auto k = static_cast<double>(groups.size());
    if (k < 2 || static_cast<double>(n) <= k)
        return std::nan("");
    const double grand = total / static_cast<double>(n);
    double between = 0;
    for (const auto &[c, g] : groups) {
        const double mean = g.first / static_cast<double>(g.second);
        between += static_cast<double>(g.second) * (mean - grand) * (mean - grand);
    }
    double within = 0;
    for (std::int64_t r = 0; r < x.size(); ++r) {
        if (x.isMissing(r))
            continue;
        const auto &g = groups[classes[static_cast<std::size_t>(r)]];
        const double d = x.value(r) - g.first / static_cast<double>(g.second);
        within += d * d;
    }
    return (between / (k - 1)) / (within / (static_cast<double>(n) - k));
}

} // namespace

QString selectionRuleName(SelectionRule rule)
{
    switch (rule) {
    case SelectionRule::Variance:
        return QStringLiteral("variance");
    case SelectionRule::Correlation:
        return QStringLiteral("correlation");
    case SelectionRule::AnovaF:
        return QStringLiteral("anova_f");
    case SelectionRule::Chi2:
        return QStringLiteral("chi2");
    case SelectionRule::MutualInfo:
        return QStringLiteral("mutual_info");
    }
    return QString();
}

FittedSelection::FittedSelection(SelectSpec spec, QStringList candidates, QStringList kept,
                                 std::vector<double> scores)
    : m_spec(std::move(spec))
    , m_candidates(std::move(candidates))
    , m_kept(std::move(kept))
    , m_scores(std::move(scores))
{}

Result<std::shared_ptr<const FittedSelection>> fitSelection(const Table &table,
                                                            const SelectSpec &spec, JobContext &)
{
    const QString step = QStringLiteral("feature selection");
    auto cols = resolveColumns(table, spec.columns, {ColumnKind::Numeric}, step);
    if (!cols)
        return cols.error();
    const int targetIndex = spec.target.isEmpty() ? -1 : table.indexOf(spec.target);
    cols->erase(std::remove(cols->begin(), cols->end(), targetIndex), cols->end());
    QStringList names;
    for (int c : *cols)
        names << table.columnName(c);
    const std::size_t d = cols->size();
    std::vector<double> scores(d, std::nan(""));
    QStringList kept;

    switch (spec.rule) {
    case SelectionRule::Variance:
        for (std::size_t j = 0; j < d; ++j) {
            scores[j] = varianceOf(*table.numeric((*cols)[j]));
            if (scores[j] > spec.threshold)
                kept << names[static_cast<qsizetype>(j)];
        }
        break;
    case SelectionRule::Correlation: {
        if (!(spec.threshold > 0 && spec.threshold <= 1))
            return Error{QStringLiteral("correlation filter: the threshold must be in (0, 1]")};
        std::vector<std::size_t> keptIdx;
        for (std::size_t j = 0; j < d; ++j) {
            double worst = 0;
            for (std::size_t i : keptIdx) {
                const double r =
                    std::abs(pearson(*table.numeric((*cols)[i]), *table.numeric((*cols)[j])));
                if (!std::isnan(r))
                    worst = std::max(worst, r);
            }
            scores[j] = worst;
            if (worst <= spec.threshold) {
                keptIdx.push_back(j);
                kept << names[static_cast<qsizetype>(j)];
            }
        }
        break;
    }
    case SelectionRule::AnovaF:
    case SelectionRule::Chi2:
    case SelectionRule::MutualInfo: {
        if (spec.target.isEmpty() || targetIndex < 0)
            return Error{QStringLiteral("%1: choose the class column (no column '%2')")
                             .arg(selectionRuleName(spec.rule), spec.target)};
        if (spec.k < 1)
            return Error{
                QStringLiteral("%1: k must be at least 1").arg(selectionRuleName(spec.rule))};
        auto classes = classesOf(table, spec.target);
        if (!classes)
            return classes.error();
        for (std::size_t j = 0; j < d; ++j) {
            const auto &x = *table.numeric((*cols)[j]);
            if (spec.rule == SelectionRule::AnovaF) {
                scores[j] = anovaF(x, *classes);
                continue;
            }
            if (spec.rule == SelectionRule::MutualInfo) {
                std::vector<double> values(static_cast<std::size_t>(x.size()));
                for (std::int64_t r = 0; r < x.size(); ++r) {
                    if (x.isMissing(r))
                        return Error{QStringLiteral("mutual_info: column '%1' has missing values "
                                                    "(row %2); impute them first")
                                         .arg(names[static_cast<qsizetype>(j)])
                                         .arg(r + 1)};
                    values[static_cast<std::size_t>(r)] = x.value(r);
                }
                scores[j] = mutualInfoClassif(
                    values, *classes, 3,
                    spec.breakTies ? std::optional<std::uint64_t>(spec.seed + j) : std::nullopt);
                continue;
            }
            // chi²: observed = per-class sums of the feature, expected = class share x total.
            std::map<std::int64_t, double> observed;
            std::map<std::int64_t, std::int64_t> sizes;
            double total = 0;
            for (std::int64_t r = 0; r < x.size(); ++r) {
                const double v = x.value(r);
                if (v < 0)
                    return Error{QStringLiteral("chi²: column '%1' has a negative value (row %2); "
                                                "chi² needs counts or other values >= 0")
                                     .arg(names[static_cast<qsizetype>(j)])
                                     .arg(r + 1)};
                if (std::isnan(v))
                    return Error{QStringLiteral("chi²: column '%1' has missing values; impute "
                                                "them first")
                                     .arg(names[static_cast<qsizetype>(j)])};
                observed[(*classes)[static_cast<std::size_t>(r)]] += v;
                ++sizes[(*classes)[static_cast<std::size_t>(r)]];
                total += v;
            }
            double chi2 = 0;
            for (const auto &[c, obs] : observed) {
                const double expected =
                    total * static_cast<double>(sizes[c]) / static_cast<double>(table.rowCount());
                chi2 += (obs - expected) * (obs - expected) / expected;
            }
            scores[j] = chi2;
        }
        // The k best, ties to the later column (as scikit-learn's stable argsort); undefined
        // scores rank lowest. Kept columns stay in table order.
        std::vector<std::size_t> order(d);
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            const double sa = std::isnan(scores[a]) ? -HUGE_VAL : scores[a];
            const double sb = std::isnan(scores[b]) ? -HUGE_VAL : scores[b];
            return sa < sb;
        });
        std::vector<char> keep(d, 0);
        for (std::size_t i = d - std::min<std::size_t>(d, static_cast<std::size_t>(spec.k)); i < d;
             ++i)
            keep[order[i]] = 1;
        for (std::size_t j = 0; j < d; ++j) {
            if (keep[j])
                kept << names[static_cast<qsizetype>(j)];
        }
        break;
    }
    }
    return std::make_shared<const FittedSelection>(spec, names, kept, std::move(scores));
}

Result<Table> FittedSelection::apply(const Table &in, JobContext &) const
{
    auto present =
        requireColumns(in, m_kept, {ColumnKind::Numeric}, QStringLiteral("feature selection"));
    if (!present)
        return present.error();
    std::vector<int> keep;
    for (int c = 0; c < in.columnCount(); ++c) {
        const QString &name = in.columnName(c);
        if (!m_candidates.contains(name) || m_kept.contains(name))
            keep.push_back(c);
    }
    return in.select(keep);
}

QJsonObject FittedSelection::toJson() const
{
    return QJsonObject{{QStringLiteral("kind"), kind()},
                       {QStringLiteral("rule"), selectionRuleName(m_spec.rule)},
                       {QStringLiteral("threshold"), m_spec.threshold},
                       {QStringLiteral("k"), m_spec.k},
                       {QStringLiteral("break_ties"), m_spec.breakTies},
                       {QStringLiteral("seed"), static_cast<qint64>(m_spec.seed)},
                       {QStringLiteral("target"), m_spec.target},
                       {QStringLiteral("candidates"), stringsToJson(m_candidates)},
                       {QStringLiteral("kept"), stringsToJson(m_kept)},
                       {QStringLiteral("scores"), numbersToJson(m_scores)}};
}

Result<FittedStepPtr> FittedSelection::fromJson(const QJsonObject &json)
{
    SelectSpec spec;
    const QString rule = json.value(QStringLiteral("rule")).toString();
    bool known = false;
    for (auto r : {SelectionRule::Variance, SelectionRule::Correlation, SelectionRule::AnovaF,
                   SelectionRule::Chi2, SelectionRule::MutualInfo}) {
        if (rule == selectionRuleName(r)) {
            spec.rule = r;
            known = true;
        }
    }
    if (!known)
        return Error{QStringLiteral("select_features: unknown rule '%1'").arg(rule)};
    spec.threshold = json.value(QStringLiteral("threshold")).toDouble();
    spec.k = json.value(QStringLiteral("k")).toInt();
    spec.breakTies = json.value(QStringLiteral("break_ties")).toBool(true);
    spec.seed = static_cast<std::uint64_t>(json.value(QStringLiteral("seed")).toInteger());
    spec.target = json.value(QStringLiteral("target")).toString();
    const QStringList candidates = stringsFromJson(json.value(QStringLiteral("candidates")));
    const QStringList kept = stringsFromJson(json.value(QStringLiteral("kept")));
    auto scores = numbersFromJson(json.value(QStringLiteral("scores")), QStringLiteral("scores"));
    if (!scores)
        return scores.error();
    for (const QString &k : kept) {
        if (!candidates.contains(k))
            return Error{
                QStringLiteral("select_features: kept column '%1' is not a candidate").arg(k)};
    }
    if (scores->size() != static_cast<std::size_t>(candidates.size()))
        return Error{QStringLiteral("select_features: one score per candidate needed")};
    return FittedStepPtr(
        std::make_shared<const FittedSelection>(spec, candidates, kept, std::move(*scores)));
}

QString FittedSelection::summary() const
{
    return QStringLiteral("select features by %1: keep %2 of %3 (%4)")
        .arg(selectionRuleName(m_spec.rule))
        .arg(m_kept.size())
        .arg(m_candidates.size())
        .arg(m_kept.join(QStringLiteral(", ")));
}

Result<Refitted> FittedSelection::refit(const Table &in, JobContext &ctx) const
{
    return refitWith(in, ctx,
                     [&](const Table &t, JobContext &c) { return fitSelection(t, m_spec, c); });
}

} // namespace flowline::core::prep
