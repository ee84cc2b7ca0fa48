#include "DataTableModel.h"
#include "DataTableView.h"
#include "WidgetTestTables.h"

#include <QHeaderView>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>

#include <numeric>

using flowline::widgets::DataTableView;

namespace {
constexpr int kHugeRows = 10'000'000;

// Ten million rows: an index column (0, 1, 2, ...) and a column of fractions.
flowline::core::Table hugeTable()
{
    using flowline::core::NumericColumn;
    std::vector<double> index(kHugeRows);
    std::iota(index.begin(), index.end(), 0.0);
    std::vector<double> fraction(kHugeRows);
    for (int i = 0; i < kHugeRows; ++i)
        fraction[static_cast<std::size_t>(i)] = i * 0.25;
    return flowline::core::Table({QStringLiteral("index"), QStringLiteral("quarter")},
                                 {std::make_shared<const NumericColumn>(std::move(index)),
                                  std::make_shared<const NumericColumn>(std::move(fraction))});
}
} // namespace

class TestDataTableView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }
    void headersAreFixedSize();
    void columnWidthsFromHeaderAndSample();
    void tenMillionRows();
    void currentColumnSignal();
    void revealColumn();
};

void TestDataTableView::headersAreFixedSize()
{
    DataTableView view;
    QCOMPARE(view.verticalHeader()->sectionResizeMode(0), QHeaderView::Fixed);
    view.setTable(flowline::tests::allKindsTable());
    QCOMPARE(view.verticalHeader()->sectionResizeMode(0), QHeaderView::Fixed);
    QCOMPARE(view.rowHeight(0), view.verticalHeader()->defaultSectionSize());
    QCOMPARE(view.rowHeight(3), view.rowHeight(0));
    QCOMPARE(view.horizontalHeader()->sectionResizeMode(0), QHeaderView::Interactive);
    QCOMPARE(view.dataModel()->rowCount(), 4);
}

void TestDataTableView::columnWidthsFromHeaderAndSample()
{
    DataTableView view;
    view.setTable(flowline::tests::allKindsTable());
    const QFontMetrics metrics(view.font());
    for (int c = 0; c < view.dataModel()->columnCount(); ++c) {
        // Never narrower than the header (name and kind) unless capped.
        QVERIFY2(view.columnWidth(c) >= std::min(view.horizontalHeader()->sectionSizeHint(c), 320),
                 qPrintable(QString::number(c)));
        QVERIFY(view.columnWidth(c) <= 320);
    }
    // The long text fits in its column.
    QVERIFY(view.columnWidth(2) >=
            metrics.horizontalAdvance(QStringLiteral("a much longer piece of text")));
}

void TestDataTableView::tenMillionRows()
{
    DataTableView view;
    view.resize(800, 600);
    view.setTable(hugeTable());
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));

    const auto *model = view.dataModel();
    QCOMPARE(model->rowCount(), kHugeRows);
    QCOMPARE(model->columnCount(), 2);
    QCOMPARE(model->data(model->index(kHugeRows - 1, 0)).toString(), QStringLiteral("9999999"));
    QCOMPARE(model->data(model->index(kHugeRows - 1, 1)).toString(), QStringLiteral("2499999.75"));
    QCOMPARE(view.rowHeight(kHugeRows - 1), view.rowHeight(0));

    view.scrollToBottom();
    QCoreApplication::processEvents();
    QCOMPARE(view.verticalScrollBar()->value(), view.verticalScrollBar()->maximum());
    const QRect last = view.visualRect(model->index(kHugeRows - 1, 0));
    QVERIFY(view.viewport()->rect().contains(last));
    QVERIFY(view.rowAt(0) > kHugeRows - 100);

    // Jump to the middle and back to the top.
    view.scrollTo(model->index(kHugeRows / 2, 1), QAbstractItemView::PositionAtTop);
    QCoreApplication::processEvents();
    QCOMPARE(view.rowAt(0), kHugeRows / 2);
    view.scrollToTop();
    QCOMPARE(view.rowAt(0), 0);

    // The vertical header is as wide as the longest row number needs.
    QVERIFY(view.verticalHeader()->width() >=
            view.fontMetrics().horizontalAdvance(QStringLiteral("10000000")));
}

void TestDataTableView::currentColumnSignal()
{
    DataTableView view;
    view.setTable(flowline::tests::allKindsTable());
    QSignalSpy spy(&view, &DataTableView::currentColumnChanged);
    view.setCurrentIndex(view.dataModel()->index(1, 2));
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.takeFirst().at(0).toInt(), 2);
    view.setCurrentIndex(view.dataModel()->index(3, 2)); // same column: no signal
    QCOMPARE(spy.count(), 0);
    view.setCurrentIndex(view.dataModel()->index(3, 4));
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.takeFirst().at(0).toInt(), 4);
}

void TestDataTableView::revealColumn()
{
    // Many wide columns: revealing the last scrolls it into view.
    std::vector<flowline::core::ColumnPtr> columns;
    QStringList names;
    for (int c = 0; c < 40; ++c) {
        names << QStringLiteral("a_fairly_long_column_name_%1").arg(c);
        columns.push_back(
            std::make_shared<const flowline::core::NumericColumn>(std::vector<double>(100, c)));
    }
    DataTableView view;
    view.resize(600, 400);
    view.setTable(flowline::core::Table(names, columns));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QCOMPARE(view.columnAt(1), 0);
    view.revealColumn(39);
    QCoreApplication::processEvents();
    const QRect rect = view.visualRect(view.dataModel()->index(view.rowAt(1), 39));
    QVERIFY(view.viewport()->rect().intersects(rect));
    view.revealColumn(-1); // ignored
    view.revealColumn(40); // ignored
}

QTEST_MAIN(TestDataTableView)
#include "tst_datatableview.moc"
