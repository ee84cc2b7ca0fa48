#pragma once

// Test support for estimators and metrics: reading the datasets in resources/data into a
// Dataset, and the scikit-learn reference files in tests/data/reference/ml/ (made by the
// make_*_reference.py scripts beside them).

#include "io/CsvReader.h"
#include "jobs/JobContext.h"
#include "ml/DesignMatrix.h"
#include "ml/Estimator.h"
#include "ml/ModelJson.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace flowline::tests {

// The error's text, or empty when `r` holds a value (QVERIFY2 evaluates its message eagerly).
template <class T>
QString errorText(const core::Result<T> &r)
{
    return r ? QString() : r.error().toString();
}

inline core::Table readDataset(const QString &name)
{
    core::JobContext ctx;
    auto read = core::CsvReader::readFile(
        QStringLiteral(FLOWLINE_SOURCE_DIR "/resources/data/%1.csv").arg(name), {}, ctx);
    return read ? read->table : core::Table();
}

// Every numeric column but the target as features, the target encoded for `task` (classes in
// scikit-learn's LabelEncoder order).
inline core::ml::Dataset numericDataset(const core::Table &table, const QString &target,
                                        core::ml::Task task, QStringList *classesOut = nullptr)
{
    QStringList features;
    for (int c = 0; c < table.columnCount(); ++c)
        if (table.columnName(c) != target && table.kind(c) == core::ColumnKind::Numeric)
            features << table.columnName(c);
    QStringList classes;
    auto d = core::ml::buildDataset(table, features, target, task, classes);
    if (classesOut)
        *classesOut = classes;
    return d ? *d : core::ml::Dataset();
}

inline QJsonObject readReference(const QString &file)
{
    QFile f(QStringLiteral(FLOWLINE_TEST_DATA_DIR "/reference/ml/") + file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

inline Eigen::VectorXd refVector(const QJsonObject &o, const QString &key)
{
    auto v = core::ml::vectorFromJson(o.value(key), key);
    return v ? *v : Eigen::VectorXd();
}

// {"rows":..,"cols":..,"data":[row-major]} or a list of rows.
inline Eigen::MatrixXd refMatrix(const QJsonObject &o, const QString &key)
{
    const QJsonValue v = o.value(key);
    if (v.isObject()) {
        auto m = core::ml::matrixFromJson(v, key);
        return m ? *m : Eigen::MatrixXd();
    }
    const QJsonArray rows = v.toArray();
    if (rows.isEmpty())
        return {};
    Eigen::MatrixXd m(rows.size(), rows[0].toArray().size());
    for (int r = 0; r < rows.size(); ++r) {
        const QJsonArray row = rows[r].toArray();
        for (int c = 0; c < row.size() && c < m.cols(); ++c)
            m(r, c) = row[c].toDouble();
    }
    return m;
}

// Largest |a - b| / max(1, |b|); infinity when the shapes differ.
inline double relativeGap(const Eigen::MatrixXd &a, const Eigen::MatrixXd &b)
{
    if (a.rows() != b.rows() || a.cols() != b.cols() || a.size() == 0)
        return INFINITY;
    double worst = 0;
    for (Eigen::Index i = 0; i < a.size(); ++i)
        worst = std::max(worst, std::abs(a.data()[i] - b.data()[i]) /
                                    std::max(1.0, std::abs(b.data()[i])));
    return worst;
}

inline double agreement(const Eigen::VectorXd &a, const Eigen::VectorXd &b)
{
    if (a.size() != b.size() || a.size() == 0)
        return 0;
    return double((a.array() == b.array()).count()) / double(a.size());
}

// Fits `algorithm` with the given params on `data` with a fixed seed and thread count.
inline core::Result<core::ml::ModelPtr> fitWith(const QString &algorithm,
                                                const core::ml::Dataset &data,
                                                const QVariantMap &params, core::ml::Task task,
                                                int threads = 1, std::uint64_t seed = 42)
{
    const core::ml::EstimatorInfo *e = core::ml::findEstimator(algorithm);
    if (!e)
        return core::Error{QStringLiteral("no estimator ") + algorithm};
    auto p = core::ml::Params::resolve(e->params, params);
    if (!p)
        return p.error();
    core::JobContext ctx;
    ctx.setThreads(threads);
    ctx.setSeed(seed);
    return e->fit(data, *p, task, ctx);
}

} // namespace flowline::tests
