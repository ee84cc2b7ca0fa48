#pragma once

#include "Column.h"

#include <string>
#include <string_view>
#include <vector>

namespace flowline::core {

// int32 codes into a dictionary of UTF-8 categories; code -1 is missing. The dictionary is
// shared between a column and the columns taken or sliced from it.
class CategoricalColumn : public Column
{
public:
    static constexpr std::int32_t kMissing = -1;
    using Dictionary = std::vector<std::string>;

    CategoricalColumn(std::vector<std::int32_t> codes,
                      std::shared_ptr<const Dictionary> dictionary);

    std::int64_t size() const override { return static_cast<std::int64_t>(m_codes.size()); }
    bool isMissing(std::int64_t row) const override { return code(row) == kMissing; }
    QString displayValue(std::int64_t row) const override;
    ColumnPtr take(std::span<const std::int64_t> rows) const override;
    ColumnPtr takeOrMissing(std::span<const std::int64_t> rows) const override;
    ColumnPtr slice(std::int64_t offset, std::int64_t count) const override;
    std::size_t memoryBytes() const override;

    std::int32_t code(std::int64_t row) const { return m_codes[static_cast<std::size_t>(row)]; }
    const std::vector<std::int32_t> &codes() const { return m_codes; }
    const Dictionary &dictionary() const { return *m_dictionary; }
    const std::shared_ptr<const Dictionary> &sharedDictionary() const { return m_dictionary; }
    std::int32_t categoryCount() const { return static_cast<std::int32_t>(m_dictionary->size()); }
    std::string_view category(std::int32_t code) const { return (*m_dictionary)[code]; }

private:
    std::vector<std::int32_t> m_codes;
    std::shared_ptr<const Dictionary> m_dictionary;
};

} // namespace flowline::core
