// Text vectorizers against scikit-learn: tokens of mixed-script text (CJK, accents, emoji),
// word counts and TF-IDF with bigrams, fitted on the first 70 % of customer_churn's feedback
// and applied to the rest (tests/data/reference/prep/, made by make_text_reference.py).

#include "PrepReference.h"

#include "prep/Recipe.h"
#include "prep/TextVectorize.h"
#include "table/TextColumn.h"

#include <QTest>

using namespace flowline;
using namespace flowline::core;
using namespace flowline::core::prep;
using namespace flowline::tests;

class TestPrepText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tokensMatchScikitLearnInEveryScript()
    {
        QFile f(QStringLiteral(FLOWLINE_TEST_DATA_DIR "/reference/prep/text_tokens.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject ref = QJsonDocument::fromJson(f.readAll()).object();
        const QJsonArray docs = ref.value(QStringLiteral("documents")).toArray();
        const QJsonArray tokens = ref.value(QStringLiteral("tokens")).toArray();
        QVERIFY(docs.size() >= 7);
        for (qsizetype i = 0; i < docs.size(); ++i)
            QCOMPARE(tokenize(docs[i].toString()), tokens[i].toVariant().toStringList());
    }

    void countsAndTfidfMatchScikitLearn_data()
    {
        QTest::addColumn<QString>("step");
        QTest::newRow("counts") << QStringLiteral("counts");
        QTest::newRow("tfidf_bigrams") << QStringLiteral("tfidf_bigrams");
    }
    void countsAndTfidfMatchScikitLearn()
    {
        QFETCH(QString, step);
        PrepReference ref;
        QString why;
        QVERIFY2(loadPrepReference(step, QStringLiteral("customer_churn"), ref, why),
                 qPrintable(why));
        TextVectorizeSpec spec;
        spec.column = QStringLiteral("last_feedback");
        spec.minN = ref.params().value(QStringLiteral("min_n")).toInt();
        spec.maxN = ref.params().value(QStringLiteral("max_n")).toInt();
        spec.tfidf = ref.params().value(QStringLiteral("tfidf")).toBool();
        spec.maxTerms = 0;
        JobContext ctx;
        auto fitted = fitTextVectorize(ref.train, spec, ctx);
        QVERIFY2(fitted, qPrintable(fitted ? QString() : fitted.error().message));
        QCOMPARE((*fitted)->terms(),
                 ref.learned().value(QStringLiteral("terms")).toVariant().toStringList());
        if (spec.tfidf) {
            const auto idf = numbersOf(ref.learned().value(QStringLiteral("idf")));
            for (std::size_t i = 0; i < idf.size(); ++i)
                QVERIFY(closeEnough((*fitted)->idf()[i], idf[i]));
        }
        auto out = (*fitted)->apply(ref.test, ctx);
        QVERIFY2(out, qPrintable(out ? QString() : out.error().message));
        const QString diff = compareWithReference(*out, ref.output());
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        QCOMPARE(out->indexOf(QStringLiteral("last_feedback")), -1);

        // Through a recipe and through JSON: the same numbers.
        auto trained = applyAndRecord(*fitted, ref.train, ctx);
        QVERIFY(trained);
        auto byRecipe = trained->recipe()->apply(ref.test, ctx);
        auto reread = fittedStepFromJson((*fitted)->toJson());
        QVERIFY(byRecipe && reread);
        auto byReread = (*reread)->apply(ref.test, ctx);
        QVERIFY(byReread);
        for (int c = 0; c < out->columnCount(); ++c) {
            if (!out->columnName(c).startsWith(QLatin1String("last_feedback:")))
                continue; // other columns pass through (some have missing values: NaN != NaN)
            if (const auto *x = out->numeric(c)) {
                QVERIFY(x->vector() == byRecipe->numeric(c)->vector());
                QVERIFY(x->vector() == byReread->numeric(c)->vector());
            }
        }
    }

    void vocabularyLimitsAndCjkColumns()
    {
        TextColumnBuilder b;
        for (const char *d :
             {"机器学习 很好用", "机器学习 太难了", "数据 数据 数据", "", "ok ok fine"})
            b.append(d);
        const Table t(QStringList{QStringLiteral("note")}, {b.finish()});
        JobContext ctx;
        TextVectorizeSpec spec;
        spec.column = QStringLiteral("note");
        spec.minDocuments = 2;
        auto frequent = fitTextVectorize(t, spec, ctx);
        QVERIFY(frequent);
        QCOMPARE((*frequent)->terms(), QStringList{QStringLiteral("机器学习")});
        auto out = (*frequent)->apply(t, ctx);
        QVERIFY(out);
        const auto *c = out->numeric(out->indexOf(QStringLiteral("note:机器学习")));
        QVERIFY(c);
        QCOMPARE(c->value(0), 1.0);
        QCOMPARE(c->value(3), 0.0); // the empty document
        spec.minDocuments = 1;
        spec.maxTerms = 2;
        auto top = fitTextVectorize(t, spec, ctx);
        QVERIFY(top);
        // The two most frequent overall: 数据 (3) and ok (2); ties broken by term.
        QCOMPARE((*top)->terms(), (QStringList{QStringLiteral("ok"), QStringLiteral("数据")}));
    }

    void badParametersAreClearErrors()
    {
        const Table t = [] {
            TextColumnBuilder b;
            b.append("hello world");
            return Table(QStringList{QStringLiteral("note")}, {b.finish()});
        }();
        JobContext ctx;
        TextVectorizeSpec spec;
        spec.column = QStringLiteral("nope");
        auto missing = fitTextVectorize(t, spec, ctx);
        QVERIFY(!missing);
        QVERIFY(missing.error().message.contains(QStringLiteral("'nope'")));
        spec.column = QStringLiteral("note");
        spec.maxN = 4;
        auto grams = fitTextVectorize(t, spec, ctx);
        QVERIFY(!grams);
        QVERIFY(grams.error().message.contains(QStringLiteral("n-grams")));
    }
};

QTEST_GUILESS_MAIN(TestPrepText)
#include "tst_prep_text.moc"
