#pragma once

#include "FittedStep.h"

namespace flowline::core::prep {

// Splits a text (or categorical) column at a delimiter into text columns "<column>_1" ...
// "<column>_k", added at the end; the column itself stays. With parts = 0, k is learned: the
// largest number of pieces on the fitting table. The last column keeps the rest of the text,
// delimiters included, as pandas' str.split(delimiter, n=k-1, expand=True); a row with fewer
// pieces gets missing values after its last piece. A missing value gives missing pieces.
struct SplitTextSpec
{
    QString column;
    QString delimiter = QStringLiteral(",");
    int parts = 0; // 0: learned; at most 1000
};

class FittedSplitText : public FittedStep
{
public:
    FittedSplitText(SplitTextSpec spec, int parts);

    QString kind() const override { return QStringLiteral("split_text"); }
    Result<Table> apply(const Table &in, JobContext &ctx) const override;
    QJsonObject toJson() const override;
    QString summary() const override;
    static Result<FittedStepPtr> fromJson(const QJsonObject &json);
    Result<Refitted> refit(const Table &in, JobContext &ctx) const override;

    int parts() const { return m_parts; }

private:
    SplitTextSpec m_spec;
    int m_parts;
};

Result<std::shared_ptr<const FittedSplitText>>
fitSplitText(const Table &table, const SplitTextSpec &spec, JobContext &ctx);

} // namespace flowline::core::prep
