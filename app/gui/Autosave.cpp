#include "Autosave.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>
#include <QUuid>

#include <algorithm>

namespace flowline::app {

namespace {

bool writeAtomically(const QString &path, const QByteArray &bytes, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace

Autosave::Autosave(const QString &dir, QObject *parent)
    : QObject(parent)
    , m_dir(dir)
    , m_session(QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    QDir().mkpath(dir);
    m_lock = std::make_unique<QLockFile>(QDir(dir).filePath(m_session + QStringLiteral(".lock")));
    m_lock->setStaleLockTime(0); // only a dead owner makes it stale, never its age
    m_lock->tryLock(0);
    m_timer.setInterval(kDefaultIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &Autosave::saveNow);
}

Autosave::~Autosave() = default;

QString Autosave::defaultDir()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("recovery"));
}

QString Autosave::recoveryFile() const
{
    return QDir(m_dir).filePath(m_session + QStringLiteral(".flow"));
}

void Autosave::track(Snapshot snapshot, const QString &originalPath)
{
    m_snapshot = std::move(snapshot);
    m_originalPath = originalPath;
}

void Autosave::setModified(bool modified)
{
    if (modified && !m_timer.isActive())
        m_timer.start();
    else if (!modified)
        m_timer.stop();
}

bool Autosave::saveNow()
{
    if (!m_snapshot)
        return false;
    QJsonObject meta{
        {QStringLiteral("original"), m_originalPath},
        {QStringLiteral("savedAt"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}};
    // The flow first, then the note that points at it: a crash between the two leaves a copy
    // without an original name, which is still offered.
    if (!writeAtomically(recoveryFile(), m_snapshot(), &m_lastError) ||
        !writeAtomically(QDir(m_dir).filePath(m_session + QStringLiteral(".json")),
                         QJsonDocument(meta).toJson(), &m_lastError)) {
        Q_EMIT failed(m_lastError);
        return false;
    }
    Q_EMIT saved(recoveryFile());
    return true;
}

void Autosave::discard()
{
    m_timer.stop();
    QFile::remove(recoveryFile());
    QFile::remove(QDir(m_dir).filePath(m_session + QStringLiteral(".json")));
}

QList<Recovery> Autosave::recoverable(const QString &dir)
{
    QList<Recovery> found;
    const QDir d(dir);
    for (const QFileInfo &info : d.entryInfoList({QStringLiteral("*.flow")}, QDir::Files)) {
        const QString session = info.completeBaseName();
        QLockFile lock(d.filePath(session + QStringLiteral(".lock")));
        lock.setStaleLockTime(0);
        if (!lock.tryLock(0))
            continue; // its session is alive (this process or another)
        lock.unlock();
        Recovery r;
        r.flowPath = info.absoluteFilePath();
        r.savedAt = info.lastModified();
        QFile metaFile(d.filePath(session + QStringLiteral(".json")));
        if (metaFile.open(QIODevice::ReadOnly)) {
            const QJsonObject meta = QJsonDocument::fromJson(metaFile.read(64 * 1024)).object();
            r.originalPath = meta.value(QStringLiteral("original")).toString();
            const QDateTime at = QDateTime::fromString(
                meta.value(QStringLiteral("savedAt")).toString(), Qt::ISODateWithMs);
            if (at.isValid())
                r.savedAt = at;
        }
        found << r;
    }
    std::sort(found.begin(), found.end(),
              [](const Recovery &a, const Recovery &b) { return a.savedAt > b.savedAt; });
    return found;
}

void Autosave::remove(const Recovery &recovery)
{
    const QFileInfo info(recovery.flowPath);
    const QDir d = info.dir();
    const QString session = info.completeBaseName();
    QFile::remove(recovery.flowPath);
    QFile::remove(d.filePath(session + QStringLiteral(".json")));
    QFile::remove(d.filePath(session + QStringLiteral(".lock")));
}

} // namespace flowline::app
