#pragma once

// Reads the scikit-learn / pandas reference files of the data-preparation steps
// (tests/data/reference/prep/prep_<step>_<dataset>.json, made by make_prep_reference.py beside
// them) and compares our output with them: numbers to 1e-9 relative, everything else exactly.

#include "io/CsvReader.h"
#include "jobs/JobContext.h"
#include "prep/FittedStep.h"
#include "table/Column.h"
#include "table/NumericColumn.h"
#include "table/Table.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <cmath>

namespace flowline::tests {

struct PrepReference
{
    QString name; // "prep_standardize_wine"
    QJsonObject doc;
    core::Table train; // the dataset's first train_rows rows, as our reader reads them
    core::Table test;  // the rest
    QJsonObject learned() const { return doc.value(QStringLiteral("learned")).toObject(); }
    QJsonObject params() const { return doc.value(QStringLiteral("params")).toObject(); }
    QJsonObject output() const { return doc.value(QStringLiteral("output")).toObject(); }
};

inline QString prepReferencePath(const QString &step, const QString &dataset)
{
    return QStringLiteral(FLOWLINE_TEST_DATA_DIR "/reference/prep/prep_%1_%2.json")
        .arg(step, dataset);
}

// Loads the reference and the dataset; on failure returns false and sets `why`.
inline bool loadPrepReference(const QString &step, const QString &dataset, PrepReference &out,
                              QString &why)
{
    QFile f(prepReferencePath(step, dataset));
    if (!f.open(QIODevice::ReadOnly)) {
        why = f.fileName() + QStringLiteral(": ") + f.errorString();
        return false;
    }
    out.name = QStringLiteral("prep_%1_%2").arg(step, dataset);
    out.doc = QJsonDocument::fromJson(f.readAll()).object();
    core::JobContext ctx;
    auto read = core::CsvReader::readFile(
        QStringLiteral(FLOWLINE_SOURCE_DIR "/resources/data/%1.csv").arg(dataset), {}, ctx);
    if (!read) {
        why = read.error().toString();
        return false;
    }
    const auto trainRows =
        static_cast<std::int64_t>(out.doc.value(QStringLiteral("train_rows")).toDouble());
    out.train = read->table.slice(0, trainRows);
    out.test = read->table.slice(trainRows, read->table.rowCount() - trainRows);
    return true;
}

inline bool closeEnough(double ours, double theirs)
{
    if (std::isnan(ours) || std::isnan(theirs))
        return std::isnan(ours) && std::isnan(theirs);
    return std::abs(ours - theirs) <= 1e-9 * std::max(1.0, std::abs(theirs));
}

// Compares every column of the reference output with the column of the same name in `table`.
// Returns an empty string when all match, else the first difference.
inline QString compareWithReference(const core::Table &table, const QJsonObject &output)
{
    for (auto it = output.begin(); it != output.end(); ++it) {
        const int c = table.indexOf(it.key());
        if (c < 0)
            return QStringLiteral("column '%1' is missing").arg(it.key());
        const QJsonArray expected = it.value().toArray();
        if (expected.size() != table.rowCount())
            return QStringLiteral("column '%1': %2 rows, expected %3")
                .arg(it.key())
                .arg(table.rowCount())
                .arg(expected.size());
        const auto *numeric = table.numeric(c);
        for (qsizetype r = 0; r < expected.size(); ++r) {
            const QJsonValue e = expected[r];
            if (numeric) {
                const double ours = numeric->value(r);
                const double theirs = e.isNull() ? std::nan("") : e.toDouble();
                if (!e.isNull() && !e.isDouble())
                    return QStringLiteral("column '%1' row %2: expected text '%3', ours is numeric")
                        .arg(it.key())
                        .arg(r)
                        .arg(e.toString());
                if (!closeEnough(ours, theirs))
                    return QStringLiteral("column '%1' row %2: %3, expected %4")
                        .arg(it.key())
                        .arg(r)
                        .arg(ours, 0, 'g', 17)
                        .arg(theirs, 0, 'g', 17);
            } else {
                const auto &col = table.column(c);
                const QString ours = col->isMissing(r) ? QString() : col->displayValue(r);
                const QString theirs = e.isNull() ? QString() : e.toString();
                if (ours.compare(theirs, Qt::CaseInsensitive) != 0)
                    return QStringLiteral("column '%1' row %2: '%3', expected '%4'")
                        .arg(it.key())
                        .arg(r)
                        .arg(ours, theirs);
            }
        }
    }
    return {};
}

inline std::vector<double> numbersOf(const QJsonValue &json)
{
    std::vector<double> out;
    for (const QJsonValue &v : json.toArray())
        out.push_back(v.isNull() ? std::nan("") : v.toDouble());
    return out;
}

} // namespace flowline::tests
