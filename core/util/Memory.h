#pragma once

#include <QString>

#include <cstdint>

namespace flowline::core {

// This process's memory as the kernel counts it (Linux /proc/self/status); -1 where unknown.
struct ProcessMemory
{
    std::int64_t resident = -1;     // VmRSS: bytes in RAM now
    std::int64_t peakResident = -1; // VmHWM: the most there has been since the process began
};
ProcessMemory processMemory();

// The memory the system could give now without swapping (MemAvailable), or -1 when unknown.
std::int64_t availableMemory();

// "0.5 MiB", "35.4 MiB", "1.2 GiB" (MiB below a GiB); "?" for a negative count.
QString readableBytes(double bytes);

} // namespace flowline::core
