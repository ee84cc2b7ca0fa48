#pragma once

#include <cstdint>
#include <functional>

namespace flowline::core {

class JobContext;

// Calls body(i) for every i in [0, count), on up to ctx.threads() threads: the calling thread
// plus helpers from ctx.pool(). Indices are handed out in order from a shared counter; a body
// that must be deterministic should write its result to slot i rather than depend on timing.
// Stops handing out indices once ctx is canceled. Safe to call from a pool thread: helpers that
// never got a thread are taken back, so nested calls cannot deadlock.
// The first exception thrown by a body is rethrown after all helpers have stopped.
void parallelFor(JobContext &ctx, std::int64_t count,
                 const std::function<void(std::int64_t)> &body);

} // namespace flowline::core
