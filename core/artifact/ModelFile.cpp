#include "ModelFile.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <cmath>
#include <cstring>

namespace flowline::core::artifact {

namespace {

const QString kHeaderFormat = QStringLiteral("flowline-model-file");

void putU32(QByteArray &out, std::uint32_t v)
{
    for (int i = 0; i < 4; ++i)
        out.append(char(v >> (8 * i)));
}

void putU64(QByteArray &out, std::uint64_t v)
{
    for (int i = 0; i < 8; ++i)
        out.append(char(v >> (8 * i)));
}

std::uint64_t getU(const QByteArray &bytes, qint64 offset, int size)
{
    std::uint64_t v = 0;
    for (int i = size - 1; i >= 0; --i)
        v = (v << 8) | std::uint8_t(bytes[qsizetype(offset + i)]);
    return v;
}

QJsonObject headerJson(const ModelFile &file)
{
    const ml::Pipeline &p = *file.pipeline;
    QJsonArray inputs;
    for (const auto &c : p.recipe->source())
        if (c.name != p.target)
            inputs.append(QJsonObject{{QStringLiteral("name"), c.name},
                                      {QStringLiteral("kind"), kindName(c.kind)}});
    QJsonObject metrics;
    for (auto it = file.metrics.begin(); it != file.metrics.end(); ++it)
        metrics.insert(it.key(), std::isfinite(it.value()) ? QJsonValue(it.value()) : QJsonValue());
    const QDateTime created = file.provenance.created.isValid() ? file.provenance.created
                                                                : QDateTime::currentDateTimeUtc();
    return QJsonObject{{QStringLiteral("format"), kHeaderFormat},
                       {QStringLiteral("app_version"), file.provenance.appVersion},
                       {QStringLiteral("created"), created.toUTC().toString(Qt::ISODateWithMs)},
                       {QStringLiteral("run_id"), file.provenance.runId},
                       {QStringLiteral("data_fingerprint"), file.provenance.dataFingerprint},
                       {QStringLiteral("algorithm"), p.algorithm},
                       {QStringLiteral("task"), ml::taskName(p.task)},
                       {QStringLiteral("target"), p.target},
                       {QStringLiteral("classes"), QJsonArray::fromStringList(p.classes)},
                       {QStringLiteral("inputs"), inputs},
                       {QStringLiteral("metrics"), metrics},
                       {QStringLiteral("summary"), p.summary()}};
}

Error fileError(const QString &fileName, const QString &what)
{
    return Error{QStringLiteral("not a usable model file: %1").arg(what), fileName};
}

Result<QJsonObject> parseObject(const QByteArray &bytes, const QString &part,
                                const QString &fileName)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &err);
    if (err.error != QJsonParseError::NoError)
        return fileError(fileName, QStringLiteral("the %1 is not valid JSON (%2 at byte %3)")
                                       .arg(part, err.errorString())
                                       .arg(err.offset));
    if (!doc.isObject())
        return fileError(fileName, QStringLiteral("the %1 is not a JSON object").arg(part));
    return doc.object();
}

} // namespace

QByteArray encodeModelFile(const ModelFile &file)
{
    const QByteArray header = QJsonDocument(headerJson(file)).toJson(QJsonDocument::Compact);
    const QByteArray pipeline =
        QJsonDocument(file.pipeline->toJson()).toJson(QJsonDocument::Compact);
    QByteArray out;
    out.reserve(kModelFileHeaderBytes + header.size() + pipeline.size() + kModelFileChecksumBytes);
    out.append(kModelFileMagic, sizeof kModelFileMagic);
    putU32(out, kModelFileVersion);
    putU32(out, 0);
    putU64(out, std::uint64_t(header.size()));
    putU64(out, std::uint64_t(pipeline.size()));
    out.append(header);
    out.append(pipeline);
    out.append(QCryptographicHash::hash(out, QCryptographicHash::Sha256));
    return out;
}

Result<ModelFile> decodeModelFile(const QByteArray &bytes, const QString &fileName, qint64 maxBytes)
{
    const qint64 size = bytes.size();
    if (size > maxBytes)
        return fileError(fileName,
                         QStringLiteral("it is %1 bytes; the limit is %2").arg(size).arg(maxBytes));
    if (size < qint64(sizeof kModelFileMagic) ||
        std::memcmp(bytes.constData(), kModelFileMagic, sizeof kModelFileMagic) != 0)
        return fileError(fileName, QStringLiteral("it does not start with the .flmodel magic "
                                                  "bytes \"FLMODEL\\x1a\""));
    if (size < kModelFileHeaderBytes + kModelFileChecksumBytes)
        return fileError(fileName, QStringLiteral("truncated: %1 bytes, and a .flmodel file has "
                                                  "at least %2")
                                       .arg(size)
                                       .arg(kModelFileHeaderBytes + kModelFileChecksumBytes));
    const auto version = std::uint32_t(getU(bytes, 8, 4));
    if (version == 0)
        return fileError(fileName, QStringLiteral("format version 0 does not exist"));
    if (version > kModelFileVersion)
        return Error{QStringLiteral("this model file was written by a newer Flowline (.flmodel "
                                    "format version %1; this version reads up to %2)")
                         .arg(version)
                         .arg(kModelFileVersion),
                     fileName};
    const auto flags = std::uint32_t(getU(bytes, 12, 4));
    if (flags != 0)
        return fileError(fileName, QStringLiteral("unknown flags 0x%1").arg(flags, 0, 16));
    const std::uint64_t h = getU(bytes, 16, 8), p = getU(bytes, 24, 8);
    const auto room = std::uint64_t(size - kModelFileHeaderBytes - kModelFileChecksumBytes);
    // Compared one at a time, so that absurd lengths cannot overflow the sum.
    if (h > room || p > room || h + p > room)
        return fileError(fileName,
                         QStringLiteral("truncated or corrupt: the sections declare %1 + %2 bytes "
                                        "but the file holds %3")
                             .arg(h)
                             .arg(p)
                             .arg(room));
    if (h + p < room)
        return fileError(
            fileName, QStringLiteral("%1 unexpected bytes after the checksum").arg(room - h - p));
    const qint64 payload = kModelFileHeaderBytes + qint64(h + p);
    const QByteArray digest = QCryptographicHash::hash(
        QByteArray::fromRawData(bytes.constData(), qsizetype(payload)), QCryptographicHash::Sha256);
    if (digest != QByteArray::fromRawData(bytes.constData() + payload, kModelFileChecksumBytes))
        return fileError(fileName, QStringLiteral("the SHA-256 checksum does not match: the file "
                                                  "is corrupt"));
    auto header = parseObject(bytes.mid(kModelFileHeaderBytes, qsizetype(h)),
                              QStringLiteral("header"), fileName);
    if (!header)
        return header.error();
    if (header->value(QStringLiteral("format")).toString() != kHeaderFormat)
        return fileError(fileName,
                         QStringLiteral("the header has no \"format\": \"%1\"").arg(kHeaderFormat));
    auto pipelineJson =
        parseObject(bytes.mid(qsizetype(kModelFileHeaderBytes + qint64(h)), qsizetype(p)),
                    QStringLiteral("pipeline"), fileName);
    if (!pipelineJson)
        return pipelineJson.error();
    auto pipeline = ml::Pipeline::fromJson(*pipelineJson);
    if (!pipeline)
        return Error{pipeline.error().message, fileName};

    ModelFile out;
    out.pipeline = std::make_shared<const ml::Pipeline>(std::move(*pipeline));
    const QJsonObject metrics = header->value(QStringLiteral("metrics")).toObject();
    for (auto it = metrics.begin(); it != metrics.end(); ++it) {
        if (!it.value().isDouble() && !it.value().isNull())
            return fileError(fileName, QStringLiteral("metric '%1' is not a number").arg(it.key()));
        out.metrics.insert(it.key(), it.value().isNull() ? std::nan("") : it.value().toDouble());
    }
    out.provenance.appVersion = header->value(QStringLiteral("app_version")).toString();
    out.provenance.runId = header->value(QStringLiteral("run_id")).toString();
    out.provenance.dataFingerprint = header->value(QStringLiteral("data_fingerprint")).toString();
    out.provenance.created = QDateTime::fromString(
        header->value(QStringLiteral("created")).toString(), Qt::ISODateWithMs);
    return out;
}

Result<bool> saveModelFile(const ModelFile &file, const QString &path)
{
    if (!file.pipeline)
        return Error{QStringLiteral("there is no model to save"), path};
    const QByteArray bytes = encodeModelFile(file);
    QSaveFile f(path); // writes a temporary file, syncs it and renames it over `path` on commit
    if (!f.open(QIODevice::WriteOnly))
        return Error{f.errorString(), path};
    if (f.write(bytes) != bytes.size() || !f.commit())
        return Error{f.errorString(), path};
    return true;
}

Result<ModelFile> loadModelFile(const QString &path, qint64 maxBytes)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error{f.errorString(), path};
    if (f.size() > maxBytes)
        return fileError(
            path, QStringLiteral("it is %1 bytes; the limit is %2").arg(f.size()).arg(maxBytes));
    const QByteArray bytes = f.read(maxBytes + 1);
    if (f.error() != QFileDevice::NoError)
        return Error{f.errorString(), path};
    return decodeModelFile(bytes, path, maxBytes);
}

bool isModelFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QByteArray start = f.read(sizeof kModelFileMagic);
    return start.size() == qsizetype(sizeof kModelFileMagic) &&
           std::memcmp(start.constData(), kModelFileMagic, sizeof kModelFileMagic) == 0;
}

Result<ModelFile> loadAnyModel(const QString &path, qint64 maxBytes)
{
    if (isModelFile(path) || QFileInfo(path).suffix() == kModelFileSuffix)
        return loadModelFile(path, maxBytes);
    auto p = ml::loadPipeline(path, maxBytes);
    if (!p)
        return p.error();
    ModelFile out;
    out.pipeline = std::make_shared<const ml::Pipeline>(std::move(*p));
    out.provenance.appVersion.clear();
    return out;
}

Result<bool> saveAnyModel(const ModelFile &file, const QString &path)
{
    if (QFileInfo(path).suffix() == kModelFileSuffix)
        return saveModelFile(file, path);
    if (!file.pipeline)
        return Error{QStringLiteral("there is no model to save"), path};
    return ml::savePipeline(*file.pipeline, path);
}

} // namespace flowline::core::artifact
