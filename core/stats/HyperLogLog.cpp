#include "HyperLogLog.h"

#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

namespace flowline::core {

std::uint64_t hashBytes(std::string_view bytes)
{
    constexpr std::uint64_t kMul = 0x9e3779b97f4a7c15ULL;
    std::uint64_t h = 0x243f6a8885a308d3ULL ^ (static_cast<std::uint64_t>(bytes.size()) * kMul);
    const char *p = bytes.data();
    std::size_t left = bytes.size();
    for (; left >= 8; left -= 8, p += 8) {
        std::uint64_t word;
        std::memcpy(&word, p, 8);
        h = std::rotl((h ^ mix64(word)) * kMul, 29);
    }
    if (left > 0) {
        std::uint64_t word = 0;
        for (std::size_t i = 0; i < left; ++i)
            word |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
        h = std::rotl((h ^ mix64(word ^ left)) * kMul, 29);
    }
    return mix64(h);
}

HyperLogLog::HyperLogLog()
    : m_registers(std::size_t(1) << kPrecision, 0)
{}

namespace {

// sigma(x) = x + sum_{k>=1} x^(2^k) 2^(k-1), for the registers still at 0 (Ertl, eq. 19).
double sigma(double x)
{
    if (x == 1.0)
        return std::numeric_limits<double>::infinity();
    double y = 1.0;
    double z = x;
    double previous;
    do {
        x *= x;
        previous = z;
        z += x * y;
        y += y;
    } while (z != previous);
    return z;
}

// tau(x) = (1 - x - sum_{k>=1} (1 - x^(2^-k))^2 2^-k) / 3, for saturated registers (eq. 20).
double tau(double x)
{
    if (x == 0.0 || x == 1.0)
        return 0.0;
    double y = 1.0;
    double z = 1.0 - x;
    double previous;
    do {
        x = std::sqrt(x);
        previous = z;
        y *= 0.5;
        z -= (1.0 - x) * (1.0 - x) * y;
    } while (z != previous);
    return z / 3.0;
}

} // namespace

double HyperLogLog::estimate() const
{
    constexpr int q = 64 - kPrecision;
    const double m = static_cast<double>(m_registers.size());
    std::array<double, q + 2> histogram{};
    for (const auto r : m_registers)
        histogram[r] += 1.0;

    double z = m * tau(1.0 - histogram[q + 1] / m);
    for (int k = q; k >= 1; --k)
        z = 0.5 * (z + histogram[k]);
    z += m * sigma(histogram[0] / m);
    const double alphaInfinity = 0.5 / std::log(2.0);
    return alphaInfinity * m * m / z;
}

} // namespace flowline::core
