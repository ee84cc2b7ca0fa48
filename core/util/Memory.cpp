#include "Memory.h"

#include <QByteArray>
#include <QFile>

namespace flowline::core {

namespace {

// The value of each wanted "Key:   123 kB" line of a /proc file, in bytes (-1 when missing).
template <std::size_t N>
void readKibFields(const char *path, const char *const (&keys)[N], std::int64_t (&out)[N])
{
    for (auto &v : out)
        v = -1;
    QFile file(QString::fromLatin1(path));
    if (!file.open(QIODevice::ReadOnly))
        return;
    // /proc files report a size of 0: read until the end instead of trusting it.
    const QByteArray text = file.readAll();
    for (const QByteArray &line : text.split('\n')) {
        for (std::size_t k = 0; k < N; ++k) {
            const QByteArray key(keys[k]);
            if (!line.startsWith(key) || line.size() <= key.size() || line[key.size()] != ':')
                continue;
            bool ok = false;
            const qint64 kib =
                line.mid(key.size() + 1).trimmed().split(' ').value(0).toLongLong(&ok);
            if (ok && kib >= 0)
                out[k] = kib * 1024;
        }
    }
}

} // namespace

ProcessMemory processMemory()
{
    static constexpr const char *keys[] = {"VmRSS", "VmHWM"};
    std::int64_t values[2];
    readKibFields("/proc/self/status", keys, values);
    return ProcessMemory{values[0], values[1]};
}

std::int64_t availableMemory()
{
    static constexpr const char *keys[] = {"MemAvailable"};
    std::int64_t values[1];
    readKibFields("/proc/meminfo", keys, values);
    return values[0];
}

QString readableBytes(double bytes)
{
    if (bytes < 0)
        return QStringLiteral("?");
    if (bytes < double(1LL << 30))
        return QStringLiteral("%1 MiB").arg(bytes / double(1LL << 20), 0, 'f', 1);
    return QStringLiteral("%1 GiB").arg(bytes / double(1LL << 30), 0, 'f', 1);
}

} // namespace flowline::core
