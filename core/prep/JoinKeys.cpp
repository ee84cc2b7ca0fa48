#include "JoinKeys.h"

#include "table/BooleanColumn.h"
#include "table/CategoricalColumn.h"
#include "table/DatetimeColumn.h"
#include "table/NumericColumn.h"
#include "table/TextColumn.h"

#include <bit>
#include <unordered_map>

namespace flowline::core::prep {

std::string_view labelOf(const Column &c, std::int64_t row)
{
    if (c.kind() == ColumnKind::Text)
        return static_cast<const TextColumn &>(c).value(row);
    const auto &cat = static_cast<const CategoricalColumn &>(c);
    return cat.code(row) < 0 ? std::string_view() : cat.category(cat.code(row));
}

namespace {

template <class C, class Code>
void codeValues(const Column &l, const Column &r, std::vector<std::int64_t> &lc,
                std::vector<std::int64_t> &rc, Code code)
{
    const auto &lv = static_cast<const C &>(l).values();
    const auto &rv = static_cast<const C &>(r).values();
    for (std::size_t i = 0; i < lv.size(); ++i)
        lc[i] = code(lv[i]);
    for (std::size_t i = 0; i < rv.size(); ++i)
        rc[i] = code(rv[i]);
}

// Text and categorical keys, in any mix: numbered by label; right labels the left lacks: -2.
void codeLabels(const Column &l, const Column &r, std::vector<std::int64_t> &lc,
                std::vector<std::int64_t> &rc)
{
    std::unordered_map<std::string_view, std::int64_t> ids;
    for (std::size_t i = 0; i < lc.size(); ++i) {
        const auto row = static_cast<std::int64_t>(i);
        if (!l.isMissing(row))
            lc[i] = ids.try_emplace(labelOf(l, row), std::int64_t(ids.size())).first->second;
    }
    for (std::size_t i = 0; i < rc.size(); ++i) {
        const auto row = static_cast<std::int64_t>(i);
        const auto it = r.isMissing(row) ? ids.end() : ids.find(labelOf(r, row));
        rc[i] = it == ids.end() ? -2 : it->second;
    }
}

// Codes of one key column pair (same kind, or text and categorical; checked by the caller).
void codeColumn(const Column &l, const Column &r, std::vector<std::int64_t> &lc,
                std::vector<std::int64_t> &rc)
{
    if (l.kind() != r.kind()) {
        codeLabels(l, r, lc, rc);
        return;
    }
    switch (l.kind()) {
    case ColumnKind::Numeric:
        codeValues<NumericColumn>(
            l, r, lc, rc, [](double v) { return std::bit_cast<std::int64_t>(v == 0.0 ? 0.0 : v); });
        return;
    case ColumnKind::Datetime:
        codeValues<DatetimeColumn>(l, r, lc, rc, [](std::int64_t v) { return v; });
        return;
    case ColumnKind::Boolean:
        codeValues<BooleanColumn>(l, r, lc, rc, [](std::int8_t v) { return std::int64_t(v); });
        return;
    case ColumnKind::Categorical: {
        // Right codes become left codes of the same label; labels the left lacks get -2.
        const auto &lcat = static_cast<const CategoricalColumn &>(l);
        const auto &rcat = static_cast<const CategoricalColumn &>(r);
        std::unordered_map<std::string_view, std::int32_t> leftCode;
        for (std::int32_t c = 0; c < lcat.categoryCount(); ++c)
            leftCode.emplace(lcat.category(c), c);
        std::vector<std::int64_t> remap(static_cast<std::size_t>(rcat.categoryCount()), -2);
        for (std::int32_t c = 0; c < rcat.categoryCount(); ++c) {
            const auto it = leftCode.find(rcat.category(c));
            if (it != leftCode.end())
                remap[static_cast<std::size_t>(c)] = it->second;
        }
        for (std::size_t i = 0; i < lc.size(); ++i)
            lc[i] = lcat.codes()[i];
        for (std::size_t i = 0; i < rc.size(); ++i) {
            const auto c = rcat.codes()[i];
            rc[i] = c < 0 ? -1 : remap[static_cast<std::size_t>(c)];
        }
        return;
    }
    case ColumnKind::Text:
        codeLabels(l, r, lc, rc);
        return;
    }
}

struct PairHash
{
    std::size_t operator()(const std::pair<std::int64_t, std::int64_t> &p) const
    {
        const auto a = static_cast<std::uint64_t>(p.first) * 0x9E3779B97F4A7C15ULL;
        return static_cast<std::size_t>(a ^ (static_cast<std::uint64_t>(p.second) + (a >> 29)));
    }
};

} // namespace

JoinKeyCodes joinKeyCodes(const std::vector<const Column *> &lk,
                          const std::vector<const Column *> &rk)
{
    const auto nl = static_cast<std::size_t>(lk.front()->size());
    const auto nr = static_cast<std::size_t>(rk.front()->size());
    JoinKeyCodes k{std::vector<std::int64_t>(nl), std::vector<std::int64_t>(nr),
                   std::vector<std::uint8_t>(nl), std::vector<std::uint8_t>(nr)};
    std::vector<std::int64_t> lc(lk.size() > 1 ? nl : 0), rc(lk.size() > 1 ? nr : 0);
    for (std::size_t c = 0; c < lk.size(); ++c) {
        const bool unknownLabel =
            lk[c]->kind() == ColumnKind::Categorical || lk[c]->kind() == ColumnKind::Text;
        codeColumn(*lk[c], *rk[c], c == 0 ? k.left : lc, c == 0 ? k.right : rc);
        for (std::size_t i = 0; i < nl; ++i)
            k.leftNever[i] |= lk[c]->isMissing(static_cast<std::int64_t>(i)) ? 1 : 0;
        for (std::size_t i = 0; i < nr; ++i) {
            const auto code = c == 0 ? k.right[i] : rc[i];
            k.rightNever[i] |=
                rk[c]->isMissing(static_cast<std::int64_t>(i)) || (unknownLabel && code == -2) ? 1
                                                                                               : 0;
        }
        if (c == 0)
            continue;
        // Several keys: number the left's (code so far, this code) pairs; the right looks
        // them up, and a pair the left lacks matches nothing.
        std::unordered_map<std::pair<std::int64_t, std::int64_t>, std::int64_t, PairHash> ids;
        for (std::size_t i = 0; i < nl; ++i) {
            if (!k.leftNever[i])
                k.left[i] =
                    ids.try_emplace({k.left[i], lc[i]}, std::int64_t(ids.size())).first->second;
        }
        for (std::size_t i = 0; i < nr; ++i) {
            if (k.rightNever[i])
                continue;
            const auto it = ids.find({k.right[i], rc[i]});
            if (it == ids.end())
                k.rightNever[i] = 1;
            else
                k.right[i] = it->second;
        }
    }
    return k;
}

} // namespace flowline::core::prep
