#pragma once

#include "FittedStep.h"

#include <QStringList>

#include <vector>

namespace flowline::core::prep {

// Bag of words / n-grams and TF-IDF for one text or categorical column, as scikit-learn's
// CountVectorizer / TfidfVectorizer with their defaults:
// - tokens are maximal runs of two or more word characters (Unicode letters, digits and "_",
//   so Chinese or Japanese text without spaces is one token per run), lower-cased;
// - n-grams join consecutive tokens with a space, for n from minN to maxN (at most 3);
// - the vocabulary is learned on the fitting table: terms in at least minDocuments documents
//   (and at least minShare of them), the maxTerms most frequent overall, sorted by term;
// - counts, or TF-IDF with idf = ln((1 + n) / (1 + df)) + 1 and each row scaled to length 1.
// The output replaces the column with one numeric column per term, "<column>:<term>".
// Missing text counts as an empty document; terms unseen at fitting time are ignored.
struct TextVectorizeSpec
{
    QString column;
    int minN = 1;
    int maxN = 1;
    int maxTerms = 1000;   // 0: no limit
    int minDocuments = 1;  // a term must appear in at least this many documents
    double minShare = 0.0; // ... and in at least this share of them
    bool tfidf = false;
};

// The tokens of one text (exposed for tests and for the inspector's preview).
QStringList tokenize(const QString &text);

class FittedTextVectorize : public FittedStep
{
public:
    FittedTextVectorize(TextVectorizeSpec spec, QStringList terms, std::vector<double> idf);

    QString kind() const override { return QStringLiteral("text_vectorize"); }
    Result<Table> apply(const Table &in, JobContext &ctx) const override;
    QJsonObject toJson() const override;
    QString summary() const override;
    static Result<FittedStepPtr> fromJson(const QJsonObject &json);
    Result<Refitted> refit(const Table &in, JobContext &ctx) const override;

    const QStringList &terms() const { return m_terms; }
    const std::vector<double> &idf() const { return m_idf; }

private:
    TextVectorizeSpec m_spec;
    QStringList m_terms;
    std::vector<double> m_idf; // empty unless tfidf
};

Result<std::shared_ptr<const FittedTextVectorize>>
fitTextVectorize(const Table &table, const TextVectorizeSpec &spec, JobContext &ctx);

} // namespace flowline::core::prep
