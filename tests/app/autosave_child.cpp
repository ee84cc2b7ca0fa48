// A child process for tst_crash_autosave: autosaves a 300-node flow over and over into DIR,
// alternating two versions, and says "saved N" after each, until it is killed.
//   autosave_child DIR

#include "Autosave.h"
#include "FlowDocument.h"
#include "FlowFile.h"

#include <QCoreApplication>

#include <cstdio>

using namespace flowline;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (app.arguments().size() != 2)
        return 2;
    QByteArray versions[2];
    for (int v = 0; v < 2; ++v) {
        flows::FlowDocument doc;
        for (int i = 0; i < 300; ++i)
            doc.addNode(QStringLiteral("data.sample"), QPointF(i, v),
                        {{QStringLiteral("fraction"), v == 0 ? 0.25 : 0.75}},
                        QStringLiteral("sample%1").arg(i));
        versions[v] = flows::FlowFile::toJson(doc);
    }
    app::Autosave autosave(app.arguments()[1]);
    int k = 0;
    autosave.track([&] { return versions[k % 2]; }, QStringLiteral("/data/churn.flow"));
    for (k = 1;; ++k) {
        if (!autosave.saveNow())
            return 1;
        std::printf("saved %d\n", k);
        std::fflush(stdout);
    }
}
