// Opening experiment stores: new files, every older schema (migrated, data kept, backed up),
// newer versions, and files that are not stores or are damaged.

#include "StoreTestSupport.h"

#include "store/ModelRegistry.h"
#include "store/StoreSchema.h"
#include "util/SplitMix64.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace flowline::tests;
using namespace flowline::core::store;

namespace {

// A store at schema `version`, built from the migrations' own SQL as an older build would
// have, with a run of every kind of data version 1 knows.
QString makeOldStore(const QString &path, int version)
{
    QString sql = QStringLiteral("BEGIN;");
    for (int v = 1; v <= version; ++v)
        sql += QString::fromUtf8(migrationSql(v));
    sql += QStringLiteral(
        "INSERT INTO experiments (id, name, created_ms) VALUES (1, 'churn', 1000);"
        "INSERT INTO runs (id, experiment_id, node_id, algorithm, status, started_ms, ended_ms, "
        "  app_version, seed, flow_snapshot, error, pid, host, process_token) VALUES "
        "  (1, 1, 'train1', 'random_forest', 'finished', 1000, 4000, '0.0.9', 7, '{}', '', 1, "
        "  'elsewhere', ''),"
        "  (2, 1, 'train2', 'logistic_regression', 'failed', 5000, 6000, '0.0.9', NULL, '', "
        "  'diverged', 1, 'elsewhere', '');"
        "INSERT INTO run_inputs VALUES (1, 'training', 'sha256:feed');"
        "INSERT INTO params VALUES (1, 'max_depth', '6'), (1, 'n_estimators', '50');"
        "INSERT INTO metrics VALUES (1, 'loss', 0, 0.9), (1, 'loss', 1, 0.5), "
        "  (1, 'loss', 2, 0.25), (1, 'roc_auc', 0, 0.875), (2, 'loss', 0, 3.5);"
        "INSERT INTO artifacts VALUES (1, 'model.flmodel', 'model', 'binary', x'00ff10', 4000);"
        "INSERT INTO tags VALUES (1, 'dataset', 'churn');"
        "INSERT INTO notes (run_id, created_ms, text) VALUES (1, 4000, 'baseline');");
    sql += QStringLiteral("PRAGMA application_id = %1; PRAGMA user_version = %2; COMMIT;")
               .arg(kStoreApplicationId)
               .arg(version);
    return rawExec(path, sql);
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

} // namespace

class TstStoreOpen : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_n = 0;
    QString fresh() { return m_dir.filePath(QStringLiteral("s%1.sqlite").arg(++m_n)); }

private Q_SLOTS:
    void createsANewStoreInWalModeAtTheCurrentVersion()
    {
        const QString path = m_dir.filePath(QStringLiteral("new/deeper/experiments.sqlite"));
        {
            auto store = ExperimentStore::open(path);
            QVERIFY2(store, qPrintable(errorText(store)));
            QCOMPARE((*store)->schemaVersion(), kStoreSchemaVersion);
            QVERIFY((*store)->backupPath().isEmpty()); // nothing to back up
            QVERIFY(!(*store)->isReadOnly());
            QCOMPARE(rawValue(path, QStringLiteral("PRAGMA journal_mode")), QStringLiteral("wal"));
        }
        QCOMPARE(rawValue(path, QStringLiteral("PRAGMA user_version")).toInt(),
                 kStoreSchemaVersion);
        QCOMPARE(rawValue(path, QStringLiteral("PRAGMA application_id")).toInt(),
                 kStoreApplicationId);
    }

    void anEmptyFileBecomesAStore()
    {
        const QString path = fresh();
        writeFile(path, {});
        auto store = ExperimentStore::open(path);
        QVERIFY2(store, qPrintable(errorText(store)));
        QCOMPARE((*store)->schemaVersion(), kStoreSchemaVersion);
    }

    void defaultPathIsInTheDataDirectoryUnlessOverridden()
    {
        qputenv("FLOWLINE_STORE", "/somewhere/else.sqlite");
        QCOMPARE(ExperimentStore::defaultPath(), QStringLiteral("/somewhere/else.sqlite"));
        qunsetenv("FLOWLINE_STORE");
        QVERIFY(ExperimentStore::defaultPath().endsWith(
            QStringLiteral("/flowline/experiments.sqlite")));
    }

    void migratesEveryOlderSchema_data()
    {
        QTest::addColumn<int>("version");
        for (int v = 1; v < kStoreSchemaVersion; ++v)
            QTest::addRow("v%d", v) << v;
    }

    void migratesEveryOlderSchema()
    {
        QFETCH(int, version);
        const QString path = fresh();
        const QString built = makeOldStore(path, version);
        QVERIFY2(built.isEmpty(), qPrintable(built));

        auto opened = ExperimentStore::open(path);
        QVERIFY2(opened, qPrintable(errorText(opened)));
        auto store = std::move(*opened);
        QCOMPARE(store->schemaVersion(), kStoreSchemaVersion);
        QCOMPARE(rawValue(path, QStringLiteral("PRAGMA user_version")).toInt(),
                 kStoreSchemaVersion);

        // The backup is the old file, whole, beside the store.
        const QString backup = store->backupPath();
        QVERIFY(!backup.isEmpty());
        QCOMPARE(QFileInfo(backup).absolutePath(), QFileInfo(path).absolutePath());
        QCOMPARE(rawValue(backup, QStringLiteral("PRAGMA user_version")).toInt(), version);
        QCOMPARE(rawValue(backup, QStringLiteral("SELECT count(*) FROM metrics")).toInt(), 5);
        QCOMPARE(rawValue(backup, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));

        // Every piece of data is still there, and the new parts are filled from it.
        auto run = store->run(1);
        QVERIFY2(run, qPrintable(errorText(run)));
        QCOMPARE(run->summary.experiment, QStringLiteral("churn"));
        QCOMPARE(run->summary.algorithm, QStringLiteral("random_forest"));
        QCOMPARE(run->summary.status, RunStatus::Finished);
        QCOMPARE(run->summary.durationSeconds().value_or(-1), 3.0);
        QCOMPARE(run->seed.value_or(0), std::uint64_t(7));
        QCOMPARE(run->params.at(QStringLiteral("max_depth")), QStringLiteral("6"));
        QCOMPARE(run->metrics.at(QStringLiteral("loss")).value, 0.25); // the last step
        QCOMPARE(run->metrics.at(QStringLiteral("loss")).step, std::int64_t(2));
        QCOMPARE(run->metricPoints.at(QStringLiteral("loss")), std::int64_t(3));
        QCOMPARE(run->tags.at(QStringLiteral("dataset")), QStringLiteral("churn"));
        QCOMPARE(run->notes.size(), std::size_t(1));
        QCOMPARE(run->inputs.at(0).fingerprint, QStringLiteral("sha256:feed"));
        auto model = store->artifact(1, QStringLiteral("model.flmodel"));
        QVERIFY2(model, qPrintable(errorText(model)));
        QCOMPARE(model->data, QByteArray("\x00\xff\x10", 3));
        RunFilter byAuc;
        byAuc.metrics = {{QStringLiteral("roc_auc"), Compare::GreaterOrEqual, 0.8}};
        auto good = store->runs(byAuc);
        QVERIFY2(good, qPrintable(errorText(good)));
        QCOMPARE(good->size(), std::size_t(1));

        // What the new version adds works on the old data.
        {
            ModelRegistry registry(store);
            auto v1 = registry.registerModel(1, QStringLiteral("churn-model"));
            QVERIFY2(v1, qPrintable(errorText(v1)));
            QCOMPARE(v1->version, 1);
        }

        // Opening again migrates nothing and backs up nothing.
        store.reset();
        auto again = ExperimentStore::open(path);
        QVERIFY2(again, qPrintable(errorText(again)));
        QVERIFY((*again)->backupPath().isEmpty());
    }

    void aFailedMigrationChangesNothing()
    {
        const QString path = fresh();
        QVERIFY(makeOldStore(path, 1).isEmpty());
        // Something already holds a name version 2 creates: its migration cannot run.
        QVERIFY(rawExec(path, QStringLiteral("CREATE TABLE models (x)")).isEmpty());
        auto store = ExperimentStore::open(path);
        QVERIFY(!store);
        QVERIFY2(store.error().message.contains(QStringLiteral("schema version 2")),
                 qPrintable(store.error().message));
        QCOMPARE(store.error().file, path);
        QCOMPARE(rawValue(path, QStringLiteral("PRAGMA user_version")).toInt(), 1);
        QCOMPARE(rawValue(path, QStringLiteral("SELECT count(*) FROM metrics")).toInt(), 5);
        QVERIFY(rawValue(path, QStringLiteral("SELECT name FROM sqlite_schema WHERE name = "
                                              "'metric_latest'"))
                    .isEmpty()); // the step's transaction was rolled back whole
        QVERIFY(QFile::exists(path + QStringLiteral(".v1.backup")));
    }

    void aNewerStoreIsRefusedForWritingButReadable()
    {
        const QString path = fresh();
        {
            auto store = openOrNull(path);
            QVERIFY(store);
            QVERIFY(finishedRun(*store, QStringLiteral("e"), QStringLiteral("knn"), 0.5) > 0);
        }
        const int newer = kStoreSchemaVersion + 1;
        QVERIFY(rawExec(path, QStringLiteral("PRAGMA user_version = %1").arg(newer)).isEmpty());

        auto writable = ExperimentStore::open(path);
        QVERIFY(!writable);
        QCOMPARE(writable.error().file, path);
        QVERIFY2(
            writable.error().message.contains(QStringLiteral("store schema version %1").arg(newer)),
            qPrintable(writable.error().message));
        QVERIFY(writable.error().message.contains(QStringLiteral("newer")));
        QCOMPARE(rawValue(path, QStringLiteral("PRAGMA user_version")).toInt(), newer);

        auto readable = ExperimentStore::open(path, ExperimentStore::Access::ReadOnly);
        QVERIFY2(readable, qPrintable(errorText(readable)));
        QVERIFY((*readable)->isReadOnly());
        QCOMPARE((*readable)->schemaVersion(), newer);
        auto runs = (*readable)->runs();
        QVERIFY2(runs, qPrintable(errorText(runs)));
        QCOMPARE(runs->size(), std::size_t(1));
        auto start = (*readable)->startRun({});
        QVERIFY(!start);
        QVERIFY(start.error().message.contains(QStringLiteral("read-only")));
    }

    void browsingOpensWhatItCanAndCreatesNothing()
    {
        const QString old = fresh();
        QVERIFY(makeOldStore(old, 1).isEmpty());
        // Read-only cannot migrate, so it cannot read an older store.
        auto ro = ExperimentStore::open(old, ExperimentStore::Access::ReadOnly);
        QVERIFY(!ro);
        QVERIFY2(ro.error().message.contains(QStringLiteral("must be migrated")),
                 qPrintable(ro.error().message));
        QCOMPARE(rawValue(old, QStringLiteral("PRAGMA user_version")).toInt(), 1);
        // Browsing migrates it (with a backup) and reads it.
        auto browsed = ExperimentStore::open(old, ExperimentStore::Access::Browse);
        QVERIFY2(browsed, qPrintable(errorText(browsed)));
        QVERIFY(!(*browsed)->isReadOnly());
        QCOMPARE((*browsed)->schemaVersion(), kStoreSchemaVersion);
        QVERIFY(!(*browsed)->backupPath().isEmpty());
        QCOMPARE((*browsed)->runs()->size(), std::size_t(2));

        // A newer store is browsed read-only.
        const QString newer = fresh();
        openOrNull(newer).reset();
        QVERIFY(
            rawExec(newer, QStringLiteral("PRAGMA user_version = %1").arg(kStoreSchemaVersion + 5))
                .isEmpty());
        auto newerBrowsed = ExperimentStore::open(newer, ExperimentStore::Access::Browse);
        QVERIFY2(newerBrowsed, qPrintable(errorText(newerBrowsed)));
        QVERIFY((*newerBrowsed)->isReadOnly());

        const QString missing = m_dir.filePath(QStringLiteral("nothing-here.sqlite"));
        auto none = ExperimentStore::open(missing, ExperimentStore::Access::Browse);
        QVERIFY(!none);
        QVERIFY(none.error().message.contains(QStringLiteral("no experiment store")));
        QVERIFY(!QFile::exists(missing));
    }

    void refusesFilesThatAreNotStores_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("csv") << QByteArray("a,b\n1,2\n").repeated(200)
                             << QStringLiteral("not a SQLite database");
        QTest::newRow("header only")
            << QByteArray("SQLite format 3\0", 16).append(34, 'x') << QStringLiteral("truncated");
        QByteArray garbage("SQLite format 3\0", 16);
        for (int i = 0; garbage.size() < 8192; ++i)
            garbage.append(char((i * 7919) % 251));
        QTest::newRow("magic then noise") << garbage << QStringLiteral("");
        QTest::newRow("binary") << QByteArray(3000, '\xee') << QStringLiteral("not a SQLite");
    }

    void refusesFilesThatAreNotStores()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const QString path = fresh();
        writeFile(path, bytes);
        for (auto access : {ExperimentStore::Access::ReadWrite, ExperimentStore::Access::ReadOnly,
                            ExperimentStore::Access::Browse}) {
            auto store = ExperimentStore::open(path, access);
            QVERIFY(!store);
            QCOMPARE(store.error().file, path);
            QVERIFY2(store.error().message.contains(expected), qPrintable(store.error().message));
        }
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), bytes); // left as it was
    }

    void refusesAnotherProgramsDatabase()
    {
        const QString path = fresh();
        QVERIFY(rawExec(path, QStringLiteral("CREATE TABLE contacts (name TEXT)")).isEmpty());
        auto store = ExperimentStore::open(path);
        QVERIFY(!store);
        QVERIFY2(store.error().message.contains(QStringLiteral("another program")),
                 qPrintable(store.error().message));
        QVERIFY(rawValue(path, QStringLiteral("SELECT count(*) FROM sqlite_schema WHERE name = "
                                              "'runs'")) == QStringLiteral("0"));
    }

    void refusesAFolderAndAMissingReadOnlyStore()
    {
        auto folder = ExperimentStore::open(m_dir.path());
        QVERIFY(!folder);
        QVERIFY(folder.error().message.contains(QStringLiteral("folder")));
        const QString missing = m_dir.filePath(QStringLiteral("missing.sqlite"));
        auto readOnly = ExperimentStore::open(missing, ExperimentStore::Access::ReadOnly);
        QVERIFY(!readOnly);
        QCOMPARE(readOnly.error().file, missing);
        QVERIFY(!QFile::exists(missing));
    }

    void aTruncatedStoreIsRefused()
    {
        const QString path = fresh();
        {
            auto store = openOrNull(path);
            QVERIFY(store);
            for (int i = 0; i < 30; ++i)
                QVERIFY(finishedRun(*store, QStringLiteral("e"), QStringLiteral("knn"), i, 100));
        }
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        const qint64 size = f.size();
        QVERIFY(size > 16 * 4096);
        QVERIFY(f.resize(size / 2));
        f.close();
        auto store = ExperimentStore::open(path);
        QVERIFY(!store);
        QCOMPARE(store.error().file, path);
        QVERIFY2(store.error().message.contains(QStringLiteral("damaged")) ||
                     store.error().message.contains(QStringLiteral("not a usable")),
                 qPrintable(store.error().message));
    }

    void aDamagedIndexFailsQuickCheck()
    {
        const QString path = fresh();
        {
            auto store = openOrNull(path);
            QVERIFY(store);
            for (int i = 0; i < 40; ++i)
                QVERIFY(finishedRun(*store, QStringLiteral("e"), QStringLiteral("knn"), i, 50));
        }
        // Scribble over the page of one index; the schema (page 1) is intact.
        const int page = rawValue(path, QStringLiteral("SELECT rootpage FROM sqlite_schema "
                                                       "WHERE name = 'metric_latest_key'"))
                             .toInt();
        const int pageSize = rawValue(path, QStringLiteral("PRAGMA page_size")).toInt();
        QVERIFY(page > 1 && pageSize >= 512);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.seek(qint64(page - 1) * pageSize + 12));
        f.write(QByteArray(pageSize - 12, '\x7f'));
        f.close();
        auto store = ExperimentStore::open(path);
        QVERIFY(!store);
        QCOMPARE(store.error().file, path);
        QVERIFY2(store.error().message.contains(QStringLiteral("quick_check")),
                 qPrintable(store.error().message));
    }

    void aStoreWithMissingOrMangledTablesGivesErrors()
    {
        const QString path = fresh();
        {
            auto store = openOrNull(path);
            QVERIFY(store);
            QVERIFY(finishedRun(*store, QStringLiteral("e"), QStringLiteral("knn"), 0.5) > 0);
        }
        QVERIFY(rawExec(path, QStringLiteral("DROP TABLE notes")).isEmpty());
        auto missing = ExperimentStore::open(path);
        QVERIFY(!missing);
        QVERIFY2(missing.error().message.contains(QStringLiteral("no table 'notes'")),
                 qPrintable(missing.error().message));
        // A table of the right name but the wrong shape: opening works, the query that
        // needs it says what is wrong.
        QVERIFY(rawExec(path, QStringLiteral("CREATE TABLE notes (x)")).isEmpty());
        auto mangled = ExperimentStore::open(path);
        QVERIFY2(mangled, qPrintable(errorText(mangled)));
        QVERIFY((*mangled)->runs());
        auto run = (*mangled)->run(1);
        QVERIFY(!run);
        QCOMPARE(run.error().file, path);
        QVERIFY2(run.error().message.contains(QStringLiteral("no such column")),
                 qPrintable(run.error().message));
    }

    void oddSchemaVersionsAreRefused_data()
    {
        QTest::addColumn<int>("version");
        QTest::addColumn<QString>("expected");
        QTest::newRow("negative") << -5 << QStringLiteral("schema version -5");
        QTest::newRow("huge") << 2147483647 << QStringLiteral("store schema version 2147483647");
    }

    void oddSchemaVersionsAreRefused()
    {
        QFETCH(int, version);
        QFETCH(QString, expected);
        const QString path = fresh();
        openOrNull(path).reset();
        QVERIFY(rawExec(path, QStringLiteral("PRAGMA user_version = %1").arg(version)).isEmpty());
        auto store = ExperimentStore::open(path);
        QVERIFY(!store);
        QVERIFY2(store.error().message.contains(expected), qPrintable(store.error().message));
    }

    // Scribbles on a healthy store at random places, many times over: every open either
    // refuses the file with an Error naming it, or gives a store whose queries answer (with
    // values or errors). Nothing crashes, hangs or runs away with memory (ASan checks the
    // rest in make hardening).
    void randomlyDamagedStoresNeverCrash()
    {
        const QString healthy = fresh();
        {
            auto store = openOrNull(healthy);
            QVERIFY(store);
            for (int i = 0; i < 20; ++i)
                QVERIFY(finishedRun(*store, QStringLiteral("e%1").arg(i % 3), QStringLiteral("knn"),
                                    i / 20.0, 30) > 0);
        }
        QFile source(healthy);
        QVERIFY(source.open(QIODevice::ReadOnly));
        const QByteArray original = source.readAll();
        QVERIFY(original.size() > 8 * 4096);
        flowline::core::SplitMix64 rng{20261123};
        int refused = 0, opened = 0;
        for (int round = 0; round < 60; ++round) {
            QByteArray bytes = original;
            const int scribbles = 1 + int(rng.below(8));
            for (int k = 0; k < scribbles; ++k) {
                // Past the first 100 bytes (the header is tested on its own above).
                const auto at = 100 + qsizetype(rng.below(std::uint64_t(bytes.size() - 100)));
                const auto len =
                    std::min<qsizetype>(1 + qsizetype(rng.below(64)), bytes.size() - at);
                for (qsizetype b = 0; b < len; ++b)
                    bytes[at + b] = char(rng.next());
            }
            const QString path = fresh();
            writeFile(path, bytes);
            auto store = ExperimentStore::open(path);
            if (!store) {
                QCOMPARE(store.error().file, path);
                QVERIFY(!store.error().message.isEmpty());
                ++refused;
                continue;
            }
            ++opened;
            RunFilter all;
            all.sortMetric = QStringLiteral("accuracy");
            all.withMetrics = true;
            auto runs = (*store)->runs(all);
            if (runs)
                for (const RunSummary &r : *runs)
                    (void)(*store)->run(r.id);
            (void)(*store)->compare({1, 2}, true);
            (void)ModelRegistry(*store).models();
            (void)(*store)->integrityCheck();
        }
        qInfo("damaged stores: %d refused, %d opened", refused, opened);
        QCOMPARE(refused + opened, 60);
        QVERIFY(refused > 0); // the damage is real: quick_check catches most of it
    }

    void triggersPlantedInTheFileNeverRun()
    {
        const QString path = fresh();
        openOrNull(path).reset();
        const QString planted =
            rawExec(path, QStringLiteral("CREATE TABLE loot (v TEXT);"
                                         "CREATE TRIGGER steal AFTER INSERT ON params BEGIN "
                                         "INSERT INTO loot VALUES (new.value); END;"));
        QVERIFY2(planted.isEmpty(), qPrintable(planted));
        {
            auto store = openOrNull(path);
            QVERIFY(store);
            QVERIFY(finishedRun(*store, QStringLiteral("e"), QStringLiteral("knn"), 0.5) > 0);
            auto runs = store->runs();
            QVERIFY(runs && runs->size() == 1);
        }
        QCOMPARE(rawValue(path, QStringLiteral("SELECT count(*) FROM params")).toInt(), 2);
        QCOMPARE(rawValue(path, QStringLiteral("SELECT count(*) FROM loot")).toInt(), 0);
    }
};

QTEST_GUILESS_MAIN(TstStoreOpen)
#include "tst_store_open.moc"
