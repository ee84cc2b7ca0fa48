#pragma once

#include "table/Column.h"
#include "util/Error.h"

#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <optional>
#include <vector>

namespace flowline::flows {

// The kinds of parameter a node can have. The inspector, validation, .flow persistence and the
// CLI's --set all work from these; nothing re-lists a node's parameters by hand.
enum class ParamType {
    Int,    // qint64, optional min / max
    Double, // double, optional min / max
    Bool,
    Choice, // one of `choices` (stable ids; labels may be translated elsewhere)
    String,
    Column,     // one column name of the upstream table, optionally of the kinds in columnKinds
    ColumnList, // QStringList of column names
    FilePath,   // a file; stored relative to the flow's folder when inside it
    Seed        // qint64 >= 0, the random seed
};

QString paramTypeName(ParamType type);

struct ParamSpec
{
    QString key = {};   // stable, untranslated: "fraction"
    QString label = {}; // for people: "Fraction of rows"
    QString help = {};  // what it does and its default
    ParamType type = ParamType::String;
    QVariant defaultValue = {};
    std::optional<double> min = {};
    std::optional<double> max = {};
    QStringList choices = {}; // Choice
    std::vector<core::ColumnKind> columnKinds =
        {};                  // Column / ColumnList: allowed kinds (empty: any)
    QString fileFilter = {}; // FilePath: "CSV files (*.csv *.tsv)"
    bool required = false;   // must be set (no usable default)

    // The value converted to this type, or why it cannot be (range, choice, type).
    core::Result<QVariant> coerce(const QVariant &value) const;
    // From the text a person types (CLI --set): "3", "0.25", "true", "a,b".
    core::Result<QVariant> parse(const QString &text) const;
    // JSON for a .flow file, and back (checked with coerce).
    QJsonValue toJson(const QVariant &value) const;
    core::Result<QVariant> fromJson(const QJsonValue &json) const;
};

} // namespace flowline::flows
