#include "Categories.h"

#include "table/BooleanColumn.h"

#include <QJsonArray>
#include <QSet>

#include <algorithm>

namespace flowline::core::prep {

namespace {

std::shared_ptr<const CategoricalColumn::Dictionary> booleanDictionary()
{
    static const auto dict = std::make_shared<const CategoricalColumn::Dictionary>(
        CategoricalColumn::Dictionary{"false", "true"});
    return dict;
}

} // namespace

CategoryView::CategoryView(const Column &column)
    : m_size(column.size())
{
    if (column.kind() == ColumnKind::Boolean) {
        const auto &values = static_cast<const BooleanColumn &>(column).values();
        m_owned.resize(values.size());
        for (std::size_t i = 0; i < values.size(); ++i)
            m_owned[i] = values[i] == BooleanColumn::kMissing ? -1 : values[i];
        m_codes = m_owned.data();
        m_dictionary = booleanDictionary();
    } else {
        const auto &cat = static_cast<const CategoricalColumn &>(column);
        m_codes = cat.codes().data();
        m_dictionary = cat.sharedDictionary();
    }
}

std::vector<std::int64_t> countCodes(const CategoryView &view)
{
    std::vector<std::int64_t> counts(view.dictionary().size(), 0);
    for (std::int64_t r = 0; r < view.size(); ++r) {
        const auto c = view.code(r);
        if (c >= 0)
            ++counts[static_cast<std::size_t>(c)];
    }
    return counts;
}

std::vector<std::pair<std::string, std::int64_t>> seenCategories(const CategoryView &view)
{
    const auto counts = countCodes(view);
    std::vector<std::pair<std::string, std::int64_t>> out;
    for (std::size_t c = 0; c < counts.size(); ++c) {
        if (counts[c] > 0)
            out.emplace_back(view.dictionary()[c], counts[c]);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::int32_t> mapDictionary(const CategoricalColumn::Dictionary &dictionary,
                                        const std::vector<std::string> &learned)
{
    std::unordered_map<std::string_view, std::int32_t> index;
    for (std::size_t i = 0; i < learned.size(); ++i)
        index.emplace(learned[i], static_cast<std::int32_t>(i));
    std::vector<std::int32_t> out(dictionary.size(), -1);
    for (std::size_t c = 0; c < dictionary.size(); ++c) {
        const auto it = index.find(dictionary[c]);
        if (it != index.end())
            out[c] = it->second;
    }
    return out;
}

QString categoryText(const std::string &category)
{
    return QString::fromUtf8(category.data(), static_cast<qsizetype>(category.size()));
}

QJsonArray categoriesToJson(const std::vector<std::string> &categories)
{
    QJsonArray a;
    for (const auto &c : categories)
        a.append(categoryText(c));
    return a;
}

std::vector<std::string> categoriesFromJson(const QJsonValue &json)
{
    std::vector<std::string> out;
    for (const QJsonValue &v : json.toArray())
        out.push_back(v.toString().toStdString());
    return out;
}

Result<Table> replaceColumns(const Table &in,
                             const std::vector<std::pair<int, NewColumns>> &replaced,
                             const QString &step)
{
    std::vector<const NewColumns *> at(static_cast<std::size_t>(in.columnCount()), nullptr);
    for (const auto &[index, cols] : replaced)
        at[static_cast<std::size_t>(index)] = &cols;
    QStringList names;
    std::vector<ColumnPtr> columns;
    std::vector<int> source; // -1: new
    QSet<QString> seen;
    for (int i = 0; i < in.columnCount(); ++i) {
        const auto *repl = at[static_cast<std::size_t>(i)];
        if (!repl) {
            names << in.columnName(i);
            columns.push_back(in.column(i));
            source.push_back(i);
            continue;
        }
        for (const auto &[name, col] : *repl) {
            names << name;
            columns.push_back(col);
            source.push_back(-1);
        }
    }
    for (const QString &name : names) {
        if (seen.contains(name))
            return Error{
                QStringLiteral("%1: the output would have two columns named '%2'").arg(step, name)};
        seen.insert(name);
    }
    Table t(std::move(names), std::move(columns));
    for (int i = 0; i < t.columnCount(); ++i) {
        const int s = source[static_cast<std::size_t>(i)];
        if (s >= 0 && in.role(s) != ColumnRole::Feature)
            t = t.withRole(i, in.role(s));
    }
    return t.withRecipe(in.recipe());
}

} // namespace flowline::core::prep
