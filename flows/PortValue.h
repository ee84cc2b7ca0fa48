#pragma once

#include "stats/Profiler.h"
#include "table/Table.h"

#include <QJsonObject>
#include <QString>

#include <memory>

namespace flowline::flows {

// What travels along a link. Later issues add Model and Evaluation.
enum class PortType { Table, Model, Evaluation, Report };

QString portTypeName(PortType type);

// An immutable result of a node. Values are shared between the cache, downstream nodes and
// the views; nobody changes one after it is made.
class PortValue
{
public:
    virtual ~PortValue() = default;
    virtual PortType type() const = 0;
    // One line for logs and the CLI: "150 rows x 5 columns".
    virtual QString summary() const = 0;
    // What `flowline-cli run --json` prints for it.
    virtual QJsonObject toJson() const = 0;
};
using PortValuePtr = std::shared_ptr<const PortValue>;

class TableValue : public PortValue
{
public:
    explicit TableValue(core::Table table)
        : m_table(std::move(table))
    {}
    PortType type() const override { return PortType::Table; }
    QString summary() const override;
    QJsonObject toJson() const override; // shape, columns with kinds, the first rows
    const core::Table &table() const { return m_table; }

private:
    core::Table m_table;
};

// A report made of a column profile (the only report so far).
class ProfileReportValue : public PortValue
{
public:
    explicit ProfileReportValue(core::TableProfile profile)
        : m_profile(std::move(profile))
    {}
    PortType type() const override { return PortType::Report; }
    QString summary() const override;
    QJsonObject toJson() const override; // key figures per column
    const core::TableProfile &profile() const { return m_profile; }

private:
    core::TableProfile m_profile;
};

} // namespace flowline::flows
