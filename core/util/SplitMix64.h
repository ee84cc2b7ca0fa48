#pragma once

#include <cstdint>

namespace flowline::core {

// SplitMix64: a small, fast generator that gives the same sequence on every platform (the
// standard library's distributions do not), so a seed means the same numbers everywhere.
struct SplitMix64
{
    std::uint64_t state = 0;

    std::uint64_t next()
    {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    // Uniform in [0, 1), 53 random bits.
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    // Uniform in [0, bound), without modulo bias (bound > 0).
    std::uint64_t below(std::uint64_t bound)
    {
        const std::uint64_t limit = ~std::uint64_t(0) - (~std::uint64_t(0) % bound);
        std::uint64_t x;
        do
            x = next();
        while (x >= limit);
        return x % bound;
    }
};

} // namespace flowline::core
