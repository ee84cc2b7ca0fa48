#pragma once

// .flmodel bytes made by hand, for the model-file suites and fuzz_modelfile: the layout of
// artifact/ModelFile.h (magic, version, flags, two section lengths, header, pipeline, SHA-256).

#include "artifact/ModelFile.h"

#include <QByteArray>
#include <QCryptographicHash>

#include <cstdint>

namespace flowline::tests {

// The little-endian 64-bit number at `offset`.
inline std::uint64_t readU64(const QByteArray &bytes, int offset)
{
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i)
        v = (v << 8) | std::uint8_t(bytes[offset + i]);
    return v;
}

inline void writeU64(QByteArray &bytes, int offset, std::uint64_t v)
{
    for (int i = 0; i < 8; ++i)
        bytes[offset + i] = char(v >> (8 * i));
}

// Recomputes the checksum, so that only the part under test is wrong.
inline void resealModelFile(QByteArray &bytes)
{
    const qsizetype payload = bytes.size() - 32;
    bytes.replace(payload, 32,
                  QCryptographicHash::hash(QByteArray::fromRawData(bytes.constData(), payload),
                                           QCryptographicHash::Sha256));
}

// A well-formed file (right lengths and checksum) around the given header and pipeline bytes.
inline QByteArray frameModelFile(const QByteArray &header, const QByteArray &pipeline)
{
    QByteArray b(core::artifact::kModelFileMagic, sizeof core::artifact::kModelFileMagic);
    b.append(QByteArray(24, '\0'));
    writeU64(b, 8, core::artifact::kModelFileVersion); // version (4 bytes), flags (4 bytes) 0
    writeU64(b, 16, std::uint64_t(header.size()));
    writeU64(b, 24, std::uint64_t(pipeline.size()));
    b.append(header).append(pipeline).append(QByteArray(32, '\0'));
    resealModelFile(b);
    return b;
}

} // namespace flowline::tests
