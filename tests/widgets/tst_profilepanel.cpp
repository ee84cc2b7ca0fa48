#include "ColumnProfileView.h"
#include "CorrelationView.h"
#include "DisplayFormat.h"
#include "ProfilePanel.h"
#include "ProfileSummaryModel.h"
#include "WidgetTestTables.h"
#include "jobs/JobContext.h"

#include "QCustomPlotInclude.h"

#include <QAbstractItemModelTester>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>
#include <QTreeView>

using flowline::core::ColumnKind;
using flowline::core::ColumnProfile;
using flowline::core::TableProfile;
using flowline::widgets::ProfilePanel;
using flowline::widgets::ProfileSummaryModel;

namespace {

// A profile written by hand: 10 rows; "age" numeric with one missing, "color" categorical,
// "joined" datetime; Pearson and Spearman between the two numeric columns.
TableProfile handProfile()
{
    TableProfile profile;
    profile.rows = 10;

    ColumnProfile age;
    age.name = QStringLiteral("age");
    age.kind = ColumnKind::Numeric;
    age.count = 9;
    age.missing = 1;
    age.distinct = 7;
    age.mean = 42.5;
    age.std = 3.25;
    age.min = 18;
    age.q1 = 30.5;
    age.median = 41;
    age.q3 = 55.125;
    age.max = 90;
    age.skewness = 0.5;
    age.zeros = 0;
    age.histogram.edges = {18, 36, 54, 72, 90};
    age.histogram.counts = {3, 2, 3, 1};

    ColumnProfile color;
    color.name = QStringLiteral("color");
    color.kind = ColumnKind::Categorical;
    color.count = 10;
    color.distinct = 3;
    color.top = {
        {QStringLiteral("red"), 5}, {QStringLiteral("blue"), 3}, {QStringLiteral("green"), 2}};

    ColumnProfile joined;
    joined.name = QStringLiteral("joined");
    joined.kind = ColumnKind::Datetime;
    joined.count = 8;
    joined.missing = 2;
    joined.distinct = 8;
    joined.minTime = 1704153600000; // 2024-01-02
    joined.maxTime = 1735689600000; // 2025-01-01
    joined.histogram.edges = {1704153600000.0, 1719921600000.0, 1735689600000.0};
    joined.histogram.counts = {5, 3};

    ColumnProfile height;
    height.name = QStringLiteral("height");
    height.kind = ColumnKind::Numeric;
    height.count = 10;
    height.distinct = 10;
    height.mean = 170;

    profile.columns = {age, color, joined, height};
    profile.correlationColumns = {QStringLiteral("age"), QStringLiteral("height")};
    profile.pearson.resize(2, 2);
    profile.pearson << 1.0, 0.8, 0.8, 1.0;
    profile.spearman.resize(2, 2);
    profile.spearman << 1.0, -0.25, -0.25, 1.0;
    return profile;
}

QCPBars *onlyBars(QCustomPlot *plot)
{
    return plot->plottableCount() == 1 ? qobject_cast<QCPBars *>(plot->plottable(0)) : nullptr;
}

} // namespace

class TestProfilePanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }
    void formatting_data();
    void formatting();
    void messageUntilProfile();
    void summaryList();
    void numericColumnStats();
    void categoricalTopValues();
    void datetimeColumn();
    void selectionSignalAndFilter();
    void correlationHeatmap();
    void profileFromProfiler();
};

void TestProfilePanel::formatting_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("text");
    QTest::newRow("integer") << 42.0 << "42";
    QTest::newRow("large integer") << 1234567.0 << "1234567";
    QTest::newRow("fraction") << 42.5 << "42.5";
    QTest::newRow("rounded") << 3.14159265 << "3.14159";
    QTest::newRow("small") << 0.0123456789 << "0.0123457";
    QTest::newRow("tiny") << 1.5e-7 << "1.5e-07";
    QTest::newRow("negative") << -2.75 << "-2.75";
    QTest::newRow("nan") << flowline::tests::kNaN << "—";
}

void TestProfilePanel::formatting()
{
    QFETCH(double, value);
    QFETCH(QString, text);
    QCOMPARE(flowline::widgets::formatNumber(value), text);
}

void TestProfilePanel::messageUntilProfile()
{
    ProfilePanel panel;
    QVERIFY(!panel.hasProfile());
    QCOMPARE(panel.currentColumn(), -1);
    panel.setProfile(handProfile());
    QVERIFY(panel.hasProfile());
    QCOMPARE(panel.currentColumn(), 0); // the first column is selected
    panel.showMessage(QStringLiteral("Profiling…"));
    QVERIFY(!panel.hasProfile());
    QCOMPARE(panel.currentColumn(), -1);
    QVERIFY(!panel.columnView()->hasProfile());
}

void TestProfilePanel::summaryList()
{
    ProfileSummaryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setProfile(handProfile());
    QCOMPARE(model.rowCount(), 4);
    const auto text = [&](int row, int field) { return model.index(row, field).data().toString(); };
    QCOMPARE(text(0, ProfileSummaryModel::Name), QStringLiteral("age"));
    QCOMPARE(text(0, ProfileSummaryModel::Kind), QStringLiteral("numeric"));
    QCOMPARE(text(0, ProfileSummaryModel::Missing), QStringLiteral("10%"));
    QCOMPARE(text(0, ProfileSummaryModel::Distinct), QStringLiteral("7"));
    QCOMPARE(text(0, ProfileSummaryModel::Summary), QStringLiteral("mean 42.5"));
    QCOMPARE(text(1, ProfileSummaryModel::Missing), QStringLiteral("0%"));
    QCOMPARE(text(1, ProfileSummaryModel::Summary), QStringLiteral("top red"));
    QCOMPARE(text(2, ProfileSummaryModel::Summary), QStringLiteral("2024-01-02 … 2025-01-01"));
    QCOMPARE(model.index(0, ProfileSummaryModel::Missing)
                 .data(ProfileSummaryModel::SortRole)
                 .toLongLong(),
             1);
}

void TestProfilePanel::numericColumnStats()
{
    ProfilePanel panel;
    panel.setProfile(handProfile());
    QVERIFY(panel.selectColumn(QStringLiteral("age")));
    const auto *view = panel.columnView();
    QCOMPARE(view->profile().name, QStringLiteral("age"));
    QCOMPARE(view->statText(QStringLiteral("count")), QStringLiteral("9"));
    QCOMPARE(view->statText(QStringLiteral("missing")), QStringLiteral("1 (10%)"));
    QCOMPARE(view->statText(QStringLiteral("distinct")), QStringLiteral("7"));
    QCOMPARE(view->statText(QStringLiteral("mean")), QStringLiteral("42.5"));
    QCOMPARE(view->statText(QStringLiteral("std")), QStringLiteral("3.25"));
    QCOMPARE(view->statText(QStringLiteral("min")), QStringLiteral("18"));
    QCOMPARE(view->statText(QStringLiteral("q1")), QStringLiteral("30.5"));
    QCOMPARE(view->statText(QStringLiteral("median")), QStringLiteral("41"));
    QCOMPARE(view->statText(QStringLiteral("q3")), QStringLiteral("55.125"));
    QCOMPARE(view->statText(QStringLiteral("max")), QStringLiteral("90"));
    QVERIFY(view->statText(QStringLiteral("top")).isNull());

    // The histogram: one bar per bin, at the bin's centre, as wide as the bin.
    QCPBars *bars = onlyBars(view->plot());
    QVERIFY(bars);
    QCOMPARE(bars->data()->size(), 4);
    const double centres[] = {27, 45, 63, 81};
    const double counts[] = {3, 2, 3, 1};
    int i = 0;
    for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it, ++i) {
        QCOMPARE(it->key, centres[i]);
        QCOMPARE(it->value, counts[i]);
    }
    QCOMPARE(bars->width(), 18.0);
    QCOMPARE(bars->keyAxis(), view->plot()->xAxis);
}

void TestProfilePanel::categoricalTopValues()
{
    ProfilePanel panel;
    panel.setProfile(handProfile());
    QVERIFY(panel.selectColumn(1));
    const auto *view = panel.columnView();
    QCOMPARE(view->statText(QStringLiteral("count")), QStringLiteral("10"));
    QCOMPARE(view->statText(QStringLiteral("missing")), QStringLiteral("0 (0%)"));
    QCOMPARE(view->statText(QStringLiteral("distinct")), QStringLiteral("3"));
    QCOMPARE(view->statText(QStringLiteral("top")), QStringLiteral("red (5)"));
    QVERIFY(view->statText(QStringLiteral("mean")).isNull());

    // Horizontal bars, most frequent at the top (the highest key).
    QCPBars *bars = onlyBars(view->plot());
    QVERIFY(bars);
    QCOMPARE(bars->keyAxis(), view->plot()->yAxis);
    QCOMPARE(bars->data()->size(), 3);
    QCOMPARE(bars->data()->at(2)->key, 3.0);
    QCOMPARE(bars->data()->at(2)->value, 5.0);
    QCOMPARE(bars->data()->at(0)->value, 2.0);
    auto ticker = view->plot()->yAxis->ticker().dynamicCast<QCPAxisTickerText>();
    QVERIFY(ticker);
    QCOMPARE(ticker->ticks().value(3.0), QStringLiteral("red"));
    QCOMPARE(ticker->ticks().value(1.0), QStringLiteral("green"));
}

void TestProfilePanel::datetimeColumn()
{
    ProfilePanel panel;
    panel.setProfile(handProfile());
    QVERIFY(panel.selectColumn(QStringLiteral("joined")));
    const auto *view = panel.columnView();
    QCOMPARE(view->statText(QStringLiteral("earliest")), QStringLiteral("2024-01-02"));
    QCOMPARE(view->statText(QStringLiteral("latest")), QStringLiteral("2025-01-01"));
    QCOMPARE(view->statText(QStringLiteral("missing")), QStringLiteral("2 (20%)"));
    QCPBars *bars = onlyBars(view->plot());
    QVERIFY(bars);
    QCOMPARE(bars->data()->size(), 2);
    // Keys are seconds (the date ticker's unit).
    QCOMPARE(bars->data()->at(0)->key, (1704153600.0 + 1719921600.0) / 2);
    QVERIFY(view->plot()->xAxis->ticker().dynamicCast<QCPAxisTickerDateTime>());
}

void TestProfilePanel::selectionSignalAndFilter()
{
    ProfilePanel panel;
    QSignalSpy spy(&panel, &ProfilePanel::currentColumnChanged);
    panel.setProfile(handProfile());
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.takeFirst().at(0).toString(), QStringLiteral("age"));

    QVERIFY(panel.selectColumn(QStringLiteral("height")));
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.takeFirst().at(0).toString(), QStringLiteral("height"));
    QCOMPARE(panel.currentColumn(), 3);
    QVERIFY(!panel.selectColumn(QStringLiteral("no such column")));
    QVERIFY(!panel.selectColumn(4));
    QCOMPARE(panel.currentColumn(), 3);

    // Filtering hides columns; selecting a hidden one clears the filter.
    auto *filter = panel.findChild<QLineEdit *>();
    QVERIFY(filter);
    filter->setText(QStringLiteral("COL"));
    QCOMPARE(panel.columnList()->model()->rowCount(), 1);
    QVERIFY(panel.selectColumn(QStringLiteral("age")));
    QVERIFY(filter->text().isEmpty());
    QCOMPARE(panel.columnList()->model()->rowCount(), 4);
    QCOMPARE(panel.currentColumn(), 0);
    QCOMPARE(panel.columnView()->statText(QStringLiteral("mean")), QStringLiteral("42.5"));
}

void TestProfilePanel::correlationHeatmap()
{
    ProfilePanel panel;
    panel.setProfile(handProfile());
    auto *view = panel.correlationView();
    QCOMPARE(view->columns(), (QStringList{QStringLiteral("age"), QStringLiteral("height")}));
    QCOMPARE(view->method(), flowline::widgets::CorrelationView::Method::Pearson);
    QCOMPARE(view->shownValue(0, 1), 0.8);
    QCOMPARE(view->shownValue(1, 0), 0.8);
    QCOMPARE(view->shownValue(1, 1), 1.0);
    // Two columns: each coefficient is printed in its cell.
    QCOMPARE(view->plot()->itemCount(), 4);
    view->setMethod(flowline::widgets::CorrelationView::Method::Spearman);
    QCOMPARE(view->shownValue(0, 1), -0.25);
    QCOMPARE(view->plot()->itemCount(), 4);

    TableProfile one = handProfile();
    one.correlationColumns = {QStringLiteral("age")};
    one.pearson = Eigen::MatrixXd::Ones(1, 1);
    one.spearman = Eigen::MatrixXd::Ones(1, 1);
    view->setProfile(one);
    QCOMPARE(view->plot()->itemCount(), 0);
    QVERIFY(std::isnan(view->shownValue(0, 1)));
}

void TestProfilePanel::profileFromProfiler()
{
    // Through the real Profiler: values 1, 2, NaN, 3, 4 have mean 2.5 and median 2.5.
    using namespace flowline::core;
    Table table({QStringLiteral("x"), QStringLiteral("y")},
                {std::make_shared<const NumericColumn>(
                     std::vector<double>{1, 2, flowline::tests::kNaN, 3, 4}),
                 std::make_shared<const NumericColumn>(std::vector<double>{2, 4, 5, 6, 8})});
    JobContext ctx;
    auto profile = Profiler::profile(table, ProfileOptions{}, ctx);
    QVERIFY2(profile.ok(), qPrintable(profile.ok() ? QString() : profile.error().toString()));

    ProfilePanel panel;
    panel.setProfile(*profile);
    QVERIFY(panel.selectColumn(QStringLiteral("x")));
    const auto *view = panel.columnView();
    QCOMPARE(view->statText(QStringLiteral("count")), QStringLiteral("4"));
    QCOMPARE(view->statText(QStringLiteral("missing")), QStringLiteral("1 (20%)"));
    QCOMPARE(view->statText(QStringLiteral("mean")), QStringLiteral("2.5"));
    QCOMPARE(view->statText(QStringLiteral("median")), QStringLiteral("2.5"));
    QCOMPARE(view->statText(QStringLiteral("min")), QStringLiteral("1"));
    QCOMPARE(view->statText(QStringLiteral("max")), QStringLiteral("4"));
    QCPBars *bars = onlyBars(view->plot());
    QVERIFY(bars);
    double total = 0;
    for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it)
        total += it->value;
    QCOMPARE(total, 4.0);
    // y = 2x on the rows where both are present (pairwise-complete): r = 1.
    QCOMPARE(panel.correlationView()->columns().size(), 2);
    QVERIFY(qAbs(panel.correlationView()->shownValue(0, 1) - 1.0) < 1e-12);
}

QTEST_MAIN(TestProfilePanel)
#include "tst_profilepanel.moc"
