#pragma once

// `.flmodel`: a trained pipeline with its metrics and provenance in one checked file.
//
// Layout (integers little-endian):
//   offset  size  field
//   0       8     magic "FLMODEL\x1a" (46 4C 4D 4F 44 45 4C 1A)
//   8       4     format version (uint32; this code writes and reads 1)
//   12      4     flags (uint32; 0, others are refused)
//   16      8     H: length of the header JSON (uint64)
//   24      8     P: length of the pipeline JSON (uint64)
//   32      H     header JSON (UTF-8 object): "format": "flowline-model-file", provenance
//                 (app_version, created, run_id, data_fingerprint), metrics, the raw input
//                 schema, task, target and classes, a one-line summary
//   32+H    P     pipeline JSON: ml::Pipeline::toJson() (what savePipeline writes)
//   32+H+P  32    SHA-256 of bytes [0, 32+H+P)
// The file ends there: a byte more or less is an error. The header repeats what the pipeline
// says about its schema so that tools can list a model without reading the pipeline.
//
// Reading trusts nothing: the size is checked before reading, the declared lengths against the
// real size (no allocation follows them), the version before anything else is interpreted, the
// checksum before any JSON is parsed, and the pipeline is then read by the checked JSON readers
// (Pipeline::fromJson). Nothing in a file is ever executed.

#include "ml/Pipeline.h"
#include "util/Error.h"

#include <QByteArray>
#include <QDateTime>
#include <QMap>
#include <QString>

namespace flowline::core::artifact {

inline constexpr char kModelFileMagic[8] = {'F', 'L', 'M', 'O', 'D', 'E', 'L', '\x1a'};
inline constexpr std::uint32_t kModelFileVersion = 1;
inline constexpr qint64 kModelFileHeaderBytes = 32;
inline constexpr qint64 kModelFileChecksumBytes = 32;
inline constexpr qint64 kMaxModelFileBytes = qint64(1) << 30; // 1 GiB
inline const QString kModelFileSuffix = QStringLiteral("flmodel");

// Where a model came from.
struct ModelProvenance
{
    QString appVersion = QStringLiteral(FLOWLINE_VERSION);
    QString runId;           // the experiment store's run, when there is one
    QString dataFingerprint; // tableFingerprint() of the training rows, when known
    QDateTime created;       // UTC; saveModelFile fills in "now" when invalid
};

struct ModelFile
{
    ml::PipelinePtr pipeline;
    QMap<QString, double> metrics; // e.g. held-out scores: "accuracy", "r2" (NaN allowed)
    ModelProvenance provenance;
};

// The file's bytes. `file.pipeline` must be set.
QByteArray encodeModelFile(const ModelFile &file);
// Reads bytes made by encodeModelFile; every error names `fileName` (Error::file) and says what
// was wrong: truncated, not a model file, too new, bad checksum, bad JSON, bad pipeline...
Result<ModelFile> decodeModelFile(const QByteArray &bytes, const QString &fileName,
                                  qint64 maxBytes = kMaxModelFileBytes);

// Atomic: written to a temporary file in the same folder, synced, then renamed over `path`.
Result<bool> saveModelFile(const ModelFile &file, const QString &path);
// Files over `maxBytes` are refused before reading.
Result<ModelFile> loadModelFile(const QString &path, qint64 maxBytes = kMaxModelFileBytes);

// True when the file starts with the .flmodel magic (false when it cannot be read).
bool isModelFile(const QString &path);
// Either kind of model file: a .flmodel, or the JSON pipeline of savePipeline (read as a
// ModelFile with no metrics and an unknown provenance). The CLI and nodes read models this way.
Result<ModelFile> loadAnyModel(const QString &path, qint64 maxBytes = kMaxModelFileBytes);
// A .flmodel when `path` ends in ".flmodel", else the JSON pipeline format.
Result<bool> saveAnyModel(const ModelFile &file, const QString &path);

} // namespace flowline::core::artifact
