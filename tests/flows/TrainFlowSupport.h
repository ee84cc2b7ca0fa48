#pragma once

// The flow the model suites share: import (a bundled dataset) → split → model.<algorithm> on
// the training part → evaluate on the test part, with the ids import, split, model, evaluate.
// Suites add their own nodes after it.

#include "FlowDocument.h"

#include <QtTest>

#include <initializer_list>

namespace flowline::tests {

// Links each; a refused link is a warning naming why (the suite's checks then fail).
inline void connectAll(flows::FlowDocument &doc, std::initializer_list<flows::Link> links)
{
    for (const flows::Link &l : links)
        if (auto r = doc.connect(l); !r)
            qWarning("%s", qPrintable(r.error().message));
}

inline void addTrainAndEvaluate(flows::FlowDocument &doc, const QString &dataset,
                                const QString &algorithm, const QVariantMap &modelParams)
{
    const auto add = [&](const QString &type, const QVariantMap &params, const QString &id) {
        if (auto r = doc.addNode(type, {}, params, id); !r)
            qWarning("%s", qPrintable(r.error().message));
    };
    add(QStringLiteral("data.csv_import"),
        {{QStringLiteral("file"),
          QStringLiteral(FLOWLINE_SOURCE_DIR "/resources/data/") + dataset}},
        QStringLiteral("import"));
    add(QStringLiteral("split.train_test"), {}, QStringLiteral("split"));
    add(QStringLiteral("model.") + algorithm, modelParams, QStringLiteral("model"));
    add(QStringLiteral("eval.evaluate"), {}, QStringLiteral("evaluate"));
    connectAll(doc, {{"import", "table", "split", "table"},
                     {"split", "train", "model", "table"},
                     {"model", "model", "evaluate", "model"},
                     {"split", "test", "evaluate", "table"}});
}

} // namespace flowline::tests
