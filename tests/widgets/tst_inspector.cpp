// NodeInspector: editors generated from the parameter schema, inline validation, requests instead
// of document writes, refresh from the document, column pickers fed by the upstream table, the
// executor's state and last error.

#include "NodeInspector.h"

#include "Executor.h"
#include "FlowDocument.h"
#include "PortValue.h"
#include "flows/TestNodeTypes.h"
#include "nodes/BuiltinNodes.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QWheelEvent>

#include <climits>

using flowline::flows::Executor;
using flowline::flows::FlowDocument;
using flowline::flows::Link;
using flowline::flows::NodeRegistry;
using flowline::flows::NodeState;
using flowline::flows::ParamType;
using flowline::widgets::NodeInspector;

namespace {

constexpr int kRunTimeoutMs = 30'000;

// CSV Import, and a node that picks a numeric target and any feature columns from its input.
const NodeRegistry &columnRegistry()
{
    static const NodeRegistry registry = [] {
        NodeRegistry r;
        r.add(flowline::flows::csvImportNode());
        flowline::flows::NodeType pick;
        pick.id = QStringLiteral("test.pick");
        pick.displayName = QStringLiteral("Pick");
        pick.category = QStringLiteral("Prepare");
        pick.inputs = {flowline::tests::testPort("table", flowline::flows::PortType::Table)};
        pick.outputs = {flowline::tests::testPort("table", flowline::flows::PortType::Table)};
        auto target = flowline::tests::testParam("target", ParamType::Column, QString());
        target.columnKinds = {flowline::core::ColumnKind::Numeric};
        target.required = true;
        pick.params = {
            target, flowline::tests::testParam("features", ParamType::ColumnList, QStringList())};
        pick.run = [](const flowline::flows::NodeInputs &, flowline::core::JobContext &)
            -> flowline::core::Result<flowline::flows::NodeOutputs> {
            return flowline::core::Error{QStringLiteral("not run in this test")};
        };
        r.add(pick);
        return r;
    }();
    return registry;
}

// A document, its executor and an inspector on it, shown offscreen.
struct Studio
{
    explicit Studio(const NodeRegistry &registry)
        : doc(registry)
    {
        inspector.resize(360, 700);
        inspector.show();
    }
    QString add(const QString &type, const QVariantMap &params = {})
    {
        auto id = doc.addNode(type, {}, params);
        return id ? *id : QString();
    }
    template <class T>
    T *editor(const QString &key) const
    {
        return qobject_cast<T *>(inspector.editor(key));
    }
    QLabel *label(const QString &name) const { return inspector.findChild<QLabel *>(name); }

    FlowDocument doc;
    Executor executor{doc};
    NodeInspector inspector{doc, executor};
    QSignalSpy params{&inspector, &NodeInspector::paramEditRequested};
    QSignalSpy labels{&inspector, &NodeInspector::labelEditRequested};
};

QVariant sentValue(const QSignalSpy &spy, int i = 0)
{
    return qvariant_cast<QVariant>(spy.at(i).at(2));
}

void retype(QWidget *target, const QString &text)
{
    if (auto *edit = qobject_cast<QLineEdit *>(target))
        edit->selectAll();
    else if (auto *spin = qobject_cast<QAbstractSpinBox *>(target))
        spin->selectAll();
    QTest::keyClick(target, Qt::Key_Backspace);
    QTest::keyClicks(target, text);
    QTest::keyClick(target, Qt::Key_Return);
}

QStringList itemTexts(const QListWidget *list)
{
    QStringList texts;
    for (int i = 0; i < list->count(); ++i)
        texts << list->item(i)->text();
    return texts;
}

QStringList itemTexts(const QComboBox *box)
{
    QStringList texts;
    for (int i = 0; i < box->count(); ++i)
        texts << box->itemText(i);
    return texts;
}

} // namespace

class TestInspector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void emptyPageWithoutNode();
    void editorClassPerParamType_data();
    void editorClassPerParamType();
    void editorsFollowTheSchema();
    void headerShowsIconLabelAndType();
    void editorsShowDocumentValues();
    void editIntEmitsQint64();
    void editDoubleEmitsDouble();
    void editBoolEmitsBool();
    void editChoiceEmitsChoice();
    void editSeedEmitsQint64();
    void editStringEmitsOnlyWhenChanged();
    void editFilePathEmitsPath();
    void browseChoosesFile();
    void typedColumnNamesWithoutUpstream();
    void spinBoxKeepsValuesInRange();
    void requiredEmptyShowsErrorAndEmitsNothing();
    void documentChangesRefreshWithoutEmitting();
    void documentChangeClearsError();
    void labelEditing();
    void columnPickersFilledAfterUpstreamRun();
    void columnListEditEmitsTableOrder();
    void columnPickEmitsName();
    void missingChosenColumnsMarked();
    void linkChangesRefillPickers();
    void stateAndLastErrorAfterFailedRun();
    void stateUpdatesLive();
    void nodeRemovalEmptiesInspector();
    void switchingNodesSendsPendingEdit();
    void wheelLeavesUnfocusedEditorsAlone();

private:
    QString writeCsv(const QString &name, const QByteArray &bytes);
    QTemporaryDir m_dir;
};

void TestInspector::initTestCase()
{
    QLocale::setDefault(QLocale::c());
    QVERIFY(m_dir.isValid());
}

QString TestInspector::writeCsv(const QString &name, const QByteArray &bytes)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return {};
    return path;
}

void TestInspector::emptyPageWithoutNode()
{
    Studio s(flowline::tests::testRegistry());
    QVERIFY(QTest::qWaitForWindowExposed(&s.inspector));
    QVERIFY(s.inspector.node().isEmpty());
    QVERIFY(s.label(QStringLiteral("emptyPage"))->isVisible());
    QCOMPARE(s.label(QStringLiteral("emptyPage"))->text(),
             QStringLiteral("Select a node to edit its parameters"));
    s.inspector.setNode(QStringLiteral("no_such_node"));
    QVERIFY(s.inspector.node().isEmpty());
    QCOMPARE(s.inspector.editor(QStringLiteral("rows")), nullptr);
    QCOMPARE(s.inspector.errorText(QStringLiteral("rows")), QString());
}

void TestInspector::editorClassPerParamType_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("editorClass");
    QTest::newRow("FilePath") << "test.source"
                              << "path"
                              << "QLineEdit";
    QTest::newRow("Int") << "test.source"
                         << "rows"
                         << "QSpinBox";
    QTest::newRow("Seed") << "test.source"
                          << "seed"
                          << "QSpinBox";
    QTest::newRow("Bool") << "test.source"
                          << "header"
                          << "QCheckBox";
    QTest::newRow("Double") << "test.transform"
                            << "fraction"
                            << "QDoubleSpinBox";
    QTest::newRow("Choice") << "test.transform"
                            << "method"
                            << "QComboBox";
    QTest::newRow("Column") << "test.transform"
                            << "column"
                            << "QComboBox";
    QTest::newRow("ColumnList, not run") << "test.transform"
                                         << "columns"
                                         << "QLineEdit";
    QTest::newRow("String") << "test.transform"
                            << "name"
                            << "QLineEdit";
}

void TestInspector::editorClassPerParamType()
{
    QFETCH(QString, type);
    QFETCH(QString, key);
    QFETCH(QString, editorClass);
    Studio s(flowline::tests::testRegistry());
    s.inspector.setNode(s.add(type));
    QWidget *editor = s.inspector.editor(key);
    QVERIFY(editor);
    QVERIFY2(editor->inherits(editorClass.toLatin1()), editor->metaObject()->className());
    QCOMPARE(editor->objectName(), QStringLiteral("param_") + key);
    QVERIFY(!editor->isHidden());
    QLabel *error = s.label(QStringLiteral("error_") + key);
    QVERIFY(error);
    QVERIFY(error->isHidden());
}

void TestInspector::editorsFollowTheSchema()
{
    Studio s(flowline::tests::testRegistry());
    const QString source = s.add(QStringLiteral("test.source"));
    const QString transform = s.add(QStringLiteral("test.transform"));

    s.inspector.setNode(source);
    auto *rows = s.editor<QSpinBox>(QStringLiteral("rows"));
    QCOMPARE(rows->minimum(), 1);
    QCOMPARE(rows->maximum(), 1'000'000);
    auto *seed = s.editor<QSpinBox>(QStringLiteral("seed"));
    QCOMPARE(seed->minimum(), 0);
    QCOMPARE(seed->maximum(), INT_MAX);
    QVERIFY(s.inspector.findChild<QToolButton *>(QStringLiteral("browse_path")));

    s.inspector.setNode(transform);
    auto *fraction = s.editor<QDoubleSpinBox>(QStringLiteral("fraction"));
    QCOMPARE(fraction->minimum(), 0.0);
    QCOMPARE(fraction->maximum(), 1.0);
    QVERIFY(fraction->decimals() >= 6);
    QCOMPARE(fraction->singleStep(), 0.01);
    QCOMPARE(fraction->text(), QStringLiteral("0.5")); // no trailing zeros
    auto *method = s.editor<QComboBox>(QStringLiteral("method"));
    QVERIFY(!method->isEditable());
    QCOMPARE(itemTexts(method), (QStringList{"mean", "median", "mode"}));
    QVERIFY(s.editor<QComboBox>(QStringLiteral("column"))->isEditable());
    QCOMPARE(s.label(QStringLiteral("hint_columns"))->text(),
             QStringLiteral("Connect a table to the input to pick from its columns"));

    // Labels and help from the built-in Sample Rows type.
    Studio b(NodeRegistry::builtin());
    b.inspector.setNode(b.add(QStringLiteral("data.sample")));
    const auto *type = b.doc.registry().find(QStringLiteral("data.sample"));
    for (const auto &spec : type->params) {
        QLabel *caption = b.label(QStringLiteral("caption_") + spec.key);
        QVERIFY2(caption, qPrintable(spec.key));
        QCOMPARE(caption->text(), spec.label);
        QCOMPARE(caption->toolTip(), spec.help);
        QCOMPARE(b.inspector.editor(spec.key)->toolTip(), spec.help);
    }
    QCOMPARE(b.label(QStringLiteral("help"))->text(), type->help);
    QVERIFY(b.label(QStringLiteral("help"))->wordWrap());
}

void TestInspector::headerShowsIconLabelAndType()
{
    Studio s(NodeRegistry::builtin());
    const QString id = s.add(QStringLiteral("data.csv_import"));
    s.doc.setLabel(id, QStringLiteral("Customers"));
    s.inspector.setNode(id);
    QCOMPARE(s.inspector.node(), id);
    auto *label = s.inspector.findChild<QLineEdit *>(QStringLiteral("label"));
    QVERIFY(label);
    QCOMPARE(label->text(), QStringLiteral("Customers"));
    QCOMPARE(label->placeholderText(), QStringLiteral("CSV Import"));
    const QString type = s.label(QStringLiteral("type"))->text();
    QVERIFY2(type.contains(QStringLiteral("CSV Import")) &&
                 type.contains(QStringLiteral("data.csv_import")),
             qPrintable(type));
    QVERIFY(!s.label(QStringLiteral("icon"))->pixmap().isNull());
    QVERIFY(s.label(QStringLiteral("state"))->text().contains(QStringLiteral("stale")));
    QVERIFY(s.label(QStringLiteral("lastError"))->isHidden());
}

void TestInspector::editorsShowDocumentValues()
{
    Studio s(flowline::tests::testRegistry());
    const QString id = s.add(QStringLiteral("test.transform"), {{"fraction", 0.125},
                                                                {"method", "mode"},
                                                                {"column", "age"},
                                                                {"columns", QStringList{"a", "b"}},
                                                                {"name", "result"}});
    s.inspector.setNode(id);
    QCOMPARE(s.editor<QDoubleSpinBox>(QStringLiteral("fraction"))->value(), 0.125);
    QCOMPARE(s.editor<QComboBox>(QStringLiteral("method"))->currentText(), QStringLiteral("mode"));
    QCOMPARE(s.editor<QComboBox>(QStringLiteral("column"))->currentText(), QStringLiteral("age"));
    QCOMPARE(s.editor<QLineEdit>(QStringLiteral("columns"))->text(), QStringLiteral("a, b"));
    QCOMPARE(s.editor<QLineEdit>(QStringLiteral("name"))->text(), QStringLiteral("result"));
    QCOMPARE(s.params.count(), 0);
}

void TestInspector::editIntEmitsQint64()
{
    Studio s(flowline::tests::testRegistry());
    const QString id = s.add(QStringLiteral("test.source"));
    s.inspector.setNode(id);
    auto *rows = s.editor<QSpinBox>(QStringLiteral("rows"));
    retype(rows, QStringLiteral("250"));
    QCOMPARE(s.params.count(), 1); // once, on Return: not on every keystroke
    QCOMPARE(s.params.at(0).at(0).toString(), id);
    QCOMPARE(s.params.at(0).at(1).toString(), QStringLiteral("rows"));
    QCOMPARE(sentValue(s.params).typeId(), QMetaType::LongLong);
    QCOMPARE(sentValue(s.params).toLongLong(), 250);
    QTest::keyClick(rows, Qt::Key_Up);
    QCOMPARE(s.params.count(), 2);
    QCOMPARE(sentValue(s.params, 1).toLongLong(), 251);
    QCOMPARE(s.doc.node(id)->params.value(QStringLiteral("rows")).toLongLong(), 100); // untouched
}

void TestInspector::editDoubleEmitsDouble()
{
    Studio s(flowline::tests::testRegistry());
    s.inspector.setNode(s.add(QStringLiteral("test.transform")));
    retype(s.inspector.editor(QStringLiteral("fraction")), QStringLiteral("0.25"));
    QCOMPARE(s.params.count(), 1);
    QCOMPARE(s.params.at(0).at(1).toString(), QStringLiteral("fraction"));
    QCOMPARE(sentValue(s.params).typeId(), QMetaType::Double);
    QCOMPARE(sentValue(s.params).toDouble(), 0.25);
}

void TestInspector::editBoolEmitsBool()
{
    Studio s(flowline::tests::testRegistry());
    s.inspector.setNode(s.add(QStringLiteral("test.source")));
    auto *header = s.editor<QCheckBox>(QStringLiteral("header"));
    QVERIFY(header->isChecked());
    QTest::keyClick(header, Qt::Key_Space);
    QCOMPARE(s.params.count(), 1);
    QCOMPARE(s.params.at(0).at(1).toString(), QStringLiteral("header"));
    QCOMPARE(sentValue(s.params).typeId(), QMetaType::Bool);
    QCOMPARE(sentValue(s.params).toBool(), false);
}

void TestInspector::editChoiceEmitsChoice()
{
    Studio s(flowline::tests::testRegistry());
    s.inspector.setNode(s.add(QStringLiteral("test.transform")));
    auto *method = s.editor<QComboBox>(QStringLiteral("method"));
    QTest::keyClick(method, Qt::Key_Down);
    QCOMPARE(s.params.count(), 1);
    QCOMPARE(s.params.at(0).at(1).toString(), QStringLiteral("method"));
    QCOMPARE(sentValue(s.params), QVariant(QStringLiteral("median")));
}

void TestInspector::editSeedEmitsQint64()
{
    Studio s(flowline::tests::testRegistry());
    s.inspector.setNode(s.add(QStringLiteral("test.source")));
    retype(s.inspector.editor(QStringLiteral("seed")), QStringLiteral("7"));
    QCOMPARE(s.params.count(), 1);
    QCOMPARE(s.params.at(0).at(1).toString(), QStringLiteral("seed"));
    QCOMPARE(sentValue(s.params).typeId(), QMetaType::LongLong);
    QCOMPARE(sentValue(s.params).toLongLong(), 7);
    QTest::keyClicks(s.inspector.editor(QStringLiteral("seed")), QStringLiteral("-"));
    QCOMPARE(s.editor<QSpinBox>(QStringLiteral("seed"))->value(), 7); // no negative seed
}

void TestInspector::editStringEmitsOnlyWhenChanged()
{
    Studio s(flowline::tests::testRegistry());
    s.inspector.setNode(s.add(QStringLiteral("test.transform")));
    auto *name = s.editor<QLineEdit>(QStringLiteral("name"));
    QTest::keyClick(name, Qt::Key_Return); // unchanged: "out"
    QCOMPARE(s.params.count(), 0);
    retype(name, QStringLiteral("result"));
    QCOMPARE(s.params.count(), 1);
    QCOMPARE(sentValue(s.params), QVariant(QStringLiteral("result")));
    QTest::keyClick(name, Qt::Key_Return); // the same again
    QCOMPARE(s.params.count(), 1);
}

void TestInspector::editFilePathEmitsPath()
{
    Studio s(flowline::tests::testRegistry());
    s.inspector.setNode(s.add(QStringLiteral("test.source")));
    retype(s.inspector.editor(QStringLiteral("path")), QStringLiteral("/data/customers.csv"));
    QCOMPARE(s.params.count(), 1);
    QCOMPARE(s.params.at(0).at(1).toString(), QStringLiteral("path"));
    QCOMPARE(sentValue(s.params), QVariant(QStringLiteral("/data/customers.csv")));
}

void TestInspector::browseChoosesFile()
{
    const QString path = writeCsv(QStringLiteral("browse.csv"), "a,b\n1,2\n");
    QVERIFY(!path.isEmpty());
    Studio s(NodeRegistry::builtin());
    s.inspector.setNode(s.add(QStringLiteral("data.csv_import")));
    auto *browse = s.inspector.findChild<QToolButton *>(QStringLiteral("browse_file"));
    QVERIFY(browse);
    QCOMPARE(browse->text(), QStringLiteral("Browse…"));

    // The dialog is modal: answer it from a timer; try again should it refuse, and after 5 s
    // close whatever is left open rather than hang.
    QString filter;
    QString leftOpen;
    QElapsedTimer clock;
    qint64 lastTry = -1'000;
    QTimer poll;
    connect(&poll, &QTimer::timeout, this, [&] {
        QWidget *modal = QApplication::activeModalWidget();
        if (!modal)
            return;
        if (!clock.isValid())
            clock.start();
        auto *dialog = qobject_cast<QFileDialog *>(modal);
        if (dialog && clock.elapsed() < 5'000) {
            if (clock.elapsed() - lastTry < 200)
                return;
            lastTry = clock.elapsed();
            filter = dialog->nameFilters().value(0);
            dialog->selectFile(path);
            // selectFile leaves the name field alone while it has focus: type it, as a person
            // would.
            if (auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit")))
                name->setText(path);
            static_cast<QDialog *>(dialog)->accept(); // QFileDialog::accept checks the file
        } else if (clock.elapsed() >= 5'000) {
            leftOpen += QString::fromLatin1(modal->metaObject()->className()) + QLatin1Char(' ');
            if (auto *d = qobject_cast<QDialog *>(modal))
                d->reject();
            else
                modal->close();
        }
    });
    poll.start(20);
    browse->click(); // returns once the dialog is closed
    poll.stop();
    QVERIFY2(leftOpen.isEmpty(), qPrintable(QStringLiteral("left open: ") + leftOpen));
    QCOMPARE(filter, QStringLiteral("CSV files (*.csv *.tsv *.txt)"));
    QCOMPARE(s.params.count(), 1);
    QCOMPARE(s.params.at(0).at(1).toString(), QStringLiteral("file"));
    QCOMPARE(QFileInfo(sentValue(s.params).toString()).canonicalFilePath(),
             QFileInfo(path).canonicalFilePath());
    QCOMPARE(s.editor<QLineEdit>(QStringLiteral("file"))->text(), sentValue(s.params).toString());
    QCOMPARE(s.inspector.errorText(QStringLiteral("file")), QString());
}

void TestInspector::typedColumnNamesWithoutUpstream()
{
    Studio s(flowline::tests::testRegistry());
    s.inspector.setNode(s.add(QStringLiteral("test.transform")));
    retype(s.inspector.editor(QStringLiteral("columns")), QStringLiteral("age, income,,city "));
    QCOMPARE(s.params.count(), 1);
    QCOMPARE(s.params.at(0).at(1).toString(), QStringLiteral("columns"));
    QCOMPARE(sentValue(s.params).typeId(), QMetaType::QStringList);
    QCOMPARE(sentValue(s.params).toStringList(), (QStringList{"age", "income", "city"}));

    auto *column = s.editor<QComboBox>(QStringLiteral("column"));
    retype(column->lineEdit(), QStringLiteral("age"));
    QCOMPARE(s.params.count(), 2);
    QCOMPARE(s.params.at(1).at(1).toString(), QStringLiteral("column"));
    QCOMPARE(sentValue(s.params, 1), QVariant(QStringLiteral("age")));
}

void TestInspector::spinBoxKeepsValuesInRange()
{
    Studio s(flowline::tests::testRegistry());
    s.inspector.setNode(s.add(QStringLiteral("test.source")));
    auto *rows = s.editor<QSpinBox>(QStringLiteral("rows"));
    retype(rows, QStringLiteral("5000000")); // above the maximum 1,000,000
    QVERIFY(rows->value() <= 1'000'000);
    for (const auto &call : s.params)
        QVERIFY(qvariant_cast<QVariant>(call.at(2)).toLongLong() <= 1'000'000);
    retype(rows, QStringLiteral("0")); // below the minimum 1
    QVERIFY(rows->value() >= 1);
    for (const auto &call : s.params)
        QVERIFY(qvariant_cast<QVariant>(call.at(2)).toLongLong() >= 1);
    QCOMPARE(s.inspector.errorText(QStringLiteral("rows")), QString());
}

void TestInspector::requiredEmptyShowsErrorAndEmitsNothing()
{
    Studio s(flowline::tests::testRegistry());
    s.inspector.setNode(s.add(QStringLiteral("test.needs_file")));
    // Left empty from the start: the message shows at once.
    QCOMPARE(s.inspector.errorText(QStringLiteral("file")), QStringLiteral("must not be empty"));
    QVERIFY(!s.label(QStringLiteral("error_file"))->isHidden());
    QVERIFY(s.label(QStringLiteral("caption_file"))->text().endsWith(QLatin1Char('*')));

    auto *file = s.editor<QLineEdit>(QStringLiteral("file"));
    retype(file, QStringLiteral("/data/a.csv"));
    QCOMPARE(s.params.count(), 1);
    QCOMPARE(s.inspector.errorText(QStringLiteral("file")), QString());
    QVERIFY(s.label(QStringLiteral("error_file"))->isHidden());

    file->selectAll();
    QTest::keyClick(file, Qt::Key_Backspace);
    QTest::keyClick(file, Qt::Key_Return);
    QCOMPARE(s.params.count(), 1); // refused: nothing sent
    QCOMPARE(s.inspector.errorText(QStringLiteral("file")), QStringLiteral("must not be empty"));
    QVERIFY(!s.label(QStringLiteral("error_file"))->isHidden());
}

void TestInspector::documentChangesRefreshWithoutEmitting()
{
    Studio s(flowline::tests::testRegistry());
    const QString source = s.add(QStringLiteral("test.source"));
    const QString transform = s.add(QStringLiteral("test.transform"));

    s.inspector.setNode(source);
    QVERIFY(s.doc.setParam(source, QStringLiteral("rows"), qint64(42)));
    QVERIFY(s.doc.setParam(source, QStringLiteral("seed"), qint64(9)));
    QVERIFY(s.doc.setParam(source, QStringLiteral("header"), false));
    QVERIFY(s.doc.setParam(source, QStringLiteral("path"), QStringLiteral("/data/b.csv")));
    QCOMPARE(s.editor<QSpinBox>(QStringLiteral("rows"))->value(), 42);
    QCOMPARE(s.editor<QSpinBox>(QStringLiteral("seed"))->value(), 9);
    QCOMPARE(s.editor<QCheckBox>(QStringLiteral("header"))->isChecked(), false);
    QCOMPARE(s.editor<QLineEdit>(QStringLiteral("path"))->text(), QStringLiteral("/data/b.csv"));

    s.inspector.setNode(transform);
    QVERIFY(s.doc.setParam(transform, QStringLiteral("fraction"), 0.75));
    QVERIFY(s.doc.setParam(transform, QStringLiteral("method"), QStringLiteral("mode")));
    QVERIFY(s.doc.setParam(transform, QStringLiteral("column"), QStringLiteral("age")));
    QVERIFY(s.doc.setParam(transform, QStringLiteral("columns"), QStringList{"x", "y"}));
    QVERIFY(s.doc.setParam(transform, QStringLiteral("name"), QStringLiteral("z")));
    QCOMPARE(s.editor<QDoubleSpinBox>(QStringLiteral("fraction"))->value(), 0.75);
    QCOMPARE(s.editor<QComboBox>(QStringLiteral("method"))->currentText(), QStringLiteral("mode"));
    QCOMPARE(s.editor<QComboBox>(QStringLiteral("column"))->currentText(), QStringLiteral("age"));
    QCOMPARE(s.editor<QLineEdit>(QStringLiteral("columns"))->text(), QStringLiteral("x, y"));
    QCOMPARE(s.editor<QLineEdit>(QStringLiteral("name"))->text(), QStringLiteral("z"));
    QCOMPARE(s.params.count(), 0);
    QCOMPARE(s.labels.count(), 0);

    // After an edit the document takes (as undo and redo do), the same value is not re-sent.
    retype(s.inspector.editor(QStringLiteral("name")), QStringLiteral("w"));
    QCOMPARE(s.params.count(), 1);
    QVERIFY(s.doc.setParam(transform, QStringLiteral("name"), QStringLiteral("w")));
    QVERIFY(s.doc.setParam(transform, QStringLiteral("name"), QStringLiteral("z"))); // undo
    QCOMPARE(s.editor<QLineEdit>(QStringLiteral("name"))->text(), QStringLiteral("z"));
    QCOMPARE(s.params.count(), 1);
}

void TestInspector::documentChangeClearsError()
{
    Studio s(flowline::tests::testRegistry());
    const QString id = s.add(QStringLiteral("test.needs_file"));
    s.inspector.setNode(id);
    QVERIFY(!s.inspector.errorText(QStringLiteral("file")).isEmpty());
    QVERIFY(s.doc.setParam(id, QStringLiteral("file"), QStringLiteral("/data/c.csv")));
    QCOMPARE(s.inspector.errorText(QStringLiteral("file")), QString());
    QCOMPARE(s.editor<QLineEdit>(QStringLiteral("file"))->text(), QStringLiteral("/data/c.csv"));
    QCOMPARE(s.params.count(), 0);
}

void TestInspector::labelEditing()
{
    Studio s(flowline::tests::testRegistry());
    const QString id = s.add(QStringLiteral("test.source"));
    s.inspector.setNode(id);
    auto *label = s.inspector.findChild<QLineEdit *>(QStringLiteral("label"));
    QVERIFY(label);
    QCOMPARE(label->placeholderText(), QStringLiteral("test.source"));
    QTest::keyClick(label, Qt::Key_Return); // unchanged
    QCOMPARE(s.labels.count(), 0);
    QTest::keyClicks(label, QStringLiteral("  Customers "));
    QTest::keyClick(label, Qt::Key_Return);
    QCOMPARE(s.labels.count(), 1);
    QCOMPARE(s.labels.at(0).at(0).toString(), id);
    QCOMPARE(s.labels.at(0).at(1).toString(), QStringLiteral("Customers"));
    QTest::keyClick(label, Qt::Key_Return);
    QCOMPARE(s.labels.count(), 1);
    QVERIFY(s.doc.node(id)->label.isEmpty()); // the inspector does not write

    QVERIFY(s.doc.setLabel(id, QStringLiteral("Orders"))); // e.g. undo, or a rename on the canvas
    QCOMPARE(label->text(), QStringLiteral("Orders"));
    QCOMPARE(s.labels.count(), 1);

    label->selectAll();
    QTest::keyClick(label, Qt::Key_Backspace);
    QTest::keyClick(label, Qt::Key_Return); // back to the type's name
    QCOMPARE(s.labels.count(), 2);
    QCOMPARE(s.labels.at(1).at(1).toString(), QString());
}

void TestInspector::columnPickersFilledAfterUpstreamRun()
{
    const QString csv = writeCsv(QStringLiteral("people.csv"),
                                 "id,score,group,day\n1,1.5,a,2024-01-01\n2,2.5,b,2024-01-02\n"
                                 "3,,a,2024-01-03\n4,4.5,b,2024-01-04\n5,3.0,a,2024-01-05\n");
    QVERIFY(!csv.isEmpty());
    Studio s(columnRegistry());
    const QString import = s.add(QStringLiteral("data.csv_import"), {{"file", csv}});
    const QString pick = s.add(QStringLiteral("test.pick"));
    QVERIFY(s.doc.connect(Link{import, QStringLiteral("table"), pick, QStringLiteral("table")}));
    s.inspector.setNode(pick);

    // Not run yet: names are typed, and a hint says how to get a list.
    QVERIFY(s.editor<QLineEdit>(QStringLiteral("features")));
    QCOMPARE(s.label(QStringLiteral("hint_features"))->text(),
             QStringLiteral("Run the upstream node to pick from its columns"));
    QCOMPARE(s.editor<QComboBox>(QStringLiteral("target"))->count(), 0);

    QVERIFY(s.executor.run({import}));
    QTRY_VERIFY_WITH_TIMEOUT(s.executor.state(import) == NodeState::Done, kRunTimeoutMs);
    const auto value =
        std::dynamic_pointer_cast<const flowline::flows::TableValue>(s.executor.output(import));
    QVERIFY(value);
    const flowline::core::Table &table = value->table();
    QCOMPARE(table.columnNames(), (QStringList{"id", "score", "group", "day"}));
    QCOMPARE(table.kind(1), flowline::core::ColumnKind::Numeric);
    QVERIFY(table.kind(2) != flowline::core::ColumnKind::Numeric);

    // Every column, in table order, each with its kind; nothing chosen.
    auto *features = s.editor<QListWidget>(QStringLiteral("features"));
    QVERIFY(features);
    QCOMPARE(features->objectName(), QStringLiteral("param_features"));
    QCOMPARE(itemTexts(features), table.columnNames());
    for (int i = 0; i < features->count(); ++i) {
        QCOMPARE(features->item(i)->data(NodeInspector::KindRole).toString(),
                 flowline::core::kindName(table.kind(i)));
        QCOMPARE(features->item(i)->checkState(), Qt::Unchecked);
        QVERIFY(!features->item(i)->data(NodeInspector::MissingRole).toBool());
    }
    QVERIFY(!s.label(QStringLiteral("hint_features")));

    // The target takes numeric columns only.
    QStringList numeric;
    for (int i = 0; i < table.columnCount(); ++i) {
        if (table.kind(i) == flowline::core::ColumnKind::Numeric)
            numeric << table.columnName(i);
    }
    auto *target = s.editor<QComboBox>(QStringLiteral("target"));
    QCOMPARE(itemTexts(target), numeric);
    for (int i = 0; i < target->count(); ++i)
        QCOMPARE(target->itemData(i, NodeInspector::KindRole).toString(),
                 QStringLiteral("numeric"));
    QCOMPARE(s.label(QStringLiteral("hint_target"))->text(),
             QStringLiteral("Only numeric columns"));
    QCOMPARE(s.params.count(), 0);
}

void TestInspector::columnListEditEmitsTableOrder()
{
    const QString csv = writeCsv(QStringLiteral("order.csv"), "a,b,c\n1,2,3\n4,5,6\n");
    Studio s(columnRegistry());
    const QString import = s.add(QStringLiteral("data.csv_import"), {{"file", csv}});
    const QString pick = s.add(QStringLiteral("test.pick"));
    QVERIFY(s.doc.connect(Link{import, QStringLiteral("table"), pick, QStringLiteral("table")}));
    s.inspector.setNode(pick);
    QVERIFY(s.executor.run({import}));
    QTRY_VERIFY_WITH_TIMEOUT(s.editor<QListWidget>(QStringLiteral("features")), kRunTimeoutMs);
    auto *list = s.editor<QListWidget>(QStringLiteral("features"));

    list->setCurrentRow(2);
    QTest::keyClick(list, Qt::Key_Space);
    QCOMPARE(s.params.count(), 1);
    QCOMPARE(s.params.at(0).at(1).toString(), QStringLiteral("features"));
    QCOMPARE(sentValue(s.params).toStringList(), QStringList{"c"});
    list->setCurrentRow(0);
    QTest::keyClick(list, Qt::Key_Space);
    QCOMPARE(s.params.count(), 2);
    QCOMPARE(sentValue(s.params, 1).toStringList(), (QStringList{"a", "c"}));
    list->setCurrentRow(2);
    QTest::keyClick(list, Qt::Key_Space); // unchecks c
    QCOMPARE(s.params.count(), 3);
    QCOMPARE(sentValue(s.params, 2).toStringList(), QStringList{"a"});
}

void TestInspector::columnPickEmitsName()
{
    const QString csv = writeCsv(QStringLiteral("pick.csv"), "x,y,label\n1,2,u\n3,4,v\n");
    Studio s(columnRegistry());
    const QString import = s.add(QStringLiteral("data.csv_import"), {{"file", csv}});
    const QString pick = s.add(QStringLiteral("test.pick"));
    QVERIFY(s.doc.connect(Link{import, QStringLiteral("table"), pick, QStringLiteral("table")}));
    s.inspector.setNode(pick);
    QCOMPARE(s.inspector.errorText(QStringLiteral("target")), QStringLiteral("must not be empty"));
    QVERIFY(s.executor.run({import}));
    QTRY_VERIFY_WITH_TIMEOUT(s.editor<QComboBox>(QStringLiteral("target"))->count() == 2,
                             kRunTimeoutMs);
    auto *target = s.editor<QComboBox>(QStringLiteral("target"));
    QCOMPARE(itemTexts(target), (QStringList{"x", "y"}));

    QTest::keyClick(target, Qt::Key_Down); // picks from the list
    QCOMPARE(s.params.count(), 1);
    QCOMPARE(s.params.at(0).at(1).toString(), QStringLiteral("target"));
    QCOMPARE(sentValue(s.params), QVariant(QStringLiteral("x")));
    QCOMPARE(s.inspector.errorText(QStringLiteral("target")), QString());

    retype(target->lineEdit(), QStringLiteral("y")); // typed
    QCOMPARE(s.params.count(), 2);
    QCOMPARE(sentValue(s.params, 1), QVariant(QStringLiteral("y")));

    target->lineEdit()->selectAll();
    QTest::keyClick(target->lineEdit(), Qt::Key_Backspace);
    QTest::keyClick(target->lineEdit(), Qt::Key_Return); // required: refused
    QCOMPARE(s.params.count(), 2);
    QCOMPARE(s.inspector.errorText(QStringLiteral("target")), QStringLiteral("must not be empty"));
}

void TestInspector::missingChosenColumnsMarked()
{
    const QString csv = writeCsv(QStringLiteral("missing.csv"), "a,b,name\n1,2,u\n3,4,v\n");
    Studio s(columnRegistry());
    const QString import = s.add(QStringLiteral("data.csv_import"), {{"file", csv}});
    const QString pick = s.add(QStringLiteral("test.pick"),
                               {{"features", QStringList{"b", "gone"}}, {"target", "name"}});
    QVERIFY(s.doc.connect(Link{import, QStringLiteral("table"), pick, QStringLiteral("table")}));
    s.inspector.setNode(pick);
    QVERIFY(s.executor.run({import}));
    QTRY_VERIFY_WITH_TIMEOUT(s.editor<QListWidget>(QStringLiteral("features")), kRunTimeoutMs);

    auto *list = s.editor<QListWidget>(QStringLiteral("features"));
    QCOMPARE(itemTexts(list), (QStringList{"a", "b", "name", "gone"}));
    QCOMPARE(list->item(1)->checkState(), Qt::Checked);
    QCOMPARE(list->item(3)->checkState(), Qt::Checked);
    QVERIFY(list->item(3)->data(NodeInspector::MissingRole).toBool());
    QVERIFY(!list->item(1)->data(NodeInspector::MissingRole).toBool());
    QVERIFY(list->item(3)->toolTip().contains(QStringLiteral("gone")));
    QVERIFY(s.inspector.errorText(QStringLiteral("features")).contains(QStringLiteral("'gone'")));

    // A text column where a numeric one is wanted is listed, marked, and explained.
    auto *target = s.editor<QComboBox>(QStringLiteral("target"));
    QCOMPARE(target->currentText(), QStringLiteral("name"));
    const int i = target->findText(QStringLiteral("name"));
    QVERIFY(i >= 0);
    QVERIFY(target->itemData(i, NodeInspector::MissingRole).toBool());
    QVERIFY(s.inspector.errorText(QStringLiteral("target")).contains(QStringLiteral("'name'")));

    // Unchecking the missing entry sends the rest, and the warning goes.
    list->setCurrentRow(3);
    QTest::keyClick(list, Qt::Key_Space);
    QCOMPARE(s.params.count(), 1);
    QCOMPARE(sentValue(s.params).toStringList(), QStringList{"b"});
    QCOMPARE(s.inspector.errorText(QStringLiteral("features")), QString());
    // The document taking it (the studio's undo command) keeps the entry to re-check.
    QVERIFY(s.doc.setParam(pick, QStringLiteral("features"), QStringList{"b"}));
    QCOMPARE(s.inspector.editor(QStringLiteral("features")), list);
    QCOMPARE(list->item(3)->checkState(), Qt::Unchecked);
    QCOMPARE(s.params.count(), 1);
}

void TestInspector::linkChangesRefillPickers()
{
    const QString csv = writeCsv(QStringLiteral("links.csv"), "p,q\n1,2\n");
    Studio s(columnRegistry());
    const QString import = s.add(QStringLiteral("data.csv_import"), {{"file", csv}});
    const QString pick = s.add(QStringLiteral("test.pick"), {{"features", QStringList{"q"}}});
    const Link link{import, QStringLiteral("table"), pick, QStringLiteral("table")};
    QVERIFY(s.executor.run({import}));
    QTRY_VERIFY_WITH_TIMEOUT(s.executor.state(import) == NodeState::Done, kRunTimeoutMs);
    s.inspector.setNode(pick);
    QVERIFY(s.editor<QLineEdit>(QStringLiteral("features"))); // nothing linked yet
    QCOMPARE(s.label(QStringLiteral("hint_features"))->text(),
             QStringLiteral("Connect a table to the input to pick from its columns"));

    QVERIFY(s.doc.connect(link)); // an upstream that has run: a list at once
    auto *list = s.editor<QListWidget>(QStringLiteral("features"));
    QVERIFY(list);
    QCOMPARE(itemTexts(list), (QStringList{"p", "q"}));
    QCOMPARE(list->item(1)->checkState(), Qt::Checked);

    QVERIFY(s.doc.disconnect(link));
    QVERIFY(s.editor<QLineEdit>(QStringLiteral("features")));
    QCOMPARE(s.editor<QLineEdit>(QStringLiteral("features"))->text(), QStringLiteral("q"));
    QCOMPARE(s.params.count(), 0);
}

void TestInspector::stateAndLastErrorAfterFailedRun()
{
    Studio s(NodeRegistry::builtin());
    const QString id =
        s.add(QStringLiteral("data.csv_import"), {{"file", m_dir.filePath("does-not-exist.csv")}});
    s.inspector.setNode(id);
    QVERIFY(QTest::qWaitForWindowExposed(&s.inspector));
    QLabel *state = s.label(QStringLiteral("state"));
    QLabel *lastError = s.label(QStringLiteral("lastError"));
    QVERIFY(lastError->isHidden());

    QVERIFY(s.executor.run({id}));
    QTRY_VERIFY_WITH_TIMEOUT(s.executor.state(id) == NodeState::Failed, kRunTimeoutMs);
    QVERIFY2(state->text().contains(QStringLiteral("failed")), qPrintable(state->text()));
    QVERIFY(lastError->isVisible());
    QVERIFY(lastError->wordWrap());
    QVERIFY(!s.executor.message(id).isEmpty());
    QCOMPARE(lastError->text(), s.executor.message(id));
    QVERIFY(lastError->text().contains(QStringLiteral("does-not-exist.csv")));

    // Fixing the file makes the node stale: the old error goes.
    const QString good = writeCsv(QStringLiteral("good.csv"), "a\n1\n");
    QVERIFY(s.doc.setParam(id, QStringLiteral("file"), good));
    QVERIFY2(state->text().contains(QStringLiteral("stale")), qPrintable(state->text()));
    QVERIFY(lastError->isHidden());
}

void TestInspector::stateUpdatesLive()
{
    const QString csv = writeCsv(QStringLiteral("live.csv"), "a,b\n1,2\n");
    Studio s(NodeRegistry::builtin());
    const QString id = s.add(QStringLiteral("data.csv_import"), {{"file", csv}});
    s.inspector.setNode(id);
    QLabel *state = s.label(QStringLiteral("state"));
    QVERIFY(state->text().contains(QStringLiteral("stale")));
    QStringList seen;
    connect(&s.executor, &Executor::stateChanged, this, [&] { seen << state->text(); });
    QVERIFY(s.executor.run({id}));
    QTRY_VERIFY_WITH_TIMEOUT(s.executor.state(id) == NodeState::Done, kRunTimeoutMs);
    QTRY_VERIFY(state->text().contains(QStringLiteral("done")));
    QVERIFY(seen.size() >= 2); // queued / running on the way
    QVERIFY(s.label(QStringLiteral("lastError"))->isHidden());
}

void TestInspector::nodeRemovalEmptiesInspector()
{
    Studio s(flowline::tests::testRegistry());
    QVERIFY(QTest::qWaitForWindowExposed(&s.inspector));
    const QString keep = s.add(QStringLiteral("test.source"));
    const QString id = s.add(QStringLiteral("test.source"));
    s.inspector.setNode(id);
    QVERIFY(s.inspector.editor(QStringLiteral("rows")));
    QVERIFY(!s.label(QStringLiteral("emptyPage"))->isVisible());

    QVERIFY(s.doc.removeNode(keep)); // another node: nothing changes
    QCOMPARE(s.inspector.node(), id);
    QVERIFY(s.doc.removeNode(id));
    QVERIFY(s.inspector.node().isEmpty());
    QCOMPARE(s.inspector.editor(QStringLiteral("rows")), nullptr);
    QVERIFY(s.label(QStringLiteral("emptyPage"))->isVisible());
    QCOMPARE(s.params.count(), 0);
}

void TestInspector::switchingNodesSendsPendingEdit()
{
    Studio s(flowline::tests::testRegistry());
    const QString first = s.add(QStringLiteral("test.transform"));
    const QString second = s.add(QStringLiteral("test.transform"));
    s.inspector.setNode(first);
    QApplication::setActiveWindow(&s.inspector);
    QVERIFY(QTest::qWaitForWindowActive(&s.inspector));
    auto *name = s.editor<QLineEdit>(QStringLiteral("name"));
    name->setFocus();
    QTRY_VERIFY(name->hasFocus());
    name->selectAll();
    QTest::keyClicks(name, QStringLiteral("typed")); // no Return
    QCOMPARE(s.params.count(), 0);

    s.inspector.setNode(second);
    QCOMPARE(s.params.count(), 1);
    QCOMPARE(s.params.at(0).at(0).toString(), first); // to the node it was typed for
    QCOMPARE(sentValue(s.params), QVariant(QStringLiteral("typed")));
    QCOMPARE(s.editor<QLineEdit>(QStringLiteral("name"))->text(), QStringLiteral("out"));
}

void TestInspector::wheelLeavesUnfocusedEditorsAlone()
{
    Studio s(flowline::tests::testRegistry());
    s.inspector.setNode(s.add(QStringLiteral("test.source")));
    auto *rows = s.editor<QSpinBox>(QStringLiteral("rows"));
    QVERIFY(!rows->hasFocus());
    const QPointF at = rows->rect().center();
    QWheelEvent wheel(at, rows->mapToGlobal(at), QPoint(), QPoint(0, 120), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(rows, &wheel);
    QCOMPARE(rows->value(), 100);
    QCOMPARE(s.params.count(), 0);
}

QTEST_MAIN(TestInspector)
#include "tst_inspector.moc"
