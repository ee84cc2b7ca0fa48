#pragma once

#include "FittedStep.h"

#include <QMap>
#include <QStringList>

#include <string>
#include <vector>

namespace flowline::core::prep {

// Ordinal encoding: each categorical (or boolean) column becomes a numeric column of the same
// name, in place, holding 0, 1, ..., k-1: the position of the row's category in the column's
// order. The order is the one given for the column, else the categories seen on the fitting
// table sorted by their UTF-8 bytes (a boolean's are "false", "true"), as scikit-learn's
// OrdinalEncoder. Missing values stay missing (NaN).
// A category that is not in the order (unseen when fitting, or left out of a given order) gives
// a missing value with unseen = Missing (scikit-learn's handle_unknown='use_encoded_value',
// unknown_value=nan), or an Error naming the column, the row and the value with unseen = Error.
enum class OrdinalUnseen { Missing, Error };

struct OrdinalSpec
{
    QStringList columns;               // empty: every categorical and boolean feature column
    QMap<QString, QStringList> orders; // column -> its categories in order (optional)
    OrdinalUnseen unseen = OrdinalUnseen::Missing;
};

class FittedOrdinal : public FittedStep
{
public:
    struct Encoded
    {
        QString column;
        std::vector<std::string> categories; // category i is encoded as i
    };
    FittedOrdinal(OrdinalUnseen unseen, std::vector<Encoded> columns, std::int64_t rows,
                  OrdinalSpec spec);

    QString kind() const override { return QStringLiteral("ordinal"); }
    Result<Table> apply(const Table &in, JobContext &ctx) const override;
    QJsonObject toJson() const override;
    QString summary() const override;
    static Result<FittedStepPtr> fromJson(const QJsonObject &json);
    Result<Refitted> refit(const Table &in, JobContext &ctx) const override;

    const std::vector<Encoded> &columns() const { return m_columns; }

private:
    OrdinalUnseen m_unseen;
    std::vector<Encoded> m_columns;
    std::int64_t m_rows;
    OrdinalSpec m_spec; // what it was fitted with (after reading a file: the columns, unseen)
};

Result<std::shared_ptr<const FittedOrdinal>> fitOrdinal(const Table &table, const OrdinalSpec &spec,
                                                        JobContext &ctx);

} // namespace flowline::core::prep
