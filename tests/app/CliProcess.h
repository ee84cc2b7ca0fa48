#pragma once

// Runs flowline-cli (FLOWLINE_CLI, set by CMake) as a real process for the CLI suites.

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace flowline::tests {

struct CliRun
{
    int code = -1; // -1: did not finish in time; -2: crashed
    QByteArray out;
    QByteArray err;
};

// The experiment store the CLI records into during the tests (never the user's own): a
// temporary folder that lives as long as the test process.
inline QString testStorePath()
{
    static QTemporaryDir dir;
    return dir.filePath(QStringLiteral("experiments.sqlite"));
}

inline CliRun cli(const QStringList &args)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("FLOWLINE_STORE"), testStorePath());
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(FLOWLINE_CLI), args);
    CliRun r;
    if (!p.waitForFinished(120000))
        return r;
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// The JSON object a command printed (empty when it printed none).
inline QJsonObject jsonOf(const CliRun &r)
{
    return QJsonDocument::fromJson(r.out).object();
}

inline const QString kData = QStringLiteral(FLOWLINE_SOURCE_DIR "/resources/data/");

} // namespace flowline::tests
