#pragma once

#include <QDateTime>
#include <QLockFile>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

namespace flowline::app {

// A recovery copy left by a session that did not end cleanly.
struct Recovery
{
    QString flowPath;     // the recovered .flow bytes
    QString originalPath; // the file the flow was saved as (empty: never saved)
    QDateTime savedAt;
};

// Autosave and crash recovery for one open flow.
//
// While the flow has unsaved changes, a copy is written every `interval` (30 s by default) to
// `<dir>/<session>.flow`, atomically, with `<session>.json` naming the original file. A lock file
// held for the session's lifetime tells a live session's copies from those of one that crashed
// (QLockFile notices a dead owner). A clean end (saved, or closed with the changes discarded)
// removes the copy; a crash leaves it for recoverable() at the next start.
class Autosave : public QObject
{
    Q_OBJECT

public:
    using Snapshot = std::function<QByteArray()>;

    static constexpr int kDefaultIntervalMs = 30'000;

    explicit Autosave(const QString &dir, QObject *parent = nullptr);
    ~Autosave() override; // releases the lock, keeps the copy (a crash looks the same)

    // The default folder: <AppDataLocation>/recovery.
    static QString defaultDir();

    void setInterval(int ms) { m_timer.setInterval(ms); }
    // What to save and under which name; `modified` turns the timer on and off.
    void track(Snapshot snapshot, const QString &originalPath);
    void setOriginalPath(const QString &path) { m_originalPath = path; }
    void setModified(bool modified);

    // Writes the copy now (the timer's job); false when writing failed.
    bool saveNow();
    // Removes this session's copy (after a save, or when changes are discarded on close).
    void discard();
    QString recoveryFile() const;
    QString lastError() const { return m_lastError; }

    // Copies left by sessions that are gone, newest first.
    static QList<Recovery> recoverable(const QString &dir);
    // Deletes a recovery copy (after restoring or declining it).
    static void remove(const Recovery &recovery);

Q_SIGNALS:
    void saved(const QString &path);
    void failed(const QString &message);

private:
    QString m_dir;
    QString m_session;
    std::unique_ptr<QLockFile> m_lock;
    QTimer m_timer;
    Snapshot m_snapshot;
    QString m_originalPath;
    QString m_lastError;
};

} // namespace flowline::app
