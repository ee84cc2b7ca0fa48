#pragma once

#include "FittedStep.h"

#include <QStringList>

#include <string>
#include <vector>

namespace flowline::core::prep {

// Rare-category grouping: in each categorical column, the categories that are rare on the
// fitting table become one category, `other` ("other" by default). A category is rare when its
// share of the non-missing rows is below minShare (count / non-missing count, as pandas'
// value_counts(normalize=True)) or its count is below minCount. At apply time a category not
// seen when fitting becomes `other` too. Missing values stay missing. The column stays
// categorical, in place; its dictionary is the kept categories, sorted, then `other` (when a
// kept category is already called `other`, the rare ones join it).
struct RareCategoriesSpec
{
    QStringList columns;    // empty: every categorical feature column
    double minShare = 0.05; // in [0, 1]
    std::int64_t minCount = 0;
    QString other = QStringLiteral("other");
};

class FittedRareCategories : public FittedStep
{
public:
    struct Grouped
    {
        QString column;
        std::vector<std::string> kept; // sorted
    };
    FittedRareCategories(RareCategoriesSpec spec, std::vector<Grouped> columns, std::int64_t rows);

    QString kind() const override { return QStringLiteral("rare_categories"); }
    Result<Table> apply(const Table &in, JobContext &ctx) const override;
    QJsonObject toJson() const override;
    QString summary() const override;
    static Result<FittedStepPtr> fromJson(const QJsonObject &json);
    Result<Refitted> refit(const Table &in, JobContext &ctx) const override;

    const std::vector<Grouped> &columns() const { return m_columns; }

private:
    RareCategoriesSpec m_spec;
    std::vector<Grouped> m_columns;
    std::int64_t m_rows;
};

Result<std::shared_ptr<const FittedRareCategories>>
fitRareCategories(const Table &table, const RareCategoriesSpec &spec, JobContext &ctx);

} // namespace flowline::core::prep
