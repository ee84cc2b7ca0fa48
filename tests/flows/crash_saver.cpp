// A child process for tst_crash_saves: saves the same file over and over, alternating two
// versions, and says "saved N" after each save, until it is killed.
//   crash_saver flow PATH    a .flow of 3000 nodes; version k has a parameter value k
//   crash_saver model PATH   a .flmodel of a 200-tree forest; metric "version" = k

#include "FlowDocument.h"
#include "FlowFile.h"
#include "artifact/ModelFile.h"
#include "io/CsvReader.h"
#include "jobs/JobContext.h"
#include "ml/Pipeline.h"

#include <QCoreApplication>

#include <cstdio>

using namespace flowline;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 3)
        return 2;
    const QString mode = args[1], path = args[2];
    if (mode == QLatin1String("flow")) {
        // Both versions built first, so that nearly all the loop's time is spent saving.
        flows::FlowDocument docs[2];
        for (int v = 0; v < 2; ++v)
            for (int i = 0; i < 3000; ++i)
                docs[v].addNode(QStringLiteral("data.sample"), QPointF(i, v),
                                {{QStringLiteral("fraction"), v == 0 ? 0.25 : 0.75}},
                                QStringLiteral("sample%1").arg(i));
        for (int k = 1;; ++k) {
            if (!flows::FlowFile::save(path, docs[k % 2]))
                return 1;
            std::printf("saved %d\n", k);
            std::fflush(stdout);
        }
    }
    if (mode == QLatin1String("model")) {
        core::JobContext ctx;
        auto read = core::CsvReader::readFile(
            QStringLiteral(FLOWLINE_SOURCE_DIR "/resources/data/iris.csv"), {}, ctx);
        if (!read)
            return 1;
        core::ml::TrainSpec spec;
        spec.algorithm = QStringLiteral("random_forest");
        spec.target = QStringLiteral("species");
        spec.params.insert(QStringLiteral("n_estimators"), 200);
        auto pipeline = core::ml::trainPipeline(read->table, spec, ctx);
        if (!pipeline)
            return 1;
        core::artifact::ModelFile file;
        file.pipeline = std::make_shared<const core::ml::Pipeline>(std::move(*pipeline));
        for (int k = 1;; ++k) {
            file.metrics[QStringLiteral("version")] = k % 2 ? 1 : 2;
            if (!core::artifact::saveModelFile(file, path))
                return 1;
            std::printf("saved %d\n", k);
            std::fflush(stdout);
        }
    }
    return 2;
}
