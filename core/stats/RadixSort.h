#pragma once

#include <bit>
#include <cstdint>
#include <vector>

namespace flowline::core {

// Unsigned keys whose order is the numeric order of the values they stand for, so that sorting
// keys sorts values. -0.0 gets the key of +0.0 (they compare equal); NaN must not be keyed.
inline std::uint64_t sortKey(double value)
{
    constexpr std::uint64_t sign = std::uint64_t(1) << 63;
    const auto bits = std::bit_cast<std::uint64_t>(value == 0.0 ? 0.0 : value);
    return (bits & sign) ? ~bits : (bits | sign);
}

inline double valueOfSortKey(std::uint64_t key)
{
    constexpr std::uint64_t sign = std::uint64_t(1) << 63;
    return std::bit_cast<double>((key & sign) ? (key ^ sign) : ~key);
}

inline std::uint64_t sortKey(std::int64_t value)
{
    return static_cast<std::uint64_t>(value) ^ (std::uint64_t(1) << 63);
}

inline std::int64_t int64OfSortKey(std::uint64_t key)
{
    return static_cast<std::int64_t>(key ^ (std::uint64_t(1) << 63));
}

// Sorts keys ascending with a stable LSD radix sort (8-bit digits; digits on which all keys
// agree cost no pass). When payload is given (same size as keys) it is permuted along.
// keyScratch and payloadScratch are working space (their contents are lost; the vectors may be
// swapped with keys and payload), so that a caller sorting many arrays allocates only once.
void radixSort(std::vector<std::uint64_t> &keys, std::vector<std::uint64_t> &keyScratch,
               std::vector<std::uint32_t> *payload = nullptr,
               std::vector<std::uint32_t> *payloadScratch = nullptr);

} // namespace flowline::core
