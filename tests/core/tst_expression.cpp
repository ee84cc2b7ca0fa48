// The formula language: every operator and its precedence, each column kind with missing
// values, dates, functions, every error with its message and position, hostile input,
// determinism across thread counts, and the per-category / constant shortcuts checked against
// plain row-by-row results.

#include "expr/BoundProgram.h"
#include "expr/Compiler.h"
#include "expr/Evaluator.h"
#include "expr/Expression.h"
#include "expr/Lexer.h"
#include "expr/Parser.h"
#include "jobs/JobContext.h"
#include "table/BooleanColumn.h"
#include "table/CategoricalColumn.h"
#include "table/DatetimeColumn.h"
#include "table/NumericColumn.h"
#include "table/Table.h"
#include "table/TextColumn.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QtTest>

#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>

using namespace flowline::core;

using Rows = QList<qint64>;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

std::int64_t ms(int y, int m, int d, int h = 0, int mi = 0, int s = 0)
{
    return QDateTime(QDate(y, m, d), QTime(h, mi, s), Qt::UTC).toMSecsSinceEpoch();
}

ColumnPtr numbers(std::vector<double> v)
{
    return std::make_shared<const NumericColumn>(std::move(v));
}

ColumnPtr texts(const QStringList &values)
{
    TextColumnBuilder b;
    for (const QString &v : values) {
        if (v == QLatin1String("<NA>"))
            b.appendMissing();
        else
            b.append(v.toStdString());
    }
    return b.finish();
}

// Eight people, with a missing value in every column of row 2 and elsewhere.
Table people()
{
    auto dict = std::make_shared<const CategoricalColumn::Dictionary>(
        CategoricalColumn::Dictionary{"east", "west", "north"});
    auto region = std::make_shared<const CategoricalColumn>(
        std::vector<std::int32_t>{0, 1, -1, 0, 2, 1, 0, -1}, dict);
    auto signup = std::make_shared<const DatetimeColumn>(std::vector<std::int64_t>{
        ms(2021, 5, 1), ms(2022, 1, 1), DatetimeColumn::kMissing, ms(2022, 6, 15, 10, 30),
        ms(2020, 12, 31, 23, 59, 59), ms(2023, 2, 28), ms(2022, 1, 1), ms(2024, 2, 29, 12)});
    auto active =
        std::make_shared<const BooleanColumn>(std::vector<std::int8_t>{1, 0, -1, 1, 1, 0, -1, 1});
    return Table({"age", "name", "region", "signup", "active", "monthly charges",
                  "od280/od315 of wine", "in", "Sepal.Length"},
                 {numbers({25, 40, kNaN, 31, 18, 65, 40, 52}),
                  texts({"Anderson", "Bob", "<NA>", "Jackson", "", "Émile", "carla", "Johnson"}),
                  region, signup, active, numbers({29.5, 70.25, kNaN, 99, 10, 45, 0, -5.5}),
                  numbers({1, 2, 3, 4, 5, 6, 7, 8}), numbers({0, 1, 2, 3, 4, 5, 6, 7}),
                  numbers({5.1, 4.9, 4.7, 5.0, 5.4, 4.6, 5.0, 6.3})});
}

// people() repeated: large enough that per-category shortcuts and several chunks are used.
Table repeated(const Table &t, std::int64_t times)
{
    std::vector<std::int64_t> rows(static_cast<std::size_t>(t.rowCount() * times));
    for (std::size_t i = 0; i < rows.size(); ++i)
        rows[i] = static_cast<std::int64_t>(i) % t.rowCount();
    return t.take(rows);
}

QString compileError(const QString &formula, const Table &t = people())
{
    auto e = Expression::compile(formula, t);
    return e ? QString() : e.error().message;
}

Rows select(const QString &formula, const Table &t = people(), int threads = 1)
{
    auto e = Expression::compile(formula, t);
    if (!e) {
        qWarning().noquote() << formula << "->" << e.error().toString();
        return {-1};
    }
    JobContext ctx;
    ctx.setThreads(threads);
    auto rows = e->selectRows(t, ctx);
    if (!rows) {
        qWarning().noquote() << formula << "->" << rows.error().message;
        return {-2};
    }
    return Rows(rows->begin(), rows->end());
}

QStringList display(const Column &c)
{
    QStringList out;
    for (std::int64_t r = 0; r < c.size(); ++r)
        out << (c.isMissing(r) ? QStringLiteral("<NA>") : c.displayValue(r));
    return out;
}

ColumnPtr evaluate(const QString &formula, const Table &t = people(), int threads = 1)
{
    auto e = Expression::compile(formula, t);
    if (!e) {
        qWarning().noquote() << formula << "->" << e.error().toString();
        return {};
    }
    JobContext ctx;
    ctx.setThreads(threads);
    auto c = e->evaluate(t, ctx);
    if (!c) {
        qWarning().noquote() << formula << "->" << c.error().message;
        return {};
    }
    return *c;
}

QStringList values(const QString &formula, const Table &t = people())
{
    const ColumnPtr c = evaluate(formula, t);
    return c ? display(*c) : QStringList{QStringLiteral("<error>")};
}

// The values computed row by row, without the constant and per-category shortcuts: the
// reference the shortcuts are checked against.
bool compileInternal(const QString &formula, const Table &t, expr::Program &program)
{
    program.text = formula;
    std::vector<expr::Token> tokens;
    ExprError error;
    return expr::tokenize(formula, tokens, error) &&
           expr::parse(formula, tokens, t.columnNames(), program.nodes, error) &&
           expr::compileProgram(program, t, error);
}

QStringList plainValues(const QString &formula, const Table &t = people())
{
    expr::Program program;
    if (!compileInternal(formula, t, program))
        return {QStringLiteral("<error>")};
    JobContext ctx;
    auto c = expr::evaluateProgram(program, t, ctx, false);
    return c ? display(**c) : QStringList{QStringLiteral("<error>")};
}

QStringList split(const char *s)
{
    return QString::fromUtf8(s).split(QLatin1Char('|'));
}

Rows allRows()
{
    return {0, 1, 2, 3, 4, 5, 6, 7};
}

// Words that make up random formulas in the fuzz test.
const QStringList &fuzzWords()
{
    static const QStringList words = {"age",        "name",   "region",
                                      "signup",     "active", "`monthly charges`",
                                      "`in`",       "nosuch", "1",
                                      "0",          "2.5",    "-",
                                      "+",          "*",      "/",
                                      "%",          "<",      "<=",
                                      ">",          ">=",     "==",
                                      "=",          "!=",     "<>",
                                      "(",          ")",      "(",
                                      ")",          ",",      "and",
                                      "or",         "not",    "!",
                                      "&&",         "||",     "is",
                                      "missing",    "null",   "in",
                                      "contains",   "true",   "false",
                                      "\"east\"",   "'a'",    "\"2022-01-01\"",
                                      "\"\"",       "log(",   "if(",
                                      "coalesce(",  "lower(", "substring(",
                                      "year(",      "round(", "clip(",
                                      "ismissing(", "date(",  "length(",
                                      "\"",         "`",      "#",
                                      "1e999",      "3x"};
    return words;
}

template <class Sub, class Pick>
QString randomCondition(QRandomGenerator &r, const Sub &sub, const Pick &pick);

// A random well-typed formula of the given type ('n'umber, 'b'oolean, 't'ext, 'd'ate).
QString randomFormula(QRandomGenerator &r, char type, int depth)
{
    auto pick = [&](std::initializer_list<const char *> options) {
        return QString::fromUtf8(*(options.begin() + r.bounded(static_cast<int>(options.size()))));
    };
    auto sub = [&](char t) { return randomFormula(r, t, depth - 1); };
    const bool leaf = depth <= 0 || r.bounded(4) == 0;
    switch (type) {
    case 'n':
        if (leaf)
            return pick({"age", "`monthly charges`", "3", "-1.5", "0", "(0 / 0)", "`in`"});
        switch (r.bounded(8)) {
        case 0:
            return QStringLiteral("(%1 %2 %3)")
                .arg(sub('n'), pick({"+", "-", "*", "/", "%"}), sub('n'));
        case 1:
            return QStringLiteral("-%1").arg(sub('n'));
        case 2:
            return QStringLiteral("%1(%2)").arg(pick({"abs", "round", "sqrt", "log", "floor"}),
                                                sub('n'));
        case 3:
            return QStringLiteral("length(%1)").arg(sub('t'));
        case 4:
            return QStringLiteral("%1(%2)").arg(pick({"year", "month", "weekday", "hour"}),
                                                sub('d'));
        case 5:
            return QStringLiteral("if(%1, %2, %3)").arg(sub('b'), sub('n'), sub('n'));
        case 6:
            return QStringLiteral("coalesce(%1, %2)").arg(sub('n'), sub('n'));
        default:
            return QStringLiteral("clip(%1, %2, %3)").arg(sub('n'), sub('n'), sub('n'));
        }
    case 't':
        if (leaf)
            return pick(
                {"name", "region", "\"east\"", "''", "\"Émile\"", "if(false, '', missing)"});
        switch (r.bounded(6)) {
        case 0:
            return QStringLiteral("(%1 + %2)").arg(sub('t'), sub('t'));
        case 1:
            return QStringLiteral("%1(%2)").arg(pick({"lower", "upper", "trim"}), sub('t'));
        case 2:
            return QStringLiteral("substring(%1, %2, %3)").arg(sub('t'), sub('n'), sub('n'));
        case 3:
            return QStringLiteral("if(%1, %2, %3)").arg(sub('b'), sub('t'), sub('t'));
        case 4:
            return QStringLiteral("replace(%1, %2, %3)").arg(sub('t'), sub('t'), sub('t'));
        default:
            return QStringLiteral("coalesce(%1, %2)").arg(sub('t'), sub('t'));
        }
    case 'd':
        if (leaf || r.bounded(2))
            return pick({"signup", "date(\"2022-01-01\")", "date(name)"});
        return QStringLiteral("if(%1, %2, %3)").arg(sub('b'), sub('d'), sub('d'));
    default:
        if (leaf)
            return pick(
                {"active", "true", "false", "if(true, missing, true)", "(region == 'east')"});
        return QLatin1Char('(') + randomCondition(r, sub, pick) + QLatin1Char(')');
    }
}

template <class Sub, class Pick>
QString randomCondition(QRandomGenerator &r, const Sub &sub, const Pick &pick)
{
    switch (r.bounded(9)) {
    case 0:
        return QStringLiteral("%1 %2 %3")
            .arg(sub('n'), pick({"<", "<=", ">", ">=", "==", "!="}), sub('n'));
    case 1:
        return QStringLiteral("%1 %2 %3")
            .arg(sub('t'), pick({"==", "!=", "<", "contains"}), sub('t'));
    case 2:
        return QStringLiteral("(%1 %2 %3)")
            .arg(sub('b'), pick({"and", "or", "&&", "||"}), sub('b'));
    case 3:
        return QStringLiteral("(not %1)").arg(sub('b'));
    case 4:
        return QStringLiteral("(%1 is %2missing)")
            .arg(sub(pick({"n", "t", "b", "d"})[0].toLatin1()), pick({"", "not "}));
    case 5:
        return QStringLiteral("%1 %2in (%3, %4)")
            .arg(sub('t'), pick({"", "not "}), sub('t'), pick({"'west'", "'x'"}));
    case 6:
        return QStringLiteral("%1 >= \"2022-01-01\"").arg(sub('d'));
    case 7:
        return QStringLiteral("startswith(%1, %2)").arg(sub('t'), sub('t'));
    default:
        return QStringLiteral("(%1 == %2)").arg(sub('b'), sub('b'));
    }
}

} // namespace

class TestExpression : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void selectsRows_data()
    {
        QTest::addColumn<QString>("formula");
        QTest::addColumn<Rows>("rows");
        auto row = [](const char *f, Rows r) { QTest::newRow(f) << QString::fromUtf8(f) << r; };
        // Comparisons; a missing age is never selected.
        row("age > 30", {1, 3, 5, 6, 7});
        row("age >= 40", {1, 5, 6, 7});
        row("age < 30", {0, 4});
        row("age <= 25", {0, 4});
        row("age == 40", {1, 6});
        row("age = 40", {1, 6});
        row("age != 40", {0, 3, 4, 5, 7});
        row("age <> 40", {0, 3, 4, 5, 7});
        row("40 == age", {1, 6});
        // Arithmetic and precedence.
        row("age + 1 > 41", {5, 7});
        row("age * 2 == 80", {1, 6});
        row("age / 2 < 10", {4});
        row("age % 7 == 4", {0, 4});
        row("-age < -50", {5, 7});
        row("1 + 2 * 3 == 7", allRows());
        row("(1 + 2) * 3 == 9", allRows());
        row("2 * 3 % 4 == 2", allRows());
        row("10 - 4 - 3 == 3", allRows());
        row("100 / 10 / 5 == 2", allRows());
        row("2 * -3 == -6", allRows());
        row("- -3 == 3", allRows());
        row("+3 == 3", allRows());
        row("-7 % 3 == 2", allRows());
        row("7 % -3 == -2", allRows());
        row("2.5e-3 * 1000 == 2.5", allRows());
        row(".5 + .5 == 1", allRows());
        row("age / 0 > 1e308", {0, 1, 3, 4, 5, 6, 7});
        // not binds looser than comparisons; and tighter than or.
        row("not age > 30", {0, 4});
        row("!(age > 30)", {0, 4});
        row("age > 30 and active", {3, 7});
        row("age > 30 && active", {3, 7});
        row("age < 20 or region == \"west\"", {1, 4, 5});
        row("age < 20 || name == \"Bob\"", {1, 4});
        row("region == \"west\" or age < 20 and active", {1, 4, 5});
        row("(region == \"west\" or age < 20) and active", {4});
        row("NOT (age > 30) AND region == \"east\"", {0});
        row("age > 30 or age < 30 or age == 30", {0, 1, 3, 4, 5, 6, 7});
        // Booleans, three-valued.
        row("active", {0, 3, 4, 7});
        row("not active", {1, 5});
        row("not not active", {0, 3, 4, 7});
        row("active == false", {1, 5});
        row("active != true", {1, 5});
        row("true", allRows());
        row("false", {});
        row("missing", {});
        row("age > 30 or missing", {1, 3, 5, 6, 7});
        row("age > 30 and not missing", {});
        row("not (active and missing)", {1, 5});
        // Missing values.
        row("active is missing", {2, 6});
        row("active is not missing", {0, 1, 3, 4, 5, 7});
        row("age is missing", {2});
        row("age IS NOT NULL", {0, 1, 3, 4, 5, 6, 7});
        row("name is missing", {2});
        row("name == \"\"", {4});
        row("region is missing", {2, 7});
        row("signup is missing", {2});
        row("ismissing(region)", {2, 7});
        row("(age > 30) is missing", {2});
        row("missing is missing", allRows());
        // Categorical and text.
        row("region == \"east\"", {0, 3, 6});
        row("region = 'east'", {0, 3, 6});
        row("\"east\" == region", {0, 3, 6});
        row("region != \"east\"", {1, 4, 5});
        row("region == \"nowhere\"", {});
        row("region == name", {});
        row("region in (\"west\", \"north\")", {1, 4, 5});
        row("region not in (\"west\", \"north\")", {0, 3, 6});
        row("age in (40, 18)", {1, 4, 6});
        row("age not in (40, 18)", {0, 3, 5, 7});
        row("name contains \"son\"", {0, 3, 7});
        row("contains(name, \"o\")", {0, 1, 3, 7});
        row("name contains \"\"", {0, 1, 3, 4, 5, 6, 7});
        row("region contains \"st\"", {0, 1, 3, 5, 6});
        row("name > \"C\"", {3, 5, 6, 7});
        row("name + \"!\" == \"Bob!\"", {1});
        row("region + \"-\" + name == \"east-carla\"", {6});
        row("name == \"\\u00c9mile\"", {5});
        row("name == 'Bob' and \"it's\" == 'it\\'s'", {1});
        row("startswith(name, \"J\")", {3, 7});
        row("endswith(lower(name), \"son\")", {0, 3, 7});
        row("lower(region) == \"east\"", {0, 3, 6});
        // Quoted and unusual names.
        row("`monthly charges` > 50", {1, 3});
        row("`od280/od315 of wine` >= 7", {6, 7});
        row("`in` > 5", {6, 7});
        row("Sepal.Length > 5", {0, 4, 7});
        // Dates.
        row("signup >= \"2022-01-01\"", {1, 3, 5, 6, 7});
        row("signup > \"2022-01-01\"", {3, 5, 7});
        row("signup == \"2022-01-01\"", {1, 6});
        row("\"2022-01-01\" < signup", {3, 5, 7});
        row("signup < \"2021-01-01T00:00:00Z\"", {4});
        row("signup >= \"2022-06-15 10:30\"", {3, 5, 7});
        row("signup in (\"2022-01-01\", \"2023-02-28\")", {1, 5, 6});
        row("signup == date(\"2022-01-01\")", {1, 6});
        row("year(signup) == 2022", {1, 3, 6});
        row("month(signup) == 2", {5, 7});
        row("day(signup) == 29", {7});
        row("hour(signup) == 10", {3});
        row("minute(signup) == 59", {4});
        row("second(signup) == 59", {4});
        row("weekday(signup) == 6", {0, 1, 6});
        row("quarter(signup) == 4", {4});
        row("dayofyear(signup) == 366", {4});
        row("year(date(\"2024-02-29T12:00:00Z\")) == 2024", allRows());
        row("date(\"2024-02-30\") is missing", allRows());
        // Functions in conditions.
        row("if(age > 30, \"old\", \"young\") == \"young\"", {0, 2, 4});
        row("coalesce(age, 0) == 0", {2});
        row("LOG(exp(age)) > 50", {5, 7});
        row("abs(age - 40) <= 9", {1, 3, 6});
    }

    void selectsRows()
    {
        QFETCH(QString, formula);
        QFETCH(Rows, rows);
        QCOMPARE(select(formula), rows);
        Rows plain;
        const QStringList v = plainValues(formula);
        for (int r = 0; r < v.size(); ++r)
            if (v[r] == QLatin1String("true"))
                plain << r;
        QCOMPARE(plain, rows);
    }

    void computesValues_data()
    {
        QTest::addColumn<QString>("formula");
        QTest::addColumn<QStringList>("expected");
        auto row = [](const char *f, const char *v) {
            QTest::newRow(f) << QString::fromUtf8(f) << split(v);
        };
        row("age * 2", "50|80|<NA>|62|36|130|80|104");
        row("age - 1.5", "23.5|38.5|<NA>|29.5|16.5|63.5|38.5|50.5");
        row("0 / 0", "<NA>|<NA>|<NA>|<NA>|<NA>|<NA>|<NA>|<NA>");
        row("missing + 1", "<NA>|<NA>|<NA>|<NA>|<NA>|<NA>|<NA>|<NA>");
        row("age > 30", "false|true|<NA>|true|false|true|true|true");
        row("age > 30 or true", "true|true|true|true|true|true|true|true");
        row("age > 30 and false", "false|false|false|false|false|false|false|false");
        row("not active", "false|true|<NA>|false|false|true|<NA>|false");
        row("name + \"!\"", "Anderson!|Bob!|<NA>|Jackson!|!|Émile!|carla!|Johnson!");
        row("upper(name)", "ANDERSON|BOB|<NA>|JACKSON||ÉMILE|CARLA|JOHNSON");
        row("lower(\"ÉMILE Ab\")", "émile ab|émile ab|émile ab|émile ab|émile ab|émile ab|émile "
                                   "ab|émile ab");
        row("lower(region)", "east|west|<NA>|east|north|west|east|<NA>");
        row("region", "east|west|<NA>|east|north|west|east|<NA>");
        row("length(name)", "8|3|<NA>|7|0|5|5|7");
        row("substring(name, 2, 3)", "nde|ob|<NA>|ack||mil|arl|ohn");
        row("substring(name, 3)", "derson|b|<NA>|ckson||ile|rla|hnson");
        row("substring(name, 0, 2)", "An|Bo|<NA>|Ja||Ém|ca|Jo");
        row("trim(\"  a b \\t\") + name", "a bAnderson|a bBob|<NA>|a bJackson|a b|a bÉmile|a "
                                          "bcarla|a bJohnson");
        row("replace(name, \"son\", \"SON\")", "AnderSON|Bob|<NA>|JackSON||Émile|carla|JohnSON");
        row("startswith(name, \"J\")", "false|false|<NA>|true|false|false|false|true");
        row("clip(age, 20, 50)", "25|40|<NA>|31|20|50|40|50");
        row("clip(age, missing, 30)", "25|30|<NA>|30|18|30|30|30");
        row("if(active, age, -1)", "25|-1|-1|31|18|-1|-1|52");
        row("coalesce(name, \"?\")", "Anderson|Bob|?|Jackson||Émile|carla|Johnson");
        row("coalesce(region, name, \"none\")", "east|west|none|east|north|west|east|Johnson");
        row("ismissing(age)", "false|false|true|false|false|false|false|false");
        row("if(true, missing, missing)", "<NA>|<NA>|<NA>|<NA>|<NA>|<NA>|<NA>|<NA>");
        row("year(signup)", "2021|2022|<NA>|2022|2020|2023|2022|2024");
        row("weekday(signup)", "6|6|<NA>|3|4|2|6|4");
        row("second(signup) + minute(signup) * 60", "0|0|<NA>|1800|3599|0|0|0");
        row("if(age > 30, signup, \"1999-01-01\")",
            "1999-01-01|2022-01-01|1999-01-01|2022-06-15T10:30:00|1999-01-01|2023-02-28|2022-"
            "01-01|2024-02-29T12:00:00");
        row("coalesce(signup, date(\"2000-01-01\"))",
            "2021-05-01|2022-01-01|2000-01-01|2022-06-15T10:30:00|2020-12-31T23:59:59|2023-02-"
            "28|2022-01-01|2024-02-29T12:00:00");
    }

    void computesValues()
    {
        QFETCH(QString, formula);
        QFETCH(QStringList, expected);
        QCOMPARE(values(formula), expected);
        QCOMPARE(plainValues(formula), expected);
    }

    void numberFunctions_data()
    {
        QTest::addColumn<QString>("formula");
        QTest::addColumn<double>("expected");
        auto row = [](const char *f, double v) { QTest::newRow(f) << QString::fromUtf8(f) << v; };
        row("round(2.5)", 2);
        row("round(3.5)", 4);
        row("round(-2.5)", -2);
        row("round(1.2345, 2)", 1.23);
        row("round(1234, -2)", 1200);
        row("abs(-3)", 3);
        row("floor(-1.5)", -2);
        row("ceil(1.2)", 2);
        row("sqrt(16)", 4);
        row("sqrt(-1)", kNaN);
        row("log(exp(2))", 2);
        row("log(0)", -HUGE_VAL);
        row("log(-1)", kNaN);
        row("log10(1000)", 3);
        row("pow(2, 10)", 1024);
        row("sign(-3)", -1);
        row("sign(0)", 0);
        row("1 / 0", HUGE_VAL);
        row("5 % 0", kNaN);
        row("length(\"日本語\")", 3);
    }

    void numberFunctions()
    {
        QFETCH(QString, formula);
        QFETCH(double, expected);
        const ColumnPtr c = evaluate(formula);
        QVERIFY(c);
        QCOMPARE(c->kind(), ColumnKind::Numeric);
        const double v = static_cast<const NumericColumn &>(*c).value(0);
        if (std::isnan(expected))
            QVERIFY2(std::isnan(v), qPrintable(QString::number(v)));
        else
            QCOMPARE(v, expected);
    }

    void resultKinds()
    {
        const Table t = people();
        auto kind = [&](const char *f) { return Expression::compile(f, t)->resultKind(); };
        QCOMPARE(kind("age + 1"), ColumnKind::Numeric);
        QCOMPARE(kind("age > 1"), ColumnKind::Boolean);
        QCOMPARE(kind("name"), ColumnKind::Text);
        QCOMPARE(kind("upper(region)"), ColumnKind::Text);
        QCOMPARE(kind("signup"), ColumnKind::Datetime);
        QCOMPARE(kind("missing"), ColumnKind::Boolean);
        auto e = Expression::compile(QStringLiteral("age > 3 and region == 'x' or age < 1"), t);
        QCOMPARE(e->columnNames(), QStringList({"age", "region"}));
        QCOMPARE(e->text(), QStringLiteral("age > 3 and region == 'x' or age < 1"));
        QVERIFY(Expression::functionNames().contains(QStringLiteral("substring")));
        QCOMPARE(Expression::functionHelp().size(), Expression::functionNames().size());
    }

    void bareColumnIsShared()
    {
        const Table t = people();
        QCOMPARE(evaluate(QStringLiteral("age"), t).get(), t.column(0).get());
        QCOMPARE(evaluate(QStringLiteral("(signup)"), t).get(), t.column(3).get());
        // A categorical column comes back as text.
        QCOMPARE(evaluate(QStringLiteral("region"), t)->kind(), ColumnKind::Text);
    }

    void errors_data()
    {
        QTest::addColumn<QString>("formula");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("position");
        QTest::addColumn<int>("length");
        auto row = [](const char *f, const char *m, int p, int l) {
            QTest::newRow(f) << QString::fromUtf8(f) << QString::fromUtf8(m) << p << l;
        };
        // Syntax.
        row("age > ", "expected a value after '>'", 6, 0);
        row("", "the formula is empty", 0, 0);
        row("   ", "the formula is empty", 0, 0);
        row("age > )", "expected a value after '>', found ')'", 6, 1);
        row(")", "expected a value, found ')'", 0, 1);
        row("age > and", "expected a value after '>', found 'and'", 6, 3);
        row("in > 3", "expected a value, found 'in' (to use the column 'in', write `in`)", 0, 2);
        row("(age > 3", "missing ')' to close the '(' at column 1", 8, 0);
        row("(age > 3 age", "expected ')' to close the '(' at column 1, found 'age'", 9, 3);
        row("age > 3)", "unexpected ')' (no '(' to close)", 7, 1);
        row("age 3", "expected an operator after 'age', found '3'", 4, 1);
        row("monthly charges > 3",
            "expected an operator after 'monthly', found 'charges' (to use the column 'monthly "
            "charges', write `monthly charges`)",
            8, 7);
        row("1 < age < 5", "comparisons cannot be chained (combine them with 'and')", 8, 1);
        row("age is 3", "expected 'missing' or 'not missing' after 'is', found '3'", 7, 1);
        row("region in \"a\"", "expected '(' after 'in', found '\"a\"'", 10, 3);
        row("region in (\"a\" \"b\")", "expected ',' or ')' in the list of 'in', found '\"b\"'", 15,
            3);
        row("log(age", "missing ')' to close the '(' of 'log' at column 4", 7, 0);
        row("log(age age)", "expected ',' or ')' in the list of 'log', found 'age'", 8, 3);
        row("age + not active", "expected a value after '+', found 'not'", 6, 3);
        // Tokens.
        row("name == \"abc", "unterminated string", 8, 4);
        row("name == 'abc\\'", "unterminated string", 8, 6);
        row("name == \"a\\qb\"", "unknown escape '\\q' in a string (write '\\\\' for a backslash)",
            10, 2);
        row("name == \"\\u12\"",
            "'\\u' must be followed by four hexadecimal digits of a "
            "character",
            9, 5);
        row("`abc > 1", "unterminated column name (no closing `)", 0, 8);
        row("`` > 1", "empty column name", 0, 2);
        row("age # 3", "unexpected character '#'", 4, 1);
        row("age & 3", "unexpected character '&' (write 'and' or '&&')", 4, 1);
        row("age | 3", "unexpected character '|' (write 'or' or '||')", 4, 1);
        row("3x > 1", "malformed number '3x'", 0, 2);
        row("1.2.3", "malformed number '1.2.3'", 0, 5);
        row("1e > 1", "malformed number '1e'", 0, 2);
        row("1e999 > age", "number '1e999' is too large", 0, 5);
        // Names and types.
        row("agee > 3", "unknown column 'agee' (did you mean 'age'?)", 0, 4);
        row("Age > 3", "unknown column 'Age' (did you mean 'age'?)", 0, 3);
        row("monthly_charges > 3",
            "unknown column 'monthly_charges' (did you mean `monthly charges`?)", 0, 15);
        row("zzz > 3", "unknown column 'zzz'", 0, 3);
        row("od280/od315 of wine > 2",
            "expected an operator after 'od315', found 'of' (to use the column 'od280/od315 of "
            "wine', write `od280/od315 of wine`)",
            12, 2);
        row("od280/od315 > 2", "unknown column 'od280'", 0, 5);
        row("age > \"x\"", "cannot compare age (a number) with \"x\" (text)", 4, 1);
        row("region == 3", "cannot compare region (text) with 3 (a number)", 7, 2);
        row("age in (1, \"x\")", "cannot compare age (a number) with \"x\" (text)", 4, 2);
        row("age contains \"1\"", "'contains' needs text on both sides, but age is a number", 0, 3);
        row("name - 1", "'-' needs numbers, but name is text", 0, 4);
        row("-name", "'-' needs a number, but name is text", 1, 4);
        row("age + name",
            "'+' needs two numbers or two texts, but age is a number and name is text", 4, 1);
        row("active + active", "'+' needs numbers or texts, but active is true/false", 0, 6);
        row("not age", "'not' needs true/false, but age is a number", 4, 3);
        row("age and active", "'and' needs true/false on both sides, but age is a number", 0, 3);
        row("active or (age + 1)", "'or' needs true/false on both sides, but (age + 1) is a number",
            10, 9);
        row("age == missing", "comparing with missing never gives true; write 'age is missing'", 4,
            2);
        row("region in (\"west\", missing)",
            "comparing with missing never gives true; write 'region is missing'", 7, 2);
        row("region != null",
            "comparing with missing never gives true; write 'region is not missing'", 7, 2);
        row("active < true", "'<' cannot order true/false values (use == or !=)", 7, 1);
        row("signup > \"yesterday\"",
            "\"yesterday\" is not a date (write dates as \"2024-01-31\" or \"2024-01-31 "
            "12:30:00\")",
            9, 11);
        row("signup > name",
            "cannot compare signup (a date) with name (text) (only a literal text like "
            "\"2024-01-31\" is read as a date)",
            7, 1);
        row("signup > 3",
            "cannot compare signup (a date) with 3 (a number) (only a literal text "
            "like \"2024-01-31\" is read as a date)",
            7, 1);
        row("lg(age)", "unknown function 'lg' (did you mean 'log'?)", 0, 2);
        row("frobnicate(age)", "unknown function 'frobnicate'", 0, 10);
        row("log(age, 2)", "'log' takes 1 argument, but 2 were given", 0, 11);
        row("round()", "'round' takes 1 or 2 arguments, but 0 were given", 0, 7);
        row("coalesce(age)", "'coalesce' takes at least 2 arguments, but 1 was given", 0, 13);
        row("log(name)", "argument 1 of 'log' must be a number, but name is text", 4, 4);
        row("year(age)", "argument 1 of 'year' must be a date, but age is a number", 5, 3);
        row("if(age, 1, 2)", "argument 1 of 'if' must be true/false, but age is a number", 3, 3);
        row("if(active, age, name)",
            "argument 3 of 'if' must be a number (like argument 2), but name is text", 16, 4);
    }

    void errors()
    {
        QFETCH(QString, formula);
        QFETCH(QString, message);
        QFETCH(int, position);
        QFETCH(int, length);
        ExprError detail;
        auto e = Expression::compile(formula, people(), &detail);
        QVERIFY(!e);
        QCOMPARE(detail.message, message);
        QCOMPARE(detail.position, position);
        QCOMPARE(detail.length, length);
        QCOMPARE(e.error().message, message);
        QCOMPARE(e.error().file, QStringLiteral("formula"));
        QCOMPARE(e.error().line, 1);
        QCOMPARE(e.error().column, position + 1);
    }

    void errorPositionsAsText()
    {
        auto e = Expression::compile(QStringLiteral("age > "), people());
        QCOMPARE(e.error().toString(), QStringLiteral("formula:1:7: expected a value after '>'"));
        // Several lines: the line and column of the problem.
        ExprError detail;
        e = Expression::compile(QStringLiteral("age > 3 and\n  agee < 2"), people(), &detail);
        QCOMPARE(e.error().toString(),
                 QStringLiteral("formula:2:3: unknown column 'agee' (did you mean 'age'?)"));
        QCOMPARE(detail.position, 14);
        e = Expression::compile(QStringLiteral("(age > 3 and\n active"), people());
        QCOMPARE(e.error().message, QStringLiteral("missing ')' to close the '(' at column 1"));
        e = Expression::compile(QStringLiteral("age > 3 and\n (active"), people());
        QCOMPARE(e.error().message,
                 QStringLiteral("missing ')' to close the '(' at line 2, column 2"));
    }

    void conditionsMustBeBoolean()
    {
        ExprError detail;
        auto e = Expression::compileCondition(QStringLiteral(" age + 1 "), people(), &detail);
        QVERIFY(!e);
        QCOMPARE(e.error().message, QStringLiteral("the formula gives a number, but a condition "
                                                   "must give true or false (for example: age > "
                                                   "30)"));
        QCOMPARE(detail.position, 1);
        QCOMPARE(detail.length, 7);
        QVERIFY(Expression::compileCondition(QStringLiteral("age > 1"), people()));
        // selectRows refuses a formula that is not true/false.
        JobContext ctx;
        auto rows =
            Expression::compile(QStringLiteral("name"), people())->selectRows(people(), ctx);
        QVERIFY(!rows);
        QCOMPARE(
            rows.error().message,
            QStringLiteral("the formula gives text, not true/false, so it cannot select rows"));
    }

    void hostileInput()
    {
        const Table t = people();
        const QString nested = QStringLiteral("the formula is nested too deeply (more than 100 "
                                              "levels)");
        QCOMPARE(compileError(QString(10000, QLatin1Char('(')) + "age" +
                              QString(10000, QLatin1Char(')'))),
                 nested);
        QCOMPARE(compileError(QString(10000, QLatin1Char('(')) + "age"), nested);
        QCOMPARE(compileError(QString(10000, QLatin1Char('-')) + "age"), nested);
        QCOMPARE(compileError(QStringLiteral("not ").repeated(10000) + "active"), nested);
        QCOMPARE(compileError(QStringLiteral("log(").repeated(10000) + "age"), nested);
        QCOMPARE(compileError(QStringLiteral("age in (").repeated(10000)), nested);
        // The limit itself is fine.
        QVERIFY(Expression::compile(
            QString(100, QLatin1Char('(')) + "age" + QString(100, QLatin1Char(')')) + " > 30", t));
        ExprError detail;
        QVERIFY(!Expression::compile(
            QString(101, QLatin1Char('(')) + "age" + QString(101, QLatin1Char(')')), t, &detail));
        QCOMPARE(detail.position, 100);

        // Long but flat formulas compile and run without recursion.
        const QString sum = QStringLiteral("age") + QStringLiteral(" + age").repeated(15000);
        QCOMPARE(values(sum, t), split("375025|600040|<NA>|465031|270018|975065|600040|780052"));
        const QString anyOf =
            QStringLiteral("age == -1") + QStringLiteral(" or age == 40").repeated(5000);
        QCOMPARE(select(anyOf, t), Rows({1, 6}));
        QCOMPARE(compileError(QString(Expression::kMaxLength + 1, QLatin1Char('a'))),
                 QStringLiteral("the formula is too long (100001 characters, at most 100000)"));

        // Odd characters.
        QCOMPARE(compileError(QStringLiteral("age > 1") + QChar(0) + "2"),
                 QStringLiteral("unexpected character U+0000"));
        QCOMPARE(compileError(QStringLiteral("age > 😀")), QStringLiteral("unexpected character "
                                                                         "'😀'"));
        QVERIFY(Expression::compile(QStringLiteral("名前 == 1"), t)
                    .error()
                    .message.startsWith(QStringLiteral("unknown column '名前'")));
        QRandomGenerator random(7);
        for (int i = 0; i < 2000; ++i) {
            QByteArray bytes(static_cast<int>(random.bounded(1, 60)), Qt::Uninitialized);
            for (char &b : bytes)
                b = static_cast<char>(random.bounded(256));
            const QString text = i % 2 ? QString::fromUtf8(bytes) : QString::fromLatin1(bytes);
            ExprError detail2;
            auto e = Expression::compile(text, t, &detail2);
            if (!e) {
                QVERIFY(!detail2.message.isEmpty());
                QVERIFY(detail2.position >= 0 && detail2.position <= text.size());
                QVERIFY(detail2.position + detail2.length <= text.size());
            }
        }
    }

    // Thousands of literals or terms: a few blocks of working memory, not one per literal.
    void longFormulasNeedLittleMemory()
    {
        const Table t = repeated(people(), 2000);
        QStringList items, terms;
        for (int k = 0; k < 10000; ++k)
            items << QString::number(k);
        for (int k = 0; k < 5000; ++k)
            terms << QStringLiteral("age == %1").arg(k);
        const QString plus = QStringLiteral("age") + QStringLiteral(" + 1").repeated(20000);
        const QString in = QStringLiteral("age in (%1)").arg(items.join(QLatin1Char(',')));
        const QString anyOf = terms.join(QStringLiteral(" or "));
        const QString texts = QStringLiteral("name") + QStringLiteral(" + 'x'").repeated(100);
        for (const QString &formula : {plus, in, anyOf, texts}) {
            QVERIFY(formula.size() <= Expression::kMaxLength);
            expr::Program program;
            QVERIFY(compileInternal(formula, t, program));
            auto bound = expr::BoundProgram::bind(program, t);
            QVERIFY(bound);
            QVERIFY2((*bound)->workingBytes() < 4 * 1024 * 1024,
                     qPrintable(QString::number((*bound)->workingBytes())));
        }
        QCOMPARE(values(plus, t).mid(0, 8),
                 split("20025|20040|<NA>|20031|20018|20065|20040|20052"));
        QCOMPARE(values(in, t).mid(0, 8), split("true|true|<NA>|true|true|true|true|true"));
        QCOMPARE(values(anyOf, t).mid(0, 8), split("true|true|<NA>|true|true|true|true|true"));
        QCOMPARE(values(QStringLiteral("not (%1)").arg(in), t).mid(0, 3),
                 split("false|false|<NA>"));
        QCOMPARE(values(texts, t)[1], QStringLiteral("Bob") + QString(100, QLatin1Char('x')));
        // Joining texts copies the text so far: long chains are refused, not slow.
        ExprError detail;
        QVERIFY(!Expression::compile(texts + " + 'x'", t, &detail));
        QCOMPARE(detail.message, QStringLiteral("too many texts joined with '+' (more than 100)"));
        QCOMPARE(detail.position, static_cast<int>(texts.size()) + 1);
        QVERIFY(Expression::compile(QStringLiteral("age") + QStringLiteral(" + 1").repeated(20000) +
                                        " > 0 and (" + texts + ") != ''",
                                    t));
    }

    // Random token sequences: never a crash, errors always point inside the text, and what
    // compiles evaluates, with the same values row by row and through the per-category and
    // constant shortcuts of a larger table.
    void fuzzTokens()
    {
        const Table t = people();
        const Table big = repeated(t, 600);
        const QStringList &words = fuzzWords();
        QRandomGenerator random(2024);
        int compiled = 0;
        for (int i = 0; i < 20000; ++i) {
            QStringList parts;
            const int count = static_cast<int>(random.bounded(1, 10));
            for (int k = 0; k < count; ++k)
                parts << words[static_cast<int>(random.bounded(words.size()))];
            const QString text = parts.join(random.bounded(4) ? QStringLiteral(" ") : QString());
            ExprError detail;
            auto e = Expression::compile(text, t, &detail);
            if (!e) {
                QVERIFY2(detail.position >= 0 && detail.position + detail.length <= text.size(),
                         qPrintable(text));
                continue;
            }
            ++compiled;
            JobContext ctx;
            auto small = e->evaluate(t, ctx);
            QVERIFY2(small, qPrintable(text));
            if (e->resultKind() == ColumnKind::Boolean)
                QVERIFY2(e->selectRows(t, ctx), qPrintable(text));
            if (compiled % 10 != 0)
                continue;
            auto large = e->evaluate(big, ctx);
            QVERIFY2(large, qPrintable(text));
            const QStringList expected = plainValues(text, t);
            QCOMPARE(display(**small), expected);
            for (std::int64_t r = 0; r < big.rowCount(); r += 97) {
                const QString v =
                    (*large)->isMissing(r) ? QStringLiteral("<NA>") : (*large)->displayValue(r);
                QVERIFY2(v == expected[r % 8], qPrintable(text + " row " + QString::number(r)));
            }
        }
        qInfo("%d of 20000 random formulas compiled", compiled);
        QVERIFY(compiled > 500);
    }

    // Random well-typed formulas always compile, and give the same values row by row (small
    // table) as through the per-category and constant shortcuts and two threads (large table).
    void randomValidFormulas()
    {
        const Table t = people();
        const Table big = repeated(t, 1200); // 9,600 rows: 3 blocks
        QRandomGenerator random(31);
        for (int i = 0; i < 1500; ++i) {
            const char type = "nbtd"[random.bounded(4)];
            const QString text =
                randomFormula(random, type, static_cast<int>(random.bounded(1, 5)));
            auto e = Expression::compile(text, t);
            if (!e)
                QFAIL(qPrintable(text + " -> " + e.error().toString()));
            const QStringList expected = plainValues(text, t);
            QCOMPARE(values(text, t), expected);
            JobContext ctx;
            ctx.setThreads(2);
            auto large = e->evaluate(big, ctx);
            QVERIFY2(large, qPrintable(text));
            for (std::int64_t r = 0; r < big.rowCount(); r += 37) {
                const QString v =
                    (*large)->isMissing(r) ? QStringLiteral("<NA>") : (*large)->displayValue(r);
                QVERIFY2(v == expected[r % 8],
                         qPrintable(QStringLiteral("%1 row %2: %3, expected %4")
                                        .arg(text)
                                        .arg(r)
                                        .arg(v, expected[r % 8])));
            }
        }
    }

    void randomCharacters()
    {
        const Table t = people();
        const QString alphabet = QStringLiteral("ae `\"'\\()<>=!&|+-*/%.,0123456789xé日\n\t");
        QRandomGenerator random(99);
        for (int i = 0; i < 20000; ++i) {
            QString text;
            const int n = static_cast<int>(random.bounded(1, 24));
            for (int k = 0; k < n; ++k)
                text += alphabet[static_cast<int>(random.bounded(alphabet.size()))];
            ExprError detail;
            auto e = Expression::compile(text, t, &detail);
            if (!e)
                QVERIFY2(detail.position + detail.length <= text.size(), qPrintable(text));
        }
    }

    // The per-category and constant shortcuts (used on larger tables) give the same values as
    // plain row-by-row evaluation, across block and chunk boundaries.
    void shortcutsMatchRowByRow_data()
    {
        QTest::addColumn<QString>("formula");
        for (const char *f :
             {"region == \"east\"", "region != \"east\" or age > 60", "lower(region) + name",
              "upper(region)", "region contains \"st\"", "length(region) * 2 + age",
              "region in (\"west\", \"north\")", "if(region == \"east\", 1, missing)",
              "coalesce(region, \"none\")", "region is missing", "region + \"-\" + region",
              "1 + 2 * 3", "\"a\" + \"b\"", "upper(\"x\") + region", "date(\"2022-01-01\")", "true",
              "missing", "region == name", "substring(region, 2) == \"ast\" and active"})
            QTest::newRow(f) << QString::fromUtf8(f);
    }

    void shortcutsMatchRowByRow()
    {
        QFETCH(QString, formula);
        const Table t = people();
        const Table big = repeated(t, 20000); // 160,000 rows: 3 chunks, 40 blocks
        const QStringList expected = plainValues(formula, t);
        QCOMPARE(values(formula, t), expected);
        for (int threads : {1, 2}) {
            const ColumnPtr c = evaluate(formula, big, threads);
            QVERIFY(c);
            QCOMPARE(c->size(), big.rowCount());
            for (std::int64_t r = 0; r < big.rowCount(); ++r) {
                const QString v = c->isMissing(r) ? QStringLiteral("<NA>") : c->displayValue(r);
                if (v != expected[r % 8])
                    QFAIL(qPrintable(
                        QStringLiteral("row %1: %2, expected %3").arg(r).arg(v, expected[r % 8])));
            }
        }
        auto e = Expression::compile(formula, t);
        if (e->resultKind() == ColumnKind::Boolean) {
            Rows expectedRows;
            const Rows small = select(formula, t);
            for (qint64 k = 0; k < 20000; ++k)
                for (qint64 r : small)
                    expectedRows << k * 8 + r;
            std::sort(expectedRows.begin(), expectedRows.end());
            QCOMPARE(select(formula, big, 2), expectedRows);
        }
    }

    void sameResultOnOneAndTwoThreads()
    {
        const std::int64_t n = 300'000;
        QRandomGenerator random(11);
        std::vector<double> x1(n), x2(n);
        std::vector<std::int32_t> codes(n);
        QStringList notes;
        const char *words[] = {"red", "green", "blue", "", "<NA>"};
        for (std::int64_t i = 0; i < n; ++i) {
            x1[i] = random.generateDouble() * 2 - 1;
            x2[i] = i % 17 == 0 ? kNaN : random.generateDouble() * 100;
            codes[i] = static_cast<std::int32_t>(random.bounded(6)) - 1;
            notes << QString::fromLatin1(words[random.bounded(5)]);
        }
        auto dict = std::make_shared<const CategoricalColumn::Dictionary>(
            CategoricalColumn::Dictionary{"alpha", "beta", "gamma", "delta", "epsilon"});
        const Table t({"x1", "x2", "segment", "note"},
                      {numbers(x1), numbers(x2),
                       std::make_shared<const CategoricalColumn>(codes, dict), texts(notes)});
        for (const char *f : {"x1 * x2 + 1", "round(x1, 2) - x2 / 3",
                              "x1 > 0 and segment == \"alpha\"", "upper(segment) + \"-\" + note",
                              "if(x1 > 0, x2, missing)", "note contains \"e\" or x2 is missing"}) {
            const ColumnPtr one = evaluate(QString::fromLatin1(f), t, 1);
            const ColumnPtr two = evaluate(QString::fromLatin1(f), t, 2);
            QVERIFY(one && two);
            QCOMPARE(one->kind(), two->kind());
            if (one->kind() == ColumnKind::Numeric) {
                const auto &a = static_cast<const NumericColumn &>(*one).values();
                const auto &b = static_cast<const NumericColumn &>(*two).values();
                QVERIFY(std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
            } else {
                QCOMPARE(display(*one), display(*two));
            }
            if (one->kind() == ColumnKind::Boolean)
                QCOMPARE(select(QString::fromLatin1(f), t, 1),
                         select(QString::fromLatin1(f), t, 2));
        }
        // And selectRows agrees with a plain loop.
        Rows expected;
        for (std::int64_t i = 0; i < n; ++i)
            if (x1[i] > 0 && codes[i] == 0)
                expected << i;
        QCOMPARE(select(QStringLiteral("x1 > 0 and segment == \"alpha\""), t, 2), expected);
    }

    void tablesAtEvaluation()
    {
        const Table t = people();
        auto e = Expression::compile(QStringLiteral("region == \"east\" and age > 20"), t);
        JobContext ctx;
        // Another table with the same columns, region now plain text: same answer.
        const Table other({"age", "region"},
                          {numbers({30, 10, 50}), texts({"east", "east", "west"})});
        const auto rows = e->selectRows(other, ctx);
        QCOMPARE(Rows(rows->begin(), rows->end()), Rows({0}));
        // A missing column or a changed kind is an error, not a crash.
        const Table noAge({"region"}, {texts({"east"})});
        QCOMPARE(e->evaluate(noAge, ctx).error().message,
                 QStringLiteral("the formula uses the column 'age', which the table does not "
                                "have"));
        const Table textAge({"age", "region"}, {texts({"1"}), texts({"east"})});
        QCOMPARE(e->selectRows(textAge, ctx).error().message,
                 QStringLiteral("the formula was checked with the column 'age' as numeric, but it "
                                "is now text"));
        // No rows: an empty column of the result's kind.
        const Table empty = t.slice(0, 0);
        auto c = Expression::compile(QStringLiteral("upper(name)"), t)->evaluate(empty, ctx);
        QVERIFY(c);
        QCOMPARE((*c)->kind(), ColumnKind::Text);
        QCOMPARE((*c)->size(), 0);
        QVERIFY(e->selectRows(empty, ctx)->empty());
        // Canceled before it starts.
        JobContext canceled;
        canceled.cancel();
        QCOMPARE(e->evaluate(repeated(t, 100), canceled).error().message,
                 QStringLiteral("canceled"));
    }

    void sharedAcrossThreads()
    {
        // One compiled expression, evaluated concurrently from several threads.
        const Table t = repeated(people(), 5000);
        auto e = Expression::compile(QStringLiteral("lower(region) + name"), t);
        QVERIFY(e);
        const Expression expression = *e;
        std::vector<QStringList> results(4);
        std::vector<std::unique_ptr<QThread>> threads;
        for (std::size_t k = 0; k < results.size(); ++k) {
            threads.emplace_back(QThread::create([&, k] {
                JobContext ctx;
                results[k] = display(**expression.evaluate(t, ctx));
            }));
            threads.back()->start();
        }
        for (auto &th : threads)
            th->wait();
        for (const auto &r : results)
            QCOMPARE(r, results.front());
    }
};

QTEST_GUILESS_MAIN(TestExpression)
#include "tst_expression.moc"
