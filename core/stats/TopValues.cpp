#include "TopValues.h"

#include <algorithm>

namespace flowline::core {

TopValues::TopValues(int limit)
    : m_limit(static_cast<std::size_t>(std::max(limit, 0)))
{}

bool TopValues::before(const Item &a, const Item &b)
{
    // string_view compares bytes as unsigned char: UTF-8 byte order.
    return a.second != b.second ? a.second > b.second : a.first < b.first;
}

void TopValues::offer(std::string_view value, std::int64_t count)
{
    if (m_limit == 0)
        return;
    if (m_heap.size() < m_limit) {
        m_heap.emplace_back(value, count);
        std::push_heap(m_heap.begin(), m_heap.end(), before);
    } else if (before({value, count}, m_heap.front())) {
        std::pop_heap(m_heap.begin(), m_heap.end(), before);
        m_heap.back() = {value, count};
        std::push_heap(m_heap.begin(), m_heap.end(), before);
    }
}

std::vector<std::pair<QString, std::int64_t>> TopValues::take()
{
    std::sort_heap(m_heap.begin(), m_heap.end(), before);
    std::vector<std::pair<QString, std::int64_t>> top;
    top.reserve(m_heap.size());
    for (const auto &[value, count] : m_heap)
        top.emplace_back(QString::fromUtf8(value.data(), static_cast<qsizetype>(value.size())),
                         count);
    m_heap.clear();
    return top;
}

} // namespace flowline::core
