#pragma once

// How formula values look while a formula runs: one block of up to kBlockRows values per node,
// stored as plain arrays so that every operator is a tight loop over a block.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <string_view>
#include <type_traits>
#include <vector>

namespace flowline::core::expr {

// Rows computed at once by each node of a formula.
inline constexpr int kBlockRows = 4096;

// The types a formula value can have. Null is the type of the literal `missing` until the
// compiler learns from its context which type it stands for.
enum class ValueType : std::uint8_t { Null, Number, Boolean, Text, Datetime };

// For messages: "a number", "true/false", "text", "a date", "missing".
const char *typeName(ValueType type);

// Block element per type:
//   Number   double, NaN is missing
//   Boolean  std::uint8_t, three-valued and ordered (false < unknown < true), so that
//            and = min, or = max, not = 2 - x (Kleene logic); unknown is the missing boolean
//   Text     StrVal (a view); a null data() pointer is missing, an empty text is not
//   Datetime std::int64_t milliseconds since 1970-01-01 UTC, kMissingTime is missing
inline constexpr std::uint8_t kFalse = 0;
inline constexpr std::uint8_t kUnknown = 1;
inline constexpr std::uint8_t kTrue = 2;
inline constexpr std::int64_t kMissingTime = std::numeric_limits<std::int64_t>::min();

using StrVal = std::string_view;

// Whether a block element is missing, one overload per element type.
inline bool isMissing(StrVal s)
{
    return s.data() == nullptr;
}
inline bool isMissing(double v)
{
    return v != v;
}
inline bool isMissing(std::uint8_t v)
{
    return v == kUnknown;
}
inline bool isMissing(std::int64_t v)
{
    return v == kMissingTime;
}

// The missing element of each type.
template <class T>
T missingValue()
{
    if constexpr (std::is_same_v<T, double>)
        return std::numeric_limits<double>::quiet_NaN();
    else if constexpr (std::is_same_v<T, std::uint8_t>)
        return kUnknown;
    else if constexpr (std::is_same_v<T, std::int64_t>)
        return kMissingTime;
    else
        return StrVal();
}

// Bytes per block element of a type (Null has none).
std::size_t valueSize(ValueType type);

// Storage for texts made while a block is computed (lower(), concatenation...). Views into it
// stay valid until reset(); allocate() never returns null, even for zero bytes.
class StringArena
{
public:
    char *allocate(std::size_t bytes);
    StrVal store(std::string_view s)
    {
        char *p = allocate(s.size());
        if (!s.empty())
            std::memcpy(p, s.data(), s.size());
        return {p, s.size()};
    }
    // Forgets every stored text but keeps the memory for reuse.
    void reset()
    {
        m_current = 0;
        m_used = 0;
    }

private:
    static constexpr std::size_t kChunkBytes = 64 * 1024;
    struct Chunk
    {
        std::unique_ptr<char[]> data;
        std::size_t capacity = 0;
    };
    std::vector<Chunk> m_chunks;
    std::size_t m_current = 0;
    std::size_t m_used = 0;
};

struct Node;

// One call of a kernel: compute n values of node from the blocks of its arguments.
// args[i] points at the block of node.args[i], out at this node's block, both typed by the
// nodes' ValueTypes. Texts a kernel makes go into arena. nodes is the whole program, for the
// kernels that read literal arguments directly.
struct KernelCall
{
    const Node &node;
    const void *const *args;
    void *out;
    int n;
    StringArena &arena;
    const Node *nodes;

    template <class T>
    const T *in(int i) const
    {
        return static_cast<const T *>(args[i]);
    }
    template <class T>
    T *output() const
    {
        return static_cast<T *>(out);
    }
};

using Kernel = void (*)(const KernelCall &call);

} // namespace flowline::core::expr
