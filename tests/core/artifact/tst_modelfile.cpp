// .flmodel files: round trip, atomic saves, and every kind of bad file (truncated at every
// length, flipped bytes, absurd lengths, wrong magic, too new, trailing bytes, bad JSON with a
// good checksum, too big), each refused with an Error naming the file; the table fingerprint.

#include "MlReference.h"
#include "ModelFileBytes.h"
#include "artifact/ModelFile.h"
#include "artifact/TableFingerprint.h"
#include "ml/Pipeline.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace flowline;
using namespace flowline::core;
using flowline::tests::errorText;
using flowline::tests::frameModelFile;
using flowline::tests::readDataset;
using flowline::tests::writeU64;

namespace {

const QString kName = QStringLiteral("model.flmodel");

artifact::ModelFile trainSmall(const QString &dataset, const QString &target,
                               const QString &algorithm, const QVariantMap &params = {})
{
    JobContext ctx;
    ml::TrainSpec spec;
    spec.algorithm = algorithm;
    spec.target = target;
    spec.params = params;
    const Table table = readDataset(dataset);
    auto p = ml::trainPipeline(table, spec, ctx);
    artifact::ModelFile f;
    if (!p) {
        qWarning("%s", qPrintable(p.error().message));
        return f;
    }
    f.pipeline = std::make_shared<const ml::Pipeline>(std::move(*p));
    f.metrics = {{QStringLiteral("accuracy"), 0.95}, {QStringLiteral("log_loss"), std::nan("")}};
    f.provenance.runId = QStringLiteral("run-42");
    f.provenance.dataFingerprint = artifact::tableFingerprint(table);
    f.provenance.created = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5, 6), Qt::UTC);
    return f;
}

} // namespace

class TstModelFile : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    artifact::ModelFile m_small;
    QByteArray m_bytes;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_small = trainSmall(QStringLiteral("iris"), QStringLiteral("species"),
                             QStringLiteral("logistic_regression"));
        QVERIFY(m_small.pipeline);
        m_bytes = artifact::encodeModelFile(m_small);
        QVERIFY(m_bytes.size() > 64);
    }

    void roundTripKeepsPipelineMetricsAndProvenance()
    {
        const auto f =
            trainSmall(QStringLiteral("customer_churn"), QStringLiteral("churned"),
                       QStringLiteral("random_forest"), {{QStringLiteral("n_estimators"), 5}});
        QVERIFY(f.pipeline);
        const QString path = m_dir.filePath(QStringLiteral("churn.flmodel"));
        auto saved = artifact::saveModelFile(f, path);
        QVERIFY2(saved, qPrintable(errorText(saved)));
        QVERIFY(artifact::isModelFile(path));
        auto loaded = artifact::loadModelFile(path);
        QVERIFY2(loaded, qPrintable(errorText(loaded)));
        QCOMPARE(loaded->pipeline->toJson(), f.pipeline->toJson());
        QCOMPARE(loaded->metrics.value(QStringLiteral("accuracy")), 0.95);
        QVERIFY(std::isnan(loaded->metrics.value(QStringLiteral("log_loss"))));
        QCOMPARE(loaded->provenance.runId, QStringLiteral("run-42"));
        QCOMPARE(loaded->provenance.appVersion, QStringLiteral(FLOWLINE_VERSION));
        QCOMPARE(loaded->provenance.dataFingerprint, f.provenance.dataFingerprint);
        QCOMPARE(loaded->provenance.created, f.provenance.created);
        // The loaded pipeline predicts what the saved one did.
        JobContext ctx;
        const Table rows = readDataset(QStringLiteral("customer_churn")).slice(0, 200);
        auto a = f.pipeline->predict(rows, ctx);
        auto b = loaded->pipeline->predict(rows, ctx);
        QVERIFY(a && b);
        QVERIFY(a->proba == b->proba);
        QVERIFY(a->prediction == b->prediction);
    }

    void theLayoutIsAsDocumented()
    {
        QCOMPARE(m_bytes.left(8), QByteArray("FLMODEL\x1a", 8));
        QCOMPARE(m_bytes.mid(8, 4), QByteArray::fromHex("01000000"));
        QCOMPARE(m_bytes.mid(12, 4), QByteArray::fromHex("00000000"));
        std::uint64_t h = 0, p = 0;
        for (int i = 7; i >= 0; --i) {
            h = (h << 8) | std::uint8_t(m_bytes[16 + i]);
            p = (p << 8) | std::uint8_t(m_bytes[24 + i]);
        }
        QCOMPARE(qint64(32 + h + p + 32), qint64(m_bytes.size()));
        const QJsonObject header = QJsonDocument::fromJson(m_bytes.mid(32, qsizetype(h))).object();
        QCOMPARE(header.value(QStringLiteral("format")).toString(),
                 QStringLiteral("flowline-model-file"));
        QCOMPARE(header.value(QStringLiteral("algorithm")).toString(),
                 QStringLiteral("logistic_regression"));
        QCOMPARE(int(header.value(QStringLiteral("inputs")).toArray().size()), 4); // not the target
        QCOMPARE(int(header.value(QStringLiteral("classes")).toArray().size()), 3);
        const QJsonObject pipeline =
            QJsonDocument::fromJson(m_bytes.mid(32 + qsizetype(h), qsizetype(p))).object();
        QCOMPARE(pipeline, m_small.pipeline->toJson());
        QCOMPARE(m_bytes.right(32), QCryptographicHash::hash(m_bytes.left(m_bytes.size() - 32),
                                                             QCryptographicHash::Sha256));
    }

    void savingReplacesAtomically()
    {
        const QString path = m_dir.filePath(QStringLiteral("atomic.flmodel"));
        QFile old(path);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("previous contents");
        old.close();
        QVERIFY(artifact::saveModelFile(m_small, path));
        QVERIFY(artifact::loadModelFile(path));
        // Nothing but the file itself is left in the folder.
        const QStringList left =
            QDir(m_dir.path()).entryList({QStringLiteral("atomic*")}, QDir::Files);
        QCOMPARE(left, QStringList{QStringLiteral("atomic.flmodel")});
        // A save that cannot happen leaves no file and says where.
        const QString bad = m_dir.filePath(QStringLiteral("no/such/folder/m.flmodel"));
        auto r = artifact::saveModelFile(m_small, bad);
        QVERIFY(!r);
        QCOMPARE(r.error().file, bad);
        QVERIFY(!QFile::exists(bad));
    }

    void everyTruncationIsRefused()
    {
        for (qsizetype n = 0; n < m_bytes.size(); ++n) {
            auto r = artifact::decodeModelFile(m_bytes.left(n), kName);
            QVERIFY2(!r, qPrintable(
                             QStringLiteral("accepted %1 of %2 bytes").arg(n).arg(m_bytes.size())));
            QCOMPARE(r.error().file, kName);
            QVERIFY(!r.error().message.isEmpty());
        }
        QVERIFY(artifact::decodeModelFile(m_bytes, kName));
    }

    void everyFlippedByteIsRefused()
    {
        for (qsizetype i = 0; i < m_bytes.size(); ++i) {
            QByteArray b = m_bytes;
            b[i] = char(b[i] ^ 0x5a);
            auto r = artifact::decodeModelFile(b, kName);
            QVERIFY2(!r, qPrintable(QStringLiteral("accepted a flipped byte at %1").arg(i)));
            QCOMPARE(r.error().file, kName);
        }
    }

    void eachFaultGetsItsOwnMessage_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        QByteArray magic = m_bytes;
        magic[0] = '{';
        QTest::newRow("json, not flmodel")
            << QByteArray("{\"format\":\"flowline-model\"}") << QStringLiteral("magic");
        QTest::newRow("wrong magic") << magic << QStringLiteral("magic");
        QTest::newRow("magic only") << m_bytes.left(8) << QStringLiteral("truncated");
        QByteArray newer = m_bytes;
        newer[8] = 7;
        QTest::newRow("too new") << newer << QStringLiteral("newer Flowline");
        QByteArray zero = m_bytes;
        zero[8] = 0;
        QTest::newRow("version 0") << zero << QStringLiteral("version 0");
        QByteArray flags = m_bytes;
        flags[12] = 1;
        QTest::newRow("flags") << flags << QStringLiteral("flags");
        QByteArray huge = m_bytes;
        writeU64(huge, 16, ~std::uint64_t(0));
        QTest::newRow("huge header length") << huge << QStringLiteral("declare");
        QByteArray overflow = m_bytes;
        writeU64(overflow, 16, std::uint64_t(1) << 63);
        writeU64(overflow, 24, std::uint64_t(1) << 63);
        QTest::newRow("lengths overflowing") << overflow << QStringLiteral("declare");
        QByteArray shorter = m_bytes;
        writeU64(shorter, 24, 5);
        QTest::newRow("lengths too short") << shorter << QStringLiteral("unexpected bytes");
        QTest::newRow("trailing bytes")
            << m_bytes + QByteArray("x") << QStringLiteral("unexpected");
        QByteArray sum = m_bytes;
        sum[sum.size() - 1] = char(sum[sum.size() - 1] ^ 1);
        QTest::newRow("checksum") << sum << QStringLiteral("checksum");
        const QByteArray pipeline = QJsonDocument(m_small.pipeline->toJson()).toJson();
        QTest::newRow("header not json")
            << frameModelFile("{not json", pipeline) << QStringLiteral("header is not valid JSON");
        QTest::newRow("header not an object")
            << frameModelFile("[1,2]", pipeline) << QStringLiteral("header is not a JSON object");
        QTest::newRow("header without format")
            << frameModelFile("{}", pipeline) << QStringLiteral("\"format\"");
        const QByteArray header = "{\"format\":\"flowline-model-file\"}";
        QTest::newRow("pipeline not json") << frameModelFile(header, "{\"format\"")
                                           << QStringLiteral("pipeline is not valid JSON");
        QJsonObject bad = m_small.pipeline->toJson();
        bad.insert(QStringLiteral("algorithm"), QStringLiteral("rm -rf /"));
        QTest::newRow("unknown algorithm") << frameModelFile(header, QJsonDocument(bad).toJson())
                                           << QStringLiteral("unknown algorithm");
        QJsonObject later = m_small.pipeline->toJson();
        later.insert(QStringLiteral("version"), 99);
        QTest::newRow("pipeline too new") << frameModelFile(header, QJsonDocument(later).toJson())
                                          << QStringLiteral("newer Flowline");
        QTest::newRow("bad metric")
            << frameModelFile("{\"format\":\"flowline-model-file\",\"metrics\":{\"a\":\"x\"}}",
                              pipeline)
            << QStringLiteral("metric 'a'");
    }

    void eachFaultGetsItsOwnMessage()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        auto r = artifact::decodeModelFile(bytes, kName);
        QVERIFY(!r);
        QVERIFY2(r.error().message.contains(expected), qPrintable(r.error().message));
        QCOMPARE(r.error().file, kName);
    }

    void filesOverTheLimitAreNotRead()
    {
        const QString path = m_dir.filePath(QStringLiteral("limit.flmodel"));
        QVERIFY(artifact::saveModelFile(m_small, path));
        auto r = artifact::loadModelFile(path, 100);
        QVERIFY(!r);
        QVERIFY2(r.error().message.contains(QStringLiteral("limit")),
                 qPrintable(r.error().message));
        QCOMPARE(r.error().file, path);
        auto missing = artifact::loadModelFile(m_dir.filePath(QStringLiteral("nothing.flmodel")));
        QVERIFY(!missing);
    }

    void loadAnyModelReadsBothFormats()
    {
        const QString json = m_dir.filePath(QStringLiteral("model.json"));
        QVERIFY(ml::savePipeline(*m_small.pipeline, json));
        QVERIFY(!artifact::isModelFile(json));
        auto a = artifact::loadAnyModel(json);
        QVERIFY2(a, qPrintable(errorText(a)));
        QCOMPARE(a->pipeline->toJson(), m_small.pipeline->toJson());
        QVERIFY(a->metrics.isEmpty());
        const QString bin = m_dir.filePath(QStringLiteral("model.flmodel"));
        QVERIFY(artifact::saveAnyModel(m_small, bin));
        QVERIFY(artifact::isModelFile(bin));
        auto b = artifact::loadAnyModel(bin);
        QVERIFY2(b, qPrintable(errorText(b)));
        QCOMPARE(b->provenance.runId, QStringLiteral("run-42"));
        // A .flmodel name with other contents is read as .flmodel and refused as such.
        const QString fake = m_dir.filePath(QStringLiteral("fake.flmodel"));
        QVERIFY(ml::savePipeline(*m_small.pipeline, fake));
        auto c = artifact::loadAnyModel(fake);
        QVERIFY(!c);
        QVERIFY(c.error().message.contains(QStringLiteral("magic")));
    }

    void fingerprintFollowsContentOnly()
    {
        const Table a = readDataset(QStringLiteral("customer_churn"));
        const Table b = readDataset(QStringLiteral("customer_churn"));
        const QString fa = artifact::tableFingerprint(a);
        QVERIFY(fa.startsWith(QStringLiteral("sha256:")));
        QCOMPARE(int(fa.size()), 7 + 64);
        QCOMPARE(artifact::tableFingerprint(b), fa);
        // Roles are not content.
        QCOMPARE(artifact::tableFingerprint(a.withRole(0, ColumnRole::Identifier)), fa);
        // One row less, one column less, a renamed column: all different.
        QVERIFY(artifact::tableFingerprint(a.slice(0, a.rowCount() - 1)) != fa);
        QVERIFY(artifact::tableFingerprint(a.select(a.columnNames().mid(1))) != fa);
        QVERIFY(artifact::tableFingerprint(a.renamed(0, QStringLiteral("id"))) != fa);
        // One changed cell.
        const Table iris = readDataset(QStringLiteral("iris"));
        const QByteArray csv = "x,c\n1,a\n2,b\n";
        JobContext ctx;
        auto t1 = CsvReader::readBytes(csv, {}, ctx);
        auto t2 = CsvReader::readBytes("x,c\n1,a\n3,b\n", {}, ctx);
        auto t3 = CsvReader::readBytes("x,c\n1,a\n2,a\n", {}, ctx);
        QVERIFY(t1 && t2 && t3);
        const QString f1 = artifact::tableFingerprint(t1->table);
        QVERIFY(f1 != artifact::tableFingerprint(t2->table));
        QVERIFY(f1 != artifact::tableFingerprint(t3->table));
        QVERIFY(f1 != artifact::tableFingerprint(iris));
        // The documented byte layout, hashed independently (Debian's python3):
        //   import hashlib, struct
        //   u64 = lambda v: struct.pack('<Q', v); t = lambda s: u64(len(s)) + s.encode()
        //   m = (t('flowline-table-fingerprint-1') + u64(2) + u64(2) + t('x') + t('numeric')
        //        + struct.pack('<dd', 1.0, 2.0) + t('c') + t('categorical') + t('a') + t('b'))
        //   hashlib.sha256(m).hexdigest()
        // so the fingerprint stays the same from version to version.
        QCOMPARE(f1,
                 QStringLiteral("sha256:40d1cec65d1b9c270998b70be1f7af92d639d108f74a76e3dfd62f8b"
                                "774b9466"));
    }
};

QTEST_GUILESS_MAIN(TstModelFile)
#include "tst_modelfile.moc"
