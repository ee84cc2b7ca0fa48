#pragma once

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <string_view>
#include <vector>

namespace flowline::app {

// Writes JSON in the order it is given (QJsonObject would sort the keys), with numbers in
// their shortest exact form. NaN becomes null; infinities become the strings "inf" / "-inf".
class JsonWriter
{
public:
    explicit JsonWriter(bool pretty = false)
        : m_pretty(pretty)
    {}

    JsonWriter &beginObject();
    JsonWriter &endObject();
    JsonWriter &beginArray();
    JsonWriter &endArray();
    JsonWriter &key(const QString &name);
    JsonWriter &value(double v);
    JsonWriter &value(std::int64_t v);
    JsonWriter &value(bool v);
    JsonWriter &value(const QString &s);
    JsonWriter &value(std::string_view utf8);
    JsonWriter &null();
    // Already-encoded JSON (a value), written as it is.
    JsonWriter &raw(const QByteArray &json);

    const QByteArray &bytes() const { return m_out; }

private:
    void separate();
    void newline();
    void string(std::string_view utf8);

    QByteArray m_out;
    bool m_pretty;
    std::vector<bool> m_first; // per open container: no element written yet
    bool m_afterKey = false;
};

} // namespace flowline::app
