#include "RadixSort.h"

#include <array>
#include <cstddef>
#include <utility>

namespace flowline::core {

namespace {

constexpr int kDigitBits = 8;
constexpr int kPasses = (64 + kDigitBits - 1) / kDigitBits;
constexpr std::size_t kBuckets = std::size_t(1) << kDigitBits;
constexpr std::uint64_t kDigitMask = kBuckets - 1;

// Stable insertion sort for short inputs, where radix passes cost more than they save.
void insertionSort(std::vector<std::uint64_t> &keys, std::vector<std::uint32_t> *payload)
{
    for (std::size_t i = 1; i < keys.size(); ++i) {
        const auto key = keys[i];
        const auto item = payload ? (*payload)[i] : 0u;
        std::size_t j = i;
        for (; j > 0 && keys[j - 1] > key; --j) {
            keys[j] = keys[j - 1];
            if (payload)
                (*payload)[j] = (*payload)[j - 1];
        }
        keys[j] = key;
        if (payload)
            (*payload)[j] = item;
    }
}

} // namespace

void radixSort(std::vector<std::uint64_t> &keys, std::vector<std::uint64_t> &keyScratch,
               std::vector<std::uint32_t> *payload, std::vector<std::uint32_t> *payloadScratch)
{
    const std::size_t n = keys.size();
    if (n < 64) {
        insertionSort(keys, payload);
        return;
    }

    std::vector<std::array<std::size_t, kBuckets>> counts(kPasses);
    for (auto &c : counts)
        c.fill(0);
    for (const auto key : keys) {
        for (int p = 0; p < kPasses; ++p)
            ++counts[p][(key >> (p * kDigitBits)) & kDigitMask];
    }

    std::vector<std::uint32_t> ownPayloadScratch;
    if (payload && !payloadScratch)
        payloadScratch = &ownPayloadScratch;
    for (int p = 0; p < kPasses; ++p) {
        const int shift = p * kDigitBits;
        auto &offsets = counts[p];
        if (offsets[(keys[0] >> shift) & kDigitMask] == n)
            continue; // every key has the same digit here
        std::size_t sum = 0;
        for (auto &o : offsets)
            sum += std::exchange(o, sum);

        keyScratch.resize(n);
        if (payload) {
            payloadScratch->resize(n);
            for (std::size_t i = 0; i < n; ++i) {
                const auto key = keys[i];
                const auto to = offsets[(key >> shift) & kDigitMask]++;
                keyScratch[to] = key;
                (*payloadScratch)[to] = (*payload)[i];
            }
            payload->swap(*payloadScratch);
        } else {
            for (std::size_t i = 0; i < n; ++i) {
                const auto key = keys[i];
                keyScratch[offsets[(key >> shift) & kDigitMask]++] = key;
            }
        }
        keys.swap(keyScratch);
    }
}

} // namespace flowline::core
