#include "Values.h"

#include <algorithm>

namespace flowline::core::expr {

const char *typeName(ValueType type)
{
    switch (type) {
    case ValueType::Null:
        return "missing";
    case ValueType::Number:
        return "a number";
    case ValueType::Boolean:
        return "true/false";
    case ValueType::Text:
        return "text";
    case ValueType::Datetime:
        return "a date";
    }
    return "?";
}

std::size_t valueSize(ValueType type)
{
    switch (type) {
    case ValueType::Null:
        return 0;
    case ValueType::Number:
        return sizeof(double);
    case ValueType::Boolean:
        return sizeof(std::uint8_t);
    case ValueType::Text:
        return sizeof(StrVal);
    case ValueType::Datetime:
        return sizeof(std::int64_t);
    }
    return 0;
}

char *StringArena::allocate(std::size_t bytes)
{
    while (m_current < m_chunks.size() && m_used + bytes > m_chunks[m_current].capacity) {
        ++m_current;
        m_used = 0;
    }
    if (m_current == m_chunks.size()) {
        Chunk chunk;
        chunk.capacity = std::max(kChunkBytes, bytes);
        chunk.data = std::make_unique<char[]>(chunk.capacity);
        m_chunks.push_back(std::move(chunk));
        m_used = 0;
    }
    char *p = m_chunks[m_current].data.get() + m_used;
    m_used += bytes;
    return p;
}

} // namespace flowline::core::expr
