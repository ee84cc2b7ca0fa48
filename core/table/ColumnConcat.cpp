#include "ColumnConcat.h"

#include "BooleanColumn.h"
#include "CategoricalColumn.h"
#include "DatetimeColumn.h"
#include "NumericColumn.h"
#include "TextColumn.h"

#include <stdexcept>
#include <string>
#include <unordered_map>

namespace flowline::core {

namespace {

template <class C>
ColumnPtr concatValues(std::span<const ColumnPiece> pieces, std::int64_t total)
{
    std::vector<typename C::value_type> out;
    out.reserve(static_cast<std::size_t>(total));
    for (const auto &p : pieces) {
        if (!p.column) {
            out.insert(out.end(), static_cast<std::size_t>(p.rows), C::kMissing);
            continue;
        }
        const auto &values = static_cast<const C &>(*p.column).values();
        out.insert(out.end(), values.begin(), values.end());
    }
    return std::make_shared<const C>(std::move(out));
}

ColumnPtr concatText(std::span<const ColumnPiece> pieces, std::int64_t total)
{
    TextColumnBuilder b;
    b.reserve(total, 0);
    for (const auto &p : pieces) {
        const auto *text = static_cast<const TextColumn *>(p.column);
        for (std::int64_t r = 0; r < p.rows; ++r) {
            if (!text || text->isMissing(r))
                b.appendMissing();
            else
                b.append(text->value(r));
        }
    }
    return b.finish();
}

ColumnPtr concatCategorical(std::span<const ColumnPiece> pieces, std::int64_t total)
{
    std::shared_ptr<const CategoricalColumn::Dictionary> shared;
    bool same = true;
    for (const auto &p : pieces) {
        if (!p.column)
            continue;
        const auto &dict = static_cast<const CategoricalColumn &>(*p.column).sharedDictionary();
        if (!shared)
            shared = dict;
        else if (dict != shared)
            same = false;
    }
    auto merged = std::make_shared<CategoricalColumn::Dictionary>();
    std::unordered_map<std::string, std::int32_t> codeOf;
    std::vector<std::int32_t> codes;
    codes.reserve(static_cast<std::size_t>(total));
    for (const auto &p : pieces) {
        if (!p.column) {
            codes.insert(codes.end(), static_cast<std::size_t>(p.rows),
                         CategoricalColumn::kMissing);
            continue;
        }
        const auto &cat = static_cast<const CategoricalColumn &>(*p.column);
        if (same) {
            codes.insert(codes.end(), cat.codes().begin(), cat.codes().end());
            continue;
        }
        // This piece's codes in the merged dictionary.
        std::vector<std::int32_t> remap(static_cast<std::size_t>(cat.categoryCount()));
        for (std::int32_t c = 0; c < cat.categoryCount(); ++c) {
            std::string label(cat.category(c));
            auto [it, added] = codeOf.try_emplace(label, static_cast<std::int32_t>(merged->size()));
            if (added)
                merged->push_back(std::move(label));
            remap[static_cast<std::size_t>(c)] = it->second;
        }
        for (auto c : cat.codes())
            codes.push_back(c < 0 ? CategoricalColumn::kMissing
                                  : remap[static_cast<std::size_t>(c)]);
    }
    if (same && shared)
        return std::make_shared<const CategoricalColumn>(std::move(codes), shared);
    return std::make_shared<const CategoricalColumn>(std::move(codes), std::move(merged));
}

} // namespace

ColumnPtr concatColumns(ColumnKind kind, std::span<const ColumnPiece> pieces)
{
    std::int64_t total = 0;
    for (const auto &p : pieces) {
        if (p.column && p.column->kind() != kind)
            throw std::invalid_argument("concatColumns: a piece is " +
                                        kindName(p.column->kind()).toStdString() + ", not " +
                                        kindName(kind).toStdString());
        if (p.column && p.column->size() != p.rows)
            throw std::invalid_argument("concatColumns: a piece's row count is wrong");
        total += p.rows;
    }
    switch (kind) {
    case ColumnKind::Numeric:
        return concatValues<NumericColumn>(pieces, total);
    case ColumnKind::Datetime:
        return concatValues<DatetimeColumn>(pieces, total);
    case ColumnKind::Boolean:
        return concatValues<BooleanColumn>(pieces, total);
    case ColumnKind::Categorical:
        return concatCategorical(pieces, total);
    case ColumnKind::Text:
        return concatText(pieces, total);
    }
    throw std::invalid_argument("concatColumns: unknown kind");
}

} // namespace flowline::core
