#include "BuiltinNodes.h"
#include "NodeHelpers.h"

#include "prep/TextVectorize.h"

namespace flowline::flows {

NodeType textVectorizeNode()
{
    NodeType t;
    t.id = QStringLiteral("prep.text_vectorize");
    t.displayName = QStringLiteral("Text to Columns (Bag of Words)");
    t.category = QStringLiteral("Prepare");
    t.keywords = {QStringLiteral("tf-idf"),   QStringLiteral("tfidf"),
                  QStringLiteral("n-gram"),   QStringLiteral("bag of words"),
                  QStringLiteral("tokenize"), QStringLiteral("count vectorizer")};
    t.help = QStringLiteral(
        "Turns a text column into one numeric column per term (\"column:term\"): how often the "
        "term occurs, or its TF-IDF weight, as scikit-learn's CountVectorizer / TfidfVectorizer. "
        "Words are runs of two or more letters, digits or _ in any script, lower-cased; Chinese "
        "or Japanese without spaces stays one word per run. The vocabulary is learned here "
        "(terms in at least the minimum number of documents, the most frequent up to the "
        "limit, default 1000); applied later, unknown terms are ignored. Missing text counts "
        "as an empty document.");
    t.learnsFromData = true;
    t.inputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Table"), PortType::Table}};
    t.outputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Terms"), PortType::Table}};
    ParamSpec column{QStringLiteral("column"), QStringLiteral("Text column"),
                     QStringLiteral("The text to split into terms."), ParamType::Column, QString()};
    column.columnKinds = {core::ColumnKind::Text, core::ColumnKind::Categorical};
    column.required = true;
    t.params = {column,
                ParamSpec{QStringLiteral("weighting"),
                          QStringLiteral("Weighting"),
                          QStringLiteral("counts (default) or tfidf (rows scaled to length 1)."),
                          ParamType::Choice,
                          QStringLiteral("counts"),
                          {},
                          {},
                          {QStringLiteral("counts"), QStringLiteral("tfidf")}},
                ParamSpec{QStringLiteral("min_n"), QStringLiteral("Shortest n-gram"),
                          QStringLiteral("Words per term, at least (default 1)."), ParamType::Int,
                          qint64(1), 1.0, 3.0},
                ParamSpec{QStringLiteral("max_n"), QStringLiteral("Longest n-gram"),
                          QStringLiteral("Words per term, at most (default 1; up to 3)."),
                          ParamType::Int, qint64(1), 1.0, 3.0},
                ParamSpec{QStringLiteral("max_terms"), QStringLiteral("Vocabulary limit"),
                          QStringLiteral("Keep the most frequent terms, at most this many "
                                         "(default 1000; 0: no limit)."),
                          ParamType::Int, qint64(1000), 0.0, 100000.0},
                ParamSpec{QStringLiteral("min_documents"),
                          QStringLiteral("Minimum documents"),
                          QStringLiteral("A term must appear in at least this many rows "
                                         "(default 1)."),
                          ParamType::Int,
                          qint64(1),
                          1.0,
                          {}}};
    t.run = [](const NodeInputs &in, core::JobContext &ctx) -> core::Result<NodeOutputs> {
        core::prep::TextVectorizeSpec spec;
        spec.column = in.params.value(QStringLiteral("column")).toString();
        spec.tfidf =
            in.params.value(QStringLiteral("weighting")).toString() == QLatin1String("tfidf");
        spec.minN = static_cast<int>(in.params.value(QStringLiteral("min_n")).toLongLong());
        spec.maxN = static_cast<int>(in.params.value(QStringLiteral("max_n")).toLongLong());
        spec.maxTerms = static_cast<int>(in.params.value(QStringLiteral("max_terms")).toLongLong());
        spec.minDocuments =
            static_cast<int>(in.params.value(QStringLiteral("min_documents")).toLongLong());
        return fitAndApply(in, ctx, [&](const core::Table &table, core::JobContext &c) {
            return core::prep::fitTextVectorize(table, spec, c);
        });
    };
    return t;
}

} // namespace flowline::flows
