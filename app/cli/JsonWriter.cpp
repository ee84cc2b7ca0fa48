#include "JsonWriter.h"

#include <charconv>
#include <cmath>

namespace flowline::app {

void JsonWriter::newline()
{
    if (!m_pretty)
        return;
    m_out.append('\n');
    m_out.append(QByteArray(static_cast<qsizetype>(m_first.size()) * 2, ' '));
}

void JsonWriter::separate()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (!m_first.empty()) {
        if (!m_first.back())
            m_out.append(',');
        m_first.back() = false;
        newline();
    }
}

JsonWriter &JsonWriter::beginObject()
{
    separate();
    m_out.append('{');
    m_first.push_back(true);
    return *this;
}

JsonWriter &JsonWriter::endObject()
{
    const bool empty = m_first.back();
    m_first.pop_back();
    if (!empty)
        newline();
    m_out.append('}');
    return *this;
}

JsonWriter &JsonWriter::beginArray()
{
    separate();
    m_out.append('[');
    m_first.push_back(true);
    return *this;
}

JsonWriter &JsonWriter::endArray()
{
    const bool empty = m_first.back();
    m_first.pop_back();
    if (!empty)
        newline();
    m_out.append(']');
    return *this;
}

JsonWriter &JsonWriter::key(const QString &name)
{
    separate();
    const QByteArray utf8 = name.toUtf8();
    string(std::string_view(utf8.constData(), static_cast<std::size_t>(utf8.size())));
    m_out.append(m_pretty ? ": " : ":");
    m_afterKey = true;
    return *this;
}

JsonWriter &JsonWriter::value(double v)
{
    if (std::isnan(v))
        return null();
    if (std::isinf(v))
        return value(std::string_view(v > 0 ? "inf" : "-inf"));
    separate();
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    m_out.append(buf, r.ptr - buf);
    return *this;
}

JsonWriter &JsonWriter::value(std::int64_t v)
{
    separate();
    m_out.append(QByteArray::number(static_cast<qlonglong>(v)));
    return *this;
}

JsonWriter &JsonWriter::value(bool v)
{
    separate();
    m_out.append(v ? "true" : "false");
    return *this;
}

JsonWriter &JsonWriter::value(const QString &s)
{
    const QByteArray utf8 = s.toUtf8();
    return value(std::string_view(utf8.constData(), static_cast<std::size_t>(utf8.size())));
}

JsonWriter &JsonWriter::value(std::string_view utf8)
{
    separate();
    string(utf8);
    return *this;
}

JsonWriter &JsonWriter::raw(const QByteArray &json)
{
    separate();
    m_out.append(json);
    return *this;
}

JsonWriter &JsonWriter::null()
{
    separate();
    m_out.append("null");
    return *this;
}

void JsonWriter::string(std::string_view s)
{
    m_out.append('"');
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"':
            m_out.append("\\\"");
            break;
        case '\\':
            m_out.append("\\\\");
            break;
        case '\n':
            m_out.append("\\n");
            break;
        case '\r':
            m_out.append("\\r");
            break;
        case '\t':
            m_out.append("\\t");
            break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                m_out.append(buf);
            } else {
                m_out.append(ch);
            }
        }
    }
    m_out.append('"');
}

} // namespace flowline::app
