#include "DataTableModel.h"
#include "DisplayFormat.h"
#include "WidgetTestTables.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QGuiApplication>
#include <QPalette>
#include <QSignalSpy>
#include <QTest>

using flowline::core::ColumnKind;
using flowline::widgets::DataTableModel;

class TestDataTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }
    void emptyModel();
    void shape();
    void displayText_data();
    void displayText();
    void missingCells();
    void alignment();
    void textTooltip();
    void horizontalHeader();
    void verticalHeader();
    void setTableResets();
    void passesModelTester();
};

void TestDataTableModel::emptyModel()
{
    DataTableModel model;
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), 0);
    QVERIFY(!model.data(model.index(0, 0)).isValid());
    QVERIFY(!model.headerData(0, Qt::Horizontal).isValid());
}

void TestDataTableModel::shape()
{
    DataTableModel model;
    model.setTable(flowline::tests::allKindsTable());
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.columnCount(), 5);
    // A table model has no children.
    QCOMPARE(model.rowCount(model.index(0, 0)), 0);
    QCOMPARE(model.columnCount(model.index(0, 0)), 0);
    QVERIFY(model.flags(model.index(0, 0)).testFlag(Qt::ItemNeverHasChildren));
    QVERIFY(!model.flags(model.index(0, 0)).testFlag(Qt::ItemIsEditable));
}

void TestDataTableModel::displayText_data()
{
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("text");

    QTest::newRow("numeric fraction") << 0 << 0 << "1.5";
    QTest::newRow("numeric whole, large") << 1 << 0 << "1000000";
    QTest::newRow("numeric negative") << 3 << 0 << "-2";
    QTest::newRow("categorical") << 0 << 1 << "red";
    QTest::newRow("categorical 2") << 1 << 1 << "blue";
    QTest::newRow("text") << 0 << 2 << "hello, world";
    QTest::newRow("text empty (not missing)") << 1 << 2 << "";
    QTest::newRow("datetime date") << 0 << 3 << "2024-01-02";
    QTest::newRow("datetime time") << 1 << 3 << "2024-01-02T03:04:05";
    QTest::newRow("datetime ms") << 3 << 3 << "1970-01-01T00:00:00.250";
    QTest::newRow("boolean true") << 0 << 4 << "true";
    QTest::newRow("boolean false") << 1 << 4 << "false";
}

void TestDataTableModel::displayText()
{
    QFETCH(int, row);
    QFETCH(int, column);
    QFETCH(QString, text);
    DataTableModel model;
    model.setTable(flowline::tests::allKindsTable());
    const QModelIndex index = model.index(row, column);
    QCOMPARE(model.data(index, Qt::DisplayRole).toString(), text);
    QCOMPARE(model.data(index, DataTableModel::MissingRole).toBool(), false);
    QVERIFY(!model.data(index, Qt::FontRole).isValid());
    QVERIFY(!model.data(index, Qt::ForegroundRole).isValid());
}

void TestDataTableModel::missingCells()
{
    DataTableModel model;
    model.setTable(flowline::tests::allKindsTable());
    const QColor placeholder = QGuiApplication::palette().color(QPalette::PlaceholderText);
    for (int c = 0; c < model.columnCount(); ++c) {
        const QModelIndex index = model.index(2, c);
        QCOMPARE(model.data(index, Qt::DisplayRole).toString(),
                 flowline::widgets::missingPlaceholder());
        QCOMPARE(model.data(index, DataTableModel::MissingRole).toBool(), true);
        const QFont font = model.data(index, Qt::FontRole).value<QFont>();
        QVERIFY(font.italic());
        // Only italic is set, so the view's family and size are kept.
        QCOMPARE(font.resolveMask(), uint(QFont::StyleResolved));
        QCOMPARE(model.data(index, Qt::ForegroundRole).value<QColor>(), placeholder);
        QCOMPARE(model.data(index, Qt::ToolTipRole).toString(), QStringLiteral("missing"));
    }
}

void TestDataTableModel::alignment()
{
    DataTableModel model;
    model.setTable(flowline::tests::allKindsTable());
    const auto align = [&](int row, int column) {
        return model.data(model.index(row, column), Qt::TextAlignmentRole).value<Qt::Alignment>();
    };
    QCOMPARE(align(0, 0), Qt::AlignRight | Qt::AlignVCenter);
    for (int c = 1; c < model.columnCount(); ++c)
        QCOMPARE(align(0, c), Qt::AlignLeft | Qt::AlignVCenter);
    QCOMPARE(align(2, 0), Qt::Alignment(Qt::AlignCenter));
}

void TestDataTableModel::textTooltip()
{
    DataTableModel model;
    model.setTable(flowline::tests::allKindsTable());
    QCOMPARE(model.data(model.index(3, 2), Qt::ToolTipRole).toString(),
             QStringLiteral("a much longer piece of text"));
    QVERIFY(!model.data(model.index(0, 0), Qt::ToolTipRole).isValid());
}

void TestDataTableModel::horizontalHeader()
{
    DataTableModel model;
    model.setTable(flowline::tests::allKindsTable());
    const QStringList expected = {"amount\nnumeric", "color\ncategorical", "note\ntext",
                                  "when\ndatetime", "flag\nboolean"};
    const ColumnKind kinds[] = {ColumnKind::Numeric, ColumnKind::Categorical, ColumnKind::Text,
                                ColumnKind::Datetime, ColumnKind::Boolean};
    for (int c = 0; c < model.columnCount(); ++c) {
        QCOMPARE(model.headerData(c, Qt::Horizontal).toString(), expected[c]);
        QCOMPARE(model.headerData(c, Qt::Horizontal, DataTableModel::ColumnKindRole).toInt(),
                 int(kinds[c]));
        const QString tip = model.headerData(c, Qt::Horizontal, Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(flowline::widgets::kindLabel(kinds[c])), qPrintable(tip));
        QVERIFY2(tip.contains(model.table().columnName(c)), qPrintable(tip));
    }
    QVERIFY(!model.headerData(5, Qt::Horizontal).isValid());
    QVERIFY(!model.headerData(-1, Qt::Horizontal).isValid());
}

void TestDataTableModel::verticalHeader()
{
    DataTableModel model;
    model.setTable(flowline::tests::allKindsTable());
    QCOMPARE(model.headerData(0, Qt::Vertical).toInt(), 1);
    QCOMPARE(model.headerData(3, Qt::Vertical).toInt(), 4);
    QCOMPARE(model.headerData(0, Qt::Vertical, Qt::TextAlignmentRole).value<Qt::Alignment>(),
             Qt::AlignRight | Qt::AlignVCenter);
}

void TestDataTableModel::setTableResets()
{
    DataTableModel model;
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setTable(flowline::tests::allKindsTable());
    QCOMPARE(reset.count(), 1);
    model.setTable(flowline::tests::allKindsTable().select(std::vector<int>{2, 0}));
    QCOMPARE(reset.count(), 2);
    QCOMPARE(model.columnCount(), 2);
    QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("note\ntext"));
    model.setTable({});
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), 0);
}

void TestDataTableModel::passesModelTester()
{
    DataTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTable(flowline::tests::allKindsTable());
    model.setTable({});
}

QTEST_MAIN(TestDataTableModel)
#include "tst_datatablemodel.moc"
