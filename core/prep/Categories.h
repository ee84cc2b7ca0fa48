#pragma once

// Helpers of the categorical steps (one-hot, ordinal, rare categories, target encoding): a
// categorical or boolean column seen as codes into a list of category names, counting, mapping
// an input's dictionary onto the categories a step learned, and putting new columns in place of
// old ones.

#include "table/CategoricalColumn.h"
#include "table/Table.h"
#include "util/Error.h"

#include <QJsonArray>
#include <QStringList>

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace flowline::core::prep {

// A categorical column (its codes and dictionary, shared) or a boolean one (codes 0 = "false",
// 1 = "true"); code -1 is missing.
class CategoryView
{
public:
    explicit CategoryView(const Column &column);
    std::int64_t size() const { return m_size; }
    std::int32_t code(std::int64_t row) const { return m_codes[row]; }
    const CategoricalColumn::Dictionary &dictionary() const { return *m_dictionary; }

private:
    std::vector<std::int32_t> m_owned;
    const std::int32_t *m_codes = nullptr;
    std::int64_t m_size = 0;
    std::shared_ptr<const CategoricalColumn::Dictionary> m_dictionary;
};

// Rows per dictionary code (missing rows are not counted).
std::vector<std::int64_t> countCodes(const CategoryView &view);
// The categories that occur (count > 0), sorted by their UTF-8 bytes, with their counts.
std::vector<std::pair<std::string, std::int64_t>> seenCategories(const CategoryView &view);
// For each entry of `dictionary`, its index in `learned`, or -1 when it is not there.
std::vector<std::int32_t> mapDictionary(const CategoricalColumn::Dictionary &dictionary,
                                        const std::vector<std::string> &learned);

QJsonArray categoriesToJson(const std::vector<std::string> &categories);
std::vector<std::string> categoriesFromJson(const QJsonValue &json);
QString categoryText(const std::string &category);

// `in` with column `replaced[i].first` replaced, in place, by the named columns of
// `replaced[i].second` (new columns are features; the others keep their roles; the recipe is
// kept). A name that clashes with another column is an Error naming it.
using NewColumns = std::vector<std::pair<QString, ColumnPtr>>;
Result<Table> replaceColumns(const Table &in,
                             const std::vector<std::pair<int, NewColumns>> &replaced,
                             const QString &step);

} // namespace flowline::core::prep
