#pragma once

#include "FittedStep.h"

#include <QStringList>

#include <string>
#include <vector>

namespace flowline::core::prep {

// One-hot encoding: each categorical (or boolean) column becomes 0/1 numeric columns, one per
// category, named "<column>=<category>" (a boolean's categories are "false" and "true"), put
// in place of the column. Categories are learned on the fitting table and sorted by their
// UTF-8 bytes, as scikit-learn's OneHotEncoder sorts them; the columns follow that order, then
// "<column>=(other)", then "<column>=(missing)" when they exist.
//
// - maxCategories (0: no limit) keeps the most frequent categories as columns of their own;
//   the rest go to "<column>=(other)". Equal counts: the category that sorts later is kept, as
//   scikit-learn does. Our maxCategories = k is scikit-learn's max_categories = k + 1 (theirs
//   counts the infrequent column).
// - unseen = AllZero: a category not seen when fitting gives a row of zeros (scikit-learn's
//   handle_unknown='ignore'). unseen = Other: it goes to "<column>=(other)", which then always
//   exists (scikit-learn's 'infrequent_if_exist' does the same when there are infrequent
//   categories, and gives zeros when there are none).
// - missing = AllZero: a missing value gives a row of zeros. missing = OwnColumn: it gets a
//   "<column>=(missing)" column (always there, 0 on every row if nothing was missing when
//   fitting), like scikit-learn's NaN category. Missing values never count as a category for
//   maxCategories (scikit-learn's NaN category can become infrequent).
enum class OneHotUnseen { AllZero, Other };
enum class OneHotMissing { AllZero, OwnColumn };

struct OneHotSpec
{
    QStringList columns;   // empty: every categorical and boolean feature column
    int maxCategories = 0; // per column, not counting (other) and (missing); 0: no limit
    OneHotUnseen unseen = OneHotUnseen::AllZero;
    OneHotMissing missing = OneHotMissing::AllZero;
};

class FittedOneHot : public FittedStep
{
public:
    struct Encoded
    {
        QString column;
        std::vector<std::string> categories; // each has a column, sorted
        std::vector<std::string> grouped;    // learned but sent to (other), sorted
    };

    FittedOneHot(OneHotSpec spec, std::vector<Encoded> columns, std::int64_t rows);

    QString kind() const override { return QStringLiteral("one_hot"); }
    Result<Table> apply(const Table &in, JobContext &ctx) const override;
    QJsonObject toJson() const override;
    QString summary() const override;
    static Result<FittedStepPtr> fromJson(const QJsonObject &json);
    Result<Refitted> refit(const Table &in, JobContext &ctx) const override;

    const std::vector<Encoded> &columns() const { return m_columns; }
    // The output column names for one encoded column, in order.
    QStringList outputNames(const Encoded &e) const;
    bool hasOther(const Encoded &e) const
    {
        return !e.grouped.empty() || m_spec.unseen == OneHotUnseen::Other;
    }

private:
    OneHotSpec m_spec;
    std::vector<Encoded> m_columns;
    std::int64_t m_rows;
};

Result<std::shared_ptr<const FittedOneHot>> fitOneHot(const Table &table, const OneHotSpec &spec,
                                                      JobContext &ctx);

} // namespace flowline::core::prep
