#pragma once

#include <QString>

#include <cstdint>

namespace flowline::core::store {

// Who logs a run: enough to tell later, on the same host, whether that process still lives.
// The token tells a live process from a later one that reuses its pid: on Linux the boot id
// and the process's start time in clock ticks since boot; elsewhere it is empty.
struct ProcessIdentity
{
    std::int64_t pid = 0;
    QString host;
    QString token;

    static const ProcessIdentity &current();
    // The token of a running process `pid` on this host; empty when there is no such process
    // (or the platform has no tokens).
    static QString tokenOf(std::int64_t pid);
    // Whether process `pid` on this host is still the one that recorded `token`.
    static bool isAlive(std::int64_t pid, const QString &token);
};

} // namespace flowline::core::store
