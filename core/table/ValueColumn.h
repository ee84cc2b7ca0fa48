#pragma once

#include "Column.h"

#include <vector>

namespace flowline::core {

// Shared storage and row selection for the fixed-width kinds (numeric, datetime, boolean).
// Derived is the concrete column type; it must be constructible from std::vector<T>.
template <class Derived, class T, ColumnKind Kind>
class ValueColumn : public Column
{
public:
    using value_type = T;

    explicit ValueColumn(std::vector<T> values)
        : Column(Kind)
        , m_values(std::move(values))
    {}

    std::int64_t size() const override { return static_cast<std::int64_t>(m_values.size()); }
    const T *data() const { return m_values.data(); }
    T value(std::int64_t row) const { return m_values[static_cast<std::size_t>(row)]; }
    const std::vector<T> &values() const { return m_values; }

    ColumnPtr take(std::span<const std::int64_t> rows) const override
    {
        std::vector<T> out;
        out.reserve(rows.size());
        for (auto r : rows)
            out.push_back(m_values[static_cast<std::size_t>(r)]);
        return std::make_shared<const Derived>(std::move(out));
    }

    // Derived::kMissing is the missing value of the kind.
    ColumnPtr takeOrMissing(std::span<const std::int64_t> rows) const override
    {
        std::vector<T> out;
        out.reserve(rows.size());
        for (auto r : rows)
            out.push_back(r < 0 ? Derived::kMissing : m_values[static_cast<std::size_t>(r)]);
        return std::make_shared<const Derived>(std::move(out));
    }

    ColumnPtr slice(std::int64_t offset, std::int64_t count) const override
    {
        auto first = m_values.begin() + offset;
        return std::make_shared<const Derived>(std::vector<T>(first, first + count));
    }

    std::size_t memoryBytes() const override { return m_values.capacity() * sizeof(T); }

private:
    std::vector<T> m_values;
};

} // namespace flowline::core
