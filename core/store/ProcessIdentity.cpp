#include "store/ProcessIdentity.h"

#include <QCoreApplication>
#include <QFile>
#include <QSysInfo>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <csignal>
#include <unistd.h>
#endif

namespace flowline::core::store {

namespace {

QByteArray readSmallFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.read(4096); // /proc files report size 0: read what is there
}

// Field 22 of /proc/PID/stat (starttime). The command name (field 2) is in parentheses and
// may hold spaces or ')', so counting starts after the last ')'.
QByteArray startTicks(std::int64_t pid)
{
    const QByteArray stat = readSmallFile(QStringLiteral("/proc/%1/stat").arg(pid));
    const auto close = stat.lastIndexOf(')');
    if (close < 0)
        return {};
    const QList<QByteArray> fields = stat.mid(close + 1).simplified().split(' ');
    // After ')': field 3 (state) is index 0, so field 22 is index 19. A zombie (Z) or dead (X)
    // process has ended: it only waits for its parent to collect it.
    if (fields.size() <= 19 || fields[0] == "Z" || fields[0] == "X")
        return {};
    return fields[19];
}

QByteArray bootId()
{
    static const QByteArray id =
        readSmallFile(QStringLiteral("/proc/sys/kernel/random/boot_id")).trimmed();
    return id;
}

} // namespace

QString ProcessIdentity::tokenOf(std::int64_t pid)
{
    if (pid <= 0)
        return {};
    const QByteArray ticks = startTicks(pid);
    if (ticks.isEmpty() || bootId().isEmpty())
        return {};
    return QString::fromLatin1(bootId() + '/' + ticks);
}

const ProcessIdentity &ProcessIdentity::current()
{
    static const ProcessIdentity me = [] {
        ProcessIdentity p;
        p.pid = QCoreApplication::applicationPid();
        p.host = QSysInfo::machineHostName();
        p.token = tokenOf(p.pid);
        return p;
    }();
    return me;
}

bool ProcessIdentity::isAlive(std::int64_t pid, const QString &token)
{
    if (pid <= 0)
        return false;
    if (!token.isEmpty() && !bootId().isEmpty())
        return tokenOf(pid) == token; // gone, or a later process with the same pid
#ifdef Q_OS_UNIX
    if (::kill(static_cast<pid_t>(pid), 0) == 0)
        return true;
    return errno == EPERM; // exists, belongs to someone else
#else
    return true; // cannot tell: leave the run alone
#endif
}

} // namespace flowline::core::store
