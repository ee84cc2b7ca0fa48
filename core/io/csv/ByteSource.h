#pragma once

#include <QByteArray>
#include <QFile>

#include <cstdint>

namespace flowline::core::csv {

// Random access to the bytes being imported; read() may be called from several threads.
class ByteSource
{
public:
    virtual ~ByteSource() = default;
    virtual std::int64_t size() const = 0;
    // Reads exactly `count` bytes at `offset` into dest; false on an I/O error.
    virtual bool read(std::int64_t offset, std::size_t count, char *dest) const = 0;
};

class FileSource : public ByteSource
{
public:
    // Takes an open QFile.
    explicit FileSource(QFile &file)
        : m_file(file)
        , m_size(file.size())
    {}
    std::int64_t size() const override { return m_size; }
    bool read(std::int64_t offset, std::size_t count, char *dest) const override;

private:
    QFile &m_file;
    std::int64_t m_size;
};

class MemorySource : public ByteSource
{
public:
    explicit MemorySource(QByteArray bytes)
        : m_bytes(std::move(bytes))
    {}
    std::int64_t size() const override { return m_bytes.size(); }
    bool read(std::int64_t offset, std::size_t count, char *dest) const override;
    const QByteArray &bytes() const { return m_bytes; }

private:
    QByteArray m_bytes;
};

} // namespace flowline::core::csv
