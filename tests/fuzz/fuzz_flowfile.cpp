// libFuzzer target: bytes -> FlowFile::fromJson into a FlowDocument of the built-in node types.
// A flow that loads must save and load again to the same bytes.

#include "FlowDocument.h"
#include "FlowFile.h"
#include "NodeRegistry.h"

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>

using namespace flowline::flows;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString flowDir = QStringLiteral("/nonexistent/flows");

    FlowDocument doc(NodeRegistry::builtin());
    const auto view = FlowFile::fromJson(bytes, doc, flowDir, QStringLiteral("fuzz.flow"));
    if (!view) {
        if (!doc.nodes().empty() || !doc.links().empty() || !doc.annotations().empty())
            __builtin_trap(); // a refused file must leave the document empty
        return 0;
    }
    (void)doc.topologicalOrder();
    for (const Node &node : doc.nodes())
        (void)doc.problems(node.id);

    const QByteArray saved = FlowFile::toJson(doc, flowDir, *view);
    FlowDocument again(NodeRegistry::builtin());
    const auto reloaded = FlowFile::fromJson(saved, again, flowDir, QStringLiteral("saved.flow"));
    if (!reloaded || FlowFile::toJson(again, flowDir, *reloaded) != saved)
        __builtin_trap(); // what was loaded must save and load again unchanged
    return 0;
}
