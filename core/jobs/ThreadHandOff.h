#pragma once

// Happens-before edges that ThreadSanitizer cannot see by itself. Debian's Qt is not built with
// TSan, so work handed to a QThreadPool (or a result handed back through a QFuture) passes
// through Qt's own futex-based locks, invisible to TSan: it would report every hand-off as a
// race. The sender calls handOff(token) after writing what it hands over and before giving it to
// Qt; the receiver calls received(token) before reading it. Outside a TSan build both are empty.

#if defined(__SANITIZE_THREAD__)
#define FLOWLINE_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define FLOWLINE_TSAN 1
#endif
#endif

#ifdef FLOWLINE_TSAN
extern "C" void __tsan_acquire(void *addr);
extern "C" void __tsan_release(void *addr);
#endif

namespace flowline::core {

// A token for hand-offs whose receiver cannot know a better one before reading what it was given
// (a task's captures, say): everything handed off with it happens before everything received.
inline const void *poolToken()
{
    static const char token = 0;
    return &token;
}

inline void handOff([[maybe_unused]] const void *token)
{
#ifdef FLOWLINE_TSAN
    __tsan_release(const_cast<void *>(token));
#endif
}

inline void received([[maybe_unused]] const void *token)
{
#ifdef FLOWLINE_TSAN
    __tsan_acquire(const_cast<void *>(token));
#endif
}

} // namespace flowline::core
