#include "ByteSource.h"

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace flowline::core::csv {

bool FileSource::read(std::int64_t offset, std::size_t count, char *dest) const
{
    const int fd = m_file.handle();
    while (count > 0) {
        const ssize_t n = ::pread(fd, dest, count, static_cast<off_t>(offset));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        dest += n;
        offset += n;
        count -= static_cast<std::size_t>(n);
    }
    return true;
}

bool MemorySource::read(std::int64_t offset, std::size_t count, char *dest) const
{
    if (offset < 0 || offset + static_cast<std::int64_t>(count) > m_bytes.size())
        return false;
    std::memcpy(dest, m_bytes.constData() + offset, count);
    return true;
}

} // namespace flowline::core::csv
