// Join, concatenate rows and add columns: against pandas (merge / concat, with our documented
// rules for missing keys, suffixes and row order) and on hand-made edge cases.

#include "CombineTables.h"
#include "PrepReference.h"
#include "TestTables.h"

#include "prep/AddColumns.h"
#include "prep/ConcatRows.h"
#include "prep/Join.h"
#include "table/CategoricalColumn.h"
#include "table/DatetimeColumn.h"
#include "table/TextColumn.h"
#include "util/SplitMix64.h"

#include <QtTest>

#include <limits>

using namespace flowline::core;
using namespace flowline::core::prep;
using flowline::tests::cat;
using flowline::tests::fromJson;
using flowline::tests::num;
using flowline::tests::tableRows;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

// The error message, or nothing (QVERIFY2 evaluates its message even when it passes).
template <class T>
QString errorOf(const Result<T> &r)
{
    return r ? QString() : r.error().toString();
}

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    for (const auto &s : v.toArray())
        out << s.toString();
    return out;
}

JoinSpec spec(JoinKind kind, const QStringList &leftOn, const QStringList &rightOn = {})
{
    JoinSpec s;
    s.kind = kind;
    s.leftOn = leftOn;
    s.rightOn = rightOn;
    return s;
}

// The documented order, the slow way: every pair of rows whose keys are equal and present.
JoinRows nestedLoop(const std::vector<double> &l, const std::vector<double> &r, JoinKind kind)
{
    JoinRows out;
    const auto eq = [&](std::size_t i, std::size_t j) { return !std::isnan(l[i]) && l[i] == r[j]; };
    const bool right = kind == JoinKind::Right;
    const auto &major = right ? r : l;
    const auto &minor = right ? l : r;
    std::vector<bool> minorMatched(minor.size());
    for (std::size_t a = 0; a < major.size(); ++a) {
        bool any = false;
        for (std::size_t b = 0; b < minor.size(); ++b) {
            if (right ? eq(b, a) : eq(a, b)) {
                (right ? out.right : out.left).push_back(static_cast<std::int64_t>(a));
                (right ? out.left : out.right).push_back(static_cast<std::int64_t>(b));
                any = true;
                minorMatched[b] = true;
            }
        }
        if (!any && kind != JoinKind::Inner) {
            (right ? out.right : out.left).push_back(static_cast<std::int64_t>(a));
            (right ? out.left : out.right).push_back(-1);
        }
    }
    for (std::size_t b = 0; kind == JoinKind::Outer && b < minor.size(); ++b) {
        if (!minorMatched[b]) {
            out.left.push_back(-1);
            out.right.push_back(static_cast<std::int64_t>(b));
        }
    }
    return out;
}

} // namespace

class TestPrepCombine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void joinMatchesPandas_data()
    {
        QTest::addColumn<QString>("step");
        for (const char *s : {"join_inner", "join_left", "join_right", "join_outer",
                              "join_multi_left", "join_multi_outer", "join_numeric_left"})
            QTest::newRow(s) << QString::fromLatin1(s);
    }

    void joinMatchesPandas()
    {
        QFETCH(QString, step);
        flowline::tests::PrepReference ref;
        QString why;
        QVERIFY2(
            flowline::tests::loadPrepReference(step, QStringLiteral("customer_churn"), ref, why),
            qPrintable(why));
        const QJsonObject learned = ref.learned();
        const Table right = fromJson(learned.value(QStringLiteral("right")).toObject(),
                                     learned.value(QStringLiteral("right_columns")).toArray());
        const QJsonObject p = ref.params();
        const auto kind = joinKindFromName(p.value(QStringLiteral("how")).toString());
        QVERIFY(kind);
        auto out = join(ref.test, right,
                        spec(*kind, strings(p.value(QStringLiteral("left_on"))),
                             strings(p.value(QStringLiteral("right_on")))));
        QVERIFY2(out, qPrintable(errorOf(out)));
        QCOMPARE(out->columnNames(), strings(learned.value(QStringLiteral("output_columns"))));
        const QString diff = flowline::tests::compareWithReference(*out, ref.output());
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        QVERIFY(out->rowCount() > 0);
    }

    void concatMatchesPandas()
    {
        flowline::tests::PrepReference ref;
        QString why;
        QVERIFY2(flowline::tests::loadPrepReference(QStringLiteral("concat"),
                                                    QStringLiteral("iris"), ref, why),
                 qPrintable(why));
        const QJsonObject learned = ref.learned();
        const Table tables[] = {
            ref.train,
            ref.test.select(strings(ref.params().value(QStringLiteral("second_columns")))),
            fromJson(learned.value(QStringLiteral("third")).toObject(),
                     learned.value(QStringLiteral("third_columns")).toArray())};
        auto out = concatRows(tables);
        QVERIFY2(out, qPrintable(errorOf(out)));
        QCOMPARE(out->columnNames(), strings(learned.value(QStringLiteral("output_columns"))));
        QCOMPARE(out->rowCount(), 152);
        const QString diff = flowline::tests::compareWithReference(*out, ref.output());
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        // The species dictionaries merged by label.
        const auto &species = static_cast<const CategoricalColumn &>(
            *out->column(out->indexOf(QStringLiteral("species"))));
        QCOMPARE(species.categoryCount(), 4);
    }

    void manyToManyOrder()
    {
        const Table l({"k", "a"}, {num({1, 2, 1}), num({10, 20, 30})});
        const Table r({"k", "b"}, {num({1, 1, 3}), num({100, 200, 300})});
        const auto rows = [&](JoinKind kind) {
            auto j = joinRows(l, r, spec(kind, {"k"}));
            return j ? std::pair(j->left, j->right)
                     : std::pair<std::vector<std::int64_t>, std::vector<std::int64_t>>{};
        };
        using V = std::vector<std::int64_t>;
        QCOMPARE(rows(JoinKind::Inner), std::pair(V{0, 0, 2, 2}, V{0, 1, 0, 1}));
        QCOMPARE(rows(JoinKind::Left), std::pair(V{0, 0, 1, 2, 2}, V{0, 1, -1, 0, 1}));
        QCOMPARE(rows(JoinKind::Right), std::pair(V{0, 2, 0, 2, -1}, V{0, 0, 1, 1, 2}));
        QCOMPARE(rows(JoinKind::Outer), std::pair(V{0, 0, 1, 2, 2, -1}, V{0, 1, -1, 0, 1, 2}));
        // A table joined with itself (the same object on both sides).
        auto self = join(l, l, spec(JoinKind::Inner, {"k"}));
        QVERIFY(self);
        QCOMPARE(tableRows(*self), (QStringList{"k|a_left|a_right", "1|10|10", "1|10|30", "2|20|20",
                                                "1|30|10", "1|30|30"}));
        auto outer = join(l, r, spec(JoinKind::Outer, {"k"}));
        QVERIFY(outer);
        QCOMPARE(tableRows(*outer), (QStringList{"k|a|b", "1|10|100", "1|10|200", "2|20|<NA>",
                                                 "1|30|100", "1|30|200", "3|<NA>|300"}));
    }

    // Random tables, both sizes either way round (so the hash index is built on either side):
    // the same rows in the same order as a nested loop over the documented rule.
    void sameAsNestedLoop()
    {
        SplitMix64 rng{7};
        for (int trial = 0; trial < 40; ++trial) {
            std::vector<double> lk(rng.below(30)), rk(rng.below(30));
            for (auto *v : {&lk, &rk}) {
                for (auto &x : *v)
                    x = rng.below(10) == 0 ? kNaN : static_cast<double>(rng.below(8));
            }
            const Table l({"k"}, {num(lk)}), r({"k"}, {num(rk)});
            for (auto kind : {JoinKind::Inner, JoinKind::Left, JoinKind::Right, JoinKind::Outer}) {
                auto got = joinRows(l, r, spec(kind, {"k"}));
                QVERIFY(got);
                const JoinRows want = nestedLoop(lk, rk, kind);
                QCOMPARE(got->left, want.left);
                QCOMPARE(got->right, want.right);
            }
        }
    }

    void missingKeysNeverMatch()
    {
        const Table l({"k", "c", "a"}, {num({kNaN, 1, 2}), cat({"x", "", "y"}), num({1, 2, 3})});
        const Table r({"k", "c", "b"}, {num({kNaN, 1, 2}), cat({"x", "", "y"}), num({7, 8, 9})});
        auto inner = join(l, r, spec(JoinKind::Inner, {"k"}));
        QVERIFY(inner);
        QCOMPARE(tableRows(*inner).mid(1), (QStringList{"1|<NA>|2|<NA>|8", "2|y|3|y|9"}));
        auto byLabel = join(l, r, spec(JoinKind::Inner, {"c"}));
        QVERIFY(byLabel);
        QCOMPARE(tableRows(*byLabel).mid(1), (QStringList{"<NA>|x|1|<NA>|7", "2|y|3|2|9"}));
        // Both keys: a row with either missing matches nothing; outer keeps every row once.
        auto outer = join(l, r, spec(JoinKind::Outer, {"k", "c"}));
        QVERIFY(outer);
        QCOMPARE(tableRows(*outer), (QStringList{"k|c|a|b", "<NA>|x|1|<NA>", "1|<NA>|2|<NA>",
                                                 "2|y|3|9", "<NA>|x|<NA>|7", "1|<NA>|<NA>|8"}));
    }

    void emptyInputsAndNoMatches()
    {
        const Table l({"k", "a"}, {num({1, 2}), num({10, 20})});
        const Table none({"k", "b"}, {num({}), cat({})});
        const Table other({"k", "b"}, {num({5}), cat({"z"})});
        for (const Table *r : {&none, &other}) {
            auto inner = join(l, *r, spec(JoinKind::Inner, {"k"}));
            QVERIFY(inner);
            QCOMPARE(inner->rowCount(), 0);
            QCOMPARE(flowline::tests::kinds(*inner), QStringLiteral("numeric,numeric,categorical"));
            auto left = join(l, *r, spec(JoinKind::Left, {"k"}));
            QVERIFY(left);
            QCOMPARE(tableRows(*left).mid(1), (QStringList{"1|10|<NA>", "2|20|<NA>"}));
        }
        auto outer = join(none, l, spec(JoinKind::Outer, {"k"}));
        QVERIFY(outer);
        QCOMPARE(tableRows(*outer), (QStringList{"k|b|a", "1|<NA>|10", "2|<NA>|20"}));
        auto right = join(none, other, spec(JoinKind::Right, {"k"}));
        QVERIFY(right);
        QCOMPARE(tableRows(*right), (QStringList{"k|b_left|b_right", "5|<NA>|z"}));
    }

    void clashingNamesGetSuffixes()
    {
        const Table l({"id", "v", "w"}, {num({1, 2}), num({1, 2}), num({3, 4})});
        const Table r({"key", "v", "id"}, {num({2, 1}), num({5, 6}), num({7, 8})});
        auto out = join(l, r, spec(JoinKind::Inner, {"id"}, {"key"}));
        QVERIFY(out);
        // The left key keeps its name; the right "id" (not a key) gets the right suffix.
        QCOMPARE(tableRows(*out),
                 (QStringList{"id|v_left|w|v_right|id_right", "1|1|3|6|8", "2|2|4|5|7"}));
        JoinSpec s = spec(JoinKind::Inner, {"id"}, {"key"});
        s.leftSuffix = QStringLiteral("_x");
        s.rightSuffix = QStringLiteral("_y");
        out = join(l, r, s);
        QVERIFY(out);
        QCOMPARE(out->columnNames(), (QStringList{"id", "v_x", "w", "v_y", "id_y"}));
        // A suffix that makes an existing name is refused, naming it.
        const Table l2({"id", "v", "v_left"}, {num({1}), num({1}), num({1})});
        out = join(l2, r, spec(JoinKind::Inner, {"id"}, {"key"}));
        QVERIFY(!out);
        QVERIFY2(out.error().message.contains(QStringLiteral("'v_left'")),
                 qPrintable(out.error().message));
    }

    void badKeysAreClearErrors()
    {
        const Table l({"region", "n"}, {cat({"a"}), num({1})});
        const Table r({"area", "n"}, {num({1}), num({2})});
        auto out = join(l, r, spec(JoinKind::Inner, {"region"}, {"area"}));
        QVERIFY(!out);
        for (const char *part : {"'region'", "'area'", "categorical", "numeric"})
            QVERIFY2(out.error().message.contains(QLatin1String(part)),
                     qPrintable(out.error().message));
        out = join(l, r, spec(JoinKind::Inner, {"nope"}, {"area"}));
        QVERIFY(!out && out.error().message.contains(QStringLiteral("left table has no column "
                                                                    "'nope'")));
        out = join(l, r, spec(JoinKind::Inner, {"region"}));
        QVERIFY(!out && out.error().message.contains(QStringLiteral("right table has no column "
                                                                    "'region'")));
        out = join(l, r, spec(JoinKind::Inner, {"region", "n"}, {"area"}));
        QVERIFY(!out && out.error().message.contains(QStringLiteral("2 left key columns")));
        out = join(l, r, spec(JoinKind::Inner, {}));
        QVERIFY(!out);
    }

    void keysOfEveryKindMatchByValue()
    {
        // Categorical dictionaries differ: labels match; an outer join's key merges them.
        const Table l({"c", "a"}, {cat({"b", "a", "c"}), num({1, 2, 3})});
        const Table r({"c", "b"}, {cat({"a", "d", "b"}), num({10, 20, 30})});
        auto outer = join(l, r, spec(JoinKind::Outer, {"c"}));
        QVERIFY(outer);
        QCOMPARE(tableRows(*outer),
                 (QStringList{"c|a|b", "b|1|30", "a|2|10", "c|3|<NA>", "d|<NA>|20"}));
        QCOMPARE(outer->kind(0), ColumnKind::Categorical);
        // Text keys meet categorical ones by label (a CSV column's kind follows its values);
        // an outer join's key is then text.
        TextColumnBuilder tk;
        for (const char *s : {"c", "x", "a"})
            tk.append(s);
        const Table text({"c", "t"}, {tk.finish(), num({7, 8, 9})});
        auto mixed = join(l, text, spec(JoinKind::Outer, {"c"}));
        QVERIFY2(mixed, qPrintable(errorOf(mixed)));
        QCOMPARE(tableRows(*mixed),
                 (QStringList{"c|a|t", "b|1|<NA>", "a|2|9", "c|3|7", "x|<NA>|8"}));
        QCOMPARE(mixed->kind(0), ColumnKind::Text);
        // Text, datetime and -0 == 0.
        TextColumnBuilder lt, rt;
        for (const char *s : {"x", "y"})
            lt.append(s);
        rt.append("y");
        rt.appendMissing();
        const Table tl({"t", "d", "z"},
                       {lt.finish(),
                        std::make_shared<const DatetimeColumn>(std::vector<std::int64_t>{0, 5}),
                        num({0.0, 1})});
        const Table tr({"t", "d", "z"},
                       {rt.finish(),
                        std::make_shared<const DatetimeColumn>(std::vector<std::int64_t>{5, 0}),
                        num({1, -0.0})});
        using V = std::vector<std::int64_t>;
        const std::pair<const char *, std::pair<V, V>> cases[] = {
            {"t", {V{1}, V{0}}}, {"d", {V{0, 1}, V{1, 0}}}, {"z", {V{0, 1}, V{1, 0}}}};
        for (const auto &[key, want] : cases) {
            auto j = joinRows(tl, tr, spec(JoinKind::Inner, {QString::fromLatin1(key)}));
            QVERIFY(j);
            QCOMPARE(j->left, want.first);
            QCOMPARE(j->right, want.second);
        }
    }

    void rolesAndRecipeTravel()
    {
        const Table l = Table({"k", "y"}, {num({1}), num({0})}).withRole(1, ColumnRole::Target);
        const Table r =
            Table({"k", "id"}, {num({1}), num({9})}).withRole(1, ColumnRole::Identifier);
        auto out = join(l, r, spec(JoinKind::Left, {"k"}));
        QVERIFY(out);
        QCOMPARE(out->role(1), ColumnRole::Target);
        QCOMPARE(out->role(2), ColumnRole::Identifier);
        const Table both[] = {l, r};
        auto stacked = concatRows(both);
        QVERIFY(stacked);
        QCOMPARE(stacked->columnNames(), (QStringList{"k", "y", "id"}));
        QCOMPARE(stacked->role(1), ColumnRole::Target);
        QCOMPARE(stacked->role(2), ColumnRole::Identifier);
    }

    void concatAlignsAndChecksKinds()
    {
        const Table a({"x", "c"}, {num({1, 2}), cat({"p", "q"})});
        const Table b({"c", "t"}, {cat({"q", "r"}), [&] {
                                       TextColumnBuilder t;
                                       t.append("hi");
                                       t.appendMissing();
                                       return ColumnPtr(t.finish());
                                   }()});
        const Table empty({"x"}, {num({})});
        const Table parts[] = {a, empty, b};
        auto out = concatRows(parts);
        QVERIFY(out);
        QCOMPARE(tableRows(*out),
                 (QStringList{"x|c|t", "1|p|<NA>", "2|q|<NA>", "<NA>|q|hi", "<NA>|r|<NA>"}));
        QCOMPARE(flowline::tests::kinds(*out), QStringLiteral("numeric,categorical,text"));
        const Table bad({"c"}, {num({1})});
        const Table mismatched[] = {a, b, bad};
        out = concatRows(mismatched);
        QVERIFY(!out);
        QVERIFY2(out.error().message.contains(
                     QStringLiteral("column 'c' is categorical in table 1 but numeric in table 3")),
                 qPrintable(out.error().message));
        QVERIFY(!concatRows(std::span<const Table>{}));
        const Table one[] = {a};
        out = concatRows(one);
        QVERIFY(out);
        QCOMPARE(tableRows(*out), tableRows(a));
    }

    void addColumnsIsRowAligned()
    {
        const Table a({"x", "y"}, {num({1, 2}), num({3, 4})});
        const Table b({"y", "z"}, {cat({"u", "v"}), num({5, 6})});
        auto out = addColumns(a, b);
        QVERIFY(out);
        QCOMPARE(tableRows(*out), (QStringList{"x|y_left|y_right|z", "1|3|u|5", "2|4|v|6"}));
        // Columns are shared, not copied.
        QCOMPARE(out->column(3).get(), b.column(1).get());
        const Table shorter({"w"}, {num({1})});
        auto bad = addColumns(a, shorter);
        QVERIFY(!bad);
        QVERIFY2(bad.error().message.contains(QStringLiteral("first has 2 and the second 1")),
                 qPrintable(bad.error().message));
        // A table beside itself.
        auto twice = addColumns(a, a);
        QVERIFY(twice);
        QCOMPARE(twice->columnNames(), (QStringList{"x_left", "y_left", "x_right", "y_right"}));
        const Table clash({"y_left", "y"}, {num({0, 0}), num({0, 0})});
        QVERIFY(!addColumns(clash, b));
    }
};

QTEST_GUILESS_MAIN(TestPrepCombine)
#include "tst_prep_combine.moc"
