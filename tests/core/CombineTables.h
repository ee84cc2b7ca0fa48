#pragma once

// Small tables for the combine tests: numeric and categorical columns from literals, and a
// table from a reference file's {name: [values]} object.

#include "PrepReference.h"
#include "table/CategoricalColumn.h"
#include "table/NumericColumn.h"
#include "table/Table.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <algorithm>

namespace flowline::tests {

inline core::ColumnPtr num(std::vector<double> v)
{
    return std::make_shared<const core::NumericColumn>(std::move(v));
}

// Labels; "" is missing. The dictionary is the labels in order of first appearance.
inline core::ColumnPtr cat(const QStringList &labels)
{
    auto dict = std::make_shared<core::CategoricalColumn::Dictionary>();
    std::vector<std::int32_t> codes;
    for (const auto &l : labels) {
        if (l.isEmpty()) {
            codes.push_back(core::CategoricalColumn::kMissing);
            continue;
        }
        const auto s = l.toStdString();
        auto it = std::find(dict->begin(), dict->end(), s);
        if (it == dict->end())
            it = dict->insert(dict->end(), s);
        codes.push_back(static_cast<std::int32_t>(it - dict->begin()));
    }
    return std::make_shared<const core::CategoricalColumn>(std::move(codes), std::move(dict));
}

// A table from a reference's {name: [values]} object, in the given column order: a column
// with any text is categorical, else numeric.
inline core::Table fromJson(const QJsonObject &columns, const QJsonArray &order)
{
    QStringList names;
    std::vector<core::ColumnPtr> cols;
    for (const auto &n : order) {
        const QJsonArray values = columns.value(n.toString()).toArray();
        bool text = false;
        for (const auto &v : values)
            text = text || v.isString();
        if (text) {
            QStringList labels;
            for (const auto &v : values)
                labels << v.toString();
            cols.push_back(cat(labels));
        } else {
            cols.push_back(num(flowline::tests::numbersOf(values)));
        }
        names << n.toString();
    }
    return core::Table(names, std::move(cols));
}

} // namespace flowline::tests
