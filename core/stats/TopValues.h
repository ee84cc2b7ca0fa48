#pragma once

#include <QString>

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace flowline::core {

// Keeps the `limit` most frequent of the values offered: most frequent first, ties in ascending
// byte order (UTF-8 text thus in code point order). A bounded heap, so offering every distinct
// value of a large column costs O(n log limit) time and O(limit) memory. The views must stay
// valid until take().
class TopValues
{
public:
    explicit TopValues(int limit);

    void offer(std::string_view value, std::int64_t count);
    std::vector<std::pair<QString, std::int64_t>> take();

private:
    using Item = std::pair<std::string_view, std::int64_t>;
    static bool before(const Item &a, const Item &b);

    std::size_t m_limit;
    std::vector<Item> m_heap; // the top is the weakest value kept
};

} // namespace flowline::core
