#pragma once

#include <QString>

#include <cstdint>
#include <utility>
#include <variant>

namespace flowline::core {

// A user-facing error: where (file, 1-based line and column, each optional) and what.
struct Error
{
    QString message = {};
    QString file = {};
    std::int64_t line = 0;   // 0 = unknown
    std::int64_t column = 0; // 0 = unknown

    // "FILE:LINE:COL: message", leaving out the parts that are unknown.
    QString toString() const;
};

// A value or the Error that prevented it.
template <class T>
class Result
{
public:
    Result(T value)
        : m_data(std::move(value))
    {}
    Result(Error error)
        : m_data(std::move(error))
    {}

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }
    T &value() { return std::get<0>(m_data); }
    const T &value() const { return std::get<0>(m_data); }
    T &operator*() { return value(); }
    const T &operator*() const { return value(); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    const Error &error() const { return std::get<1>(m_data); }

private:
    std::variant<T, Error> m_data;
};

} // namespace flowline::core
