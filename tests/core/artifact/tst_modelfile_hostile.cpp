// Hostile .flmodel files that are well framed (their checksum is right) but whose pipeline holds
// absurd numbers: every kind of model, with number after number inside it replaced by -1, 2^31,
// 2^53, ±1e308 or 0.5. Each file is refused with a message naming it, or loads into a model that
// predicts without crashing, reading out of bounds or asking for absurd memory.

#include "MlReference.h"
#include "ModelFileBytes.h"
#include "artifact/ModelFile.h"
#include "ml/Estimator.h"
#include "ml/Pipeline.h"
#include "util/Memory.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <cmath>

using namespace flowline;
using namespace flowline::core;
using flowline::tests::errorText;
using flowline::tests::frameModelFile;
using flowline::tests::readDataset;
using flowline::tests::readU64;

namespace {

const QString kName = QStringLiteral("hostile.flmodel");

// The path of every number in a JSON value: object keys and array indexes.
using JsonPath = QList<QVariant>;
void numberPaths(const QJsonValue &v, JsonPath &at, QList<JsonPath> &out)
{
    if (v.isDouble()) {
        out.append(at);
    } else if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            at.append(it.key());
            numberPaths(it.value(), at, out);
            at.removeLast();
        }
    } else if (v.isArray()) {
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            at.append(i);
            numberPaths(a.at(i), at, out);
            at.removeLast();
        }
    }
}

QJsonValue replaced(const QJsonValue &v, const JsonPath &path, int depth, double number)
{
    if (depth == path.size())
        return number;
    if (v.isObject()) {
        QJsonObject o = v.toObject();
        const QString key = path[depth].toString();
        o.insert(key, replaced(o.value(key), path, depth + 1, number));
        return o;
    }
    QJsonArray a = v.toArray();
    const qsizetype i = path[depth].toLongLong();
    a.replace(i, replaced(a.at(i), path, depth + 1, number));
    return a;
}

QString pathText(const JsonPath &path)
{
    QStringList parts;
    for (const QVariant &p : path)
        parts << p.toString();
    return parts.join(QLatin1Char('.'));
}

} // namespace

class TstModelFileHostile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void absurdNumbersInsideEveryModel_data()
    {
        QTest::addColumn<QString>("algorithm");
        for (const ml::EstimatorInfo &e : ml::estimators())
            QTest::newRow(qPrintable(e.id)) << e.id;
    }

    void absurdNumbersInsideEveryModel()
    {
        QFETCH(QString, algorithm);
        const ml::EstimatorInfo *info = ml::findEstimator(algorithm);
        QVERIFY(info);
        // Small models: few trees and iterations, so that every part of one is reached.
        ml::TrainSpec spec;
        spec.algorithm = algorithm;
        Table data = readDataset(QStringLiteral("iris"));
        if (info->supports(ml::Task::Classification)) {
            spec.target = QStringLiteral("species");
        } else if (info->supervised()) {
            data = readDataset(QStringLiteral("diabetes"));
            spec.target = QStringLiteral("progression");
        }
        for (const ml::ParamInfo &p : info->params) {
            if (p.key == QLatin1String("n_estimators") || p.key == QLatin1String("max_iter"))
                spec.params.insert(p.key, 3);
            if (p.key == QLatin1String("hidden_layer_sizes"))
                spec.params.insert(p.key, QStringLiteral("3"));
        }
        JobContext ctx;
        auto trained = ml::trainPipeline(data, spec, ctx);
        QVERIFY2(trained, qPrintable(errorText(trained)));
        artifact::ModelFile file;
        file.pipeline = std::make_shared<const ml::Pipeline>(std::move(*trained));
        const QByteArray good = artifact::encodeModelFile(file);
        const auto headerBytes = qsizetype(readU64(good, 16));
        const auto pipelineBytes = qsizetype(readU64(good, 24));
        const QByteArray header = good.mid(32, headerBytes);
        const QJsonObject pipeline =
            QJsonDocument::fromJson(good.mid(32 + headerBytes, pipelineBytes)).object();
        QVERIFY(!pipeline.isEmpty());
        QVERIFY(artifact::decodeModelFile(
            frameModelFile(header, good.mid(32 + headerBytes, pipelineBytes)), kName));
        const Table rows = data.slice(0, 20);

        JsonPath at;
        QList<JsonPath> paths;
        numberPaths(pipeline, at, paths);
        QVERIFY(!paths.isEmpty());
        // At most 150 places, spread evenly over the model.
        const qsizetype step = std::max<qsizetype>(1, paths.size() / 150);
        const double absurd[] = {-1.0, 2147483648.0, 9007199254740992.0, 1e308, -1e308, 0.5};
        const std::int64_t peakBefore = processMemory().peakResident;
        int refused = 0, loaded = 0;
        for (qsizetype k = 0; k < paths.size(); k += step) {
            for (double number : absurd) {
                const QJsonObject bad = replaced(pipeline, paths[k], 0, number).toObject();
                const QByteArray bytes =
                    frameModelFile(header, QJsonDocument(bad).toJson(QJsonDocument::Compact));
                auto r = artifact::decodeModelFile(bytes, kName);
                if (!r) {
                    ++refused;
                    QVERIFY2(r.error().file == kName && !r.error().message.isEmpty(),
                             qPrintable(pathText(paths[k])));
                    continue;
                }
                ++loaded;
                // What loads must predict (or refuse to) without harm.
                JobContext predictCtx;
                auto predicted = r->pipeline->predict(rows, predictCtx);
                if (predicted)
                    QCOMPARE(predicted->prediction.size(), Eigen::Index(rows.rowCount()));
            }
        }
        const std::int64_t rise = processMemory().peakResident - peakBefore;
        qInfo("%s: %d numbers of %d changed, %d files refused, %d loaded; peak memory rose %s",
              qPrintable(algorithm), int((paths.size() + step - 1) / step), int(paths.size()),
              refused, loaded, qPrintable(readableBytes(double(rise))));
        QVERIFY2(rise < (std::int64_t(512) << 20), qPrintable(readableBytes(double(rise))));
    }
};

QTEST_GUILESS_MAIN(TstModelFileHostile)
#include "tst_modelfile_hostile.moc"
