// libFuzzer target: bytes -> a .flmodel file. The checksum would stop almost every mutation at
// the door, so each input is tried twice: as a whole file, and as the two sections of a file
// framed correctly around them (first byte: the header section's length; the rest: header, then
// pipeline). A file that loads must encode and load again to the same pipeline.

#include "ModelFileBytes.h"
#include "artifact/ModelFile.h"

#include <QByteArray>
#include <QJsonObject>

#include <cstddef>
#include <cstdint>

using namespace flowline::core;

namespace {

void check(const QByteArray &bytes)
{
    auto loaded = artifact::decodeModelFile(bytes, QStringLiteral("fuzz.flmodel"), 1 << 24);
    if (!loaded) {
        if (loaded.error().file != QStringLiteral("fuzz.flmodel") ||
            loaded.error().message.isEmpty())
            __builtin_trap(); // every refusal names the file and says why
        return;
    }
    const QByteArray again = artifact::encodeModelFile(*loaded);
    auto reloaded = artifact::decodeModelFile(again, QStringLiteral("again.flmodel"));
    if (!reloaded || reloaded->pipeline->toJson() != loaded->pipeline->toJson())
        __builtin_trap(); // what was loaded must save and load again unchanged
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    check(bytes);
    if (size > 0) {
        const qsizetype split = std::min<qsizetype>(data[0], bytes.size() - 1);
        check(flowline::tests::frameModelFile(bytes.mid(1, split), bytes.mid(1 + split)));
    }
    return 0;
}
