// NodePalette: categories and types, search, add by Enter / double-click, drag payload.

#include "NodePalette.h"
#include "NodeRegistry.h"
#include "util/Error.h"

#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTest>
#include <QTreeView>

#include <memory>

using flowline::flows::NodeRegistry;
using flowline::flows::NodeType;
using flowline::widgets::NodePalette;

namespace {

// Six types in four categories, with names, keywords, icons and help as real ones have.
const NodeRegistry &paletteRegistry()
{
    static const NodeRegistry registry = [] {
        const auto type = [](const char *id, const char *name, const char *category,
                             QStringList keywords, const char *icon, const char *help) {
            NodeType t;
            t.id = QLatin1String(id);
            t.displayName = QLatin1String(name);
            t.category = QLatin1String(category);
            t.keywords = std::move(keywords);
            t.icon = QLatin1String(icon);
            t.help = QLatin1String(help);
            t.run = [](const flowline::flows::NodeInputs &, flowline::core::JobContext &)
                -> flowline::core::Result<flowline::flows::NodeOutputs> {
                return flowline::core::Error{QStringLiteral("not run in this test")};
            };
            return t;
        };
        NodeRegistry r;
        r.add(type("data.csv_import", "CSV Import", "Data", {"file", "read", "comma"}, "file",
                   "Reads a table from a CSV file."));
        r.add(type("data.sample", "Sample Rows", "Data", {"random", "subset"}, "dice",
                   "Keeps a random share of the rows."));
        r.add(type("explore.profile", "Profile", "Explore", {"statistics", "summary"}, "chart",
                   "Summarizes every column."));
        r.add(type("prep.filter_rows", "Filter Rows", "Prepare", {"where", "query"}, "filter",
                   "Keeps the rows a formula accepts."));
        r.add(type("prep.select_columns", "Select Columns", "Prepare", {"drop", "keep"}, "columns",
                   "Keeps some columns."));
        r.add(type("model.train", "Train Model", "Model", {"fit"}, "", ""));
        return r;
    }();
    return registry;
}

const QStringList kAllTypes = {
    QStringLiteral("data.csv_import"),  QStringLiteral("data.sample"),
    QStringLiteral("explore.profile"),  QStringLiteral("model.train"),
    QStringLiteral("prep.filter_rows"), QStringLiteral("prep.select_columns")};

QModelIndex indexOf(const NodePalette &palette, const QString &text)
{
    const auto *model = palette.tree()->model();
    const QModelIndexList found = model->match(model->index(0, 0), Qt::DisplayRole, text, 1,
                                               Qt::MatchExactly | Qt::MatchRecursive);
    return found.isEmpty() ? QModelIndex() : found.front();
}

QLabel *noMatchHint(const NodePalette &palette)
{
    return palette.findChild<QLabel *>(QStringLiteral("paletteNoMatch"));
}

void search(NodePalette &palette, const QString &text)
{
    palette.searchBox()->clear();
    QTest::keyClicks(palette.searchBox(), text);
}

} // namespace

class TestPalette : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsCategoriesWithIconsBoldAndExpanded()
    {
        NodePalette palette(paletteRegistry());
        const auto *model = palette.tree()->model();
        QStringList categories;
        for (int r = 0; r < model->rowCount(); ++r) {
            const QModelIndex c = model->index(r, 0);
            categories << c.data().toString();
            QVERIFY(!c.data(Qt::DecorationRole).value<QIcon>().isNull());
            QVERIFY(c.data(Qt::FontRole).value<QFont>().bold());
            QVERIFY(palette.tree()->isExpanded(c));
        }
        QCOMPARE(categories, (QStringList{QStringLiteral("Data"), QStringLiteral("Explore"),
                                          QStringLiteral("Model"), QStringLiteral("Prepare")}));
    }

    void listsTypesInRegistryOrderWithIconsAndHelp()
    {
        NodePalette palette(paletteRegistry());
        QCOMPARE(palette.visibleTypes(), kAllTypes);
        const QModelIndex data = indexOf(palette, QStringLiteral("Data"));
        QCOMPARE(palette.tree()->model()->rowCount(data), 2);
        const QModelIndex csv = indexOf(palette, QStringLiteral("CSV Import"));
        QVERIFY(csv.isValid());
        QCOMPARE(csv.parent(), data);
        QVERIFY(!csv.data(Qt::DecorationRole).value<QIcon>().isNull());
        const QString tip = csv.data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(QStringLiteral("Reads a table from a CSV file.")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("data.csv_import")), qPrintable(tip));
        QVERIFY(tip.contains(QStringLiteral("gray")));
        // No help: the tooltip still names the id; no own icon: the category's.
        const QModelIndex train = indexOf(palette, QStringLiteral("Train Model"));
        QVERIFY(train.data(Qt::ToolTipRole).toString().contains(QStringLiteral("model.train")));
        QVERIFY(!train.data(Qt::DecorationRole).value<QIcon>().isNull());
    }

    void listsEveryBuiltinType()
    {
        const NodeRegistry &builtin = NodeRegistry::builtin();
        NodePalette palette(builtin);
        QStringList ids;
        for (const NodeType *t : builtin.types())
            ids << t->id;
        QVERIFY(!ids.isEmpty());
        QCOMPARE(palette.visibleTypes(), ids);
    }

    void searchBoxHasPlaceholderAndClearButton()
    {
        NodePalette palette(paletteRegistry());
        QCOMPARE(palette.searchBox()->objectName(), QStringLiteral("paletteSearch"));
        QCOMPARE(palette.searchBox()->placeholderText(), QStringLiteral("Search nodes (Ctrl+F)"));
        QVERIFY(palette.searchBox()->isClearButtonEnabled());
    }

    void searchesByNameIgnoringCase()
    {
        NodePalette palette(paletteRegistry());
        search(palette, QStringLiteral("sAMple"));
        QCOMPARE(palette.visibleTypes(), QStringList{QStringLiteral("data.sample")});
        search(palette, QStringLiteral("Rows"));
        QCOMPARE(palette.visibleTypes(),
                 (QStringList{QStringLiteral("data.sample"), QStringLiteral("prep.filter_rows")}));
    }

    void searchesByKeyword()
    {
        NodePalette palette(paletteRegistry());
        search(palette, QStringLiteral("subset"));
        QCOMPARE(palette.visibleTypes(), QStringList{QStringLiteral("data.sample")});
        search(palette, QStringLiteral("fit"));
        QCOMPARE(palette.visibleTypes(), QStringList{QStringLiteral("model.train")});
    }

    void searchesByIdAndCategory()
    {
        NodePalette palette(paletteRegistry());
        search(palette, QStringLiteral("prep.filter"));
        QCOMPARE(palette.visibleTypes(), QStringList{QStringLiteral("prep.filter_rows")});
        search(palette, QStringLiteral("explore"));
        QCOMPARE(palette.visibleTypes(), QStringList{QStringLiteral("explore.profile")});
    }

    void everyWordMustMatchAndEmptyCategoriesHide()
    {
        NodePalette palette(paletteRegistry());
        search(palette, QStringLiteral("rows  data"));
        QCOMPARE(palette.visibleTypes(), QStringList{QStringLiteral("data.sample")});
        const QTreeView *tree = palette.tree();
        QVERIFY(!tree->isRowHidden(indexOf(palette, QStringLiteral("Data")).row(), {}));
        for (const char *hidden : {"Explore", "Model", "Prepare"})
            QVERIFY2(tree->isRowHidden(indexOf(palette, QLatin1String(hidden)).row(), {}), hidden);
        // Words match separately, each in any field (here a keyword and the name).
        search(palette, QStringLiteral("keep columns"));
        QCOMPARE(palette.visibleTypes(), QStringList{QStringLiteral("prep.select_columns")});
        // One word that matches nothing hides everything.
        search(palette, QStringLiteral("csv zzz"));
        QVERIFY(palette.visibleTypes().isEmpty());
    }

    void showsHintWhenNothingMatches()
    {
        NodePalette palette(paletteRegistry());
        QLabel *hint = noMatchHint(palette);
        QVERIFY(hint);
        QCOMPARE(hint->text(), QStringLiteral("No node matches"));
        QVERIFY(!hint->isVisibleTo(&palette));
        search(palette, QStringLiteral("zzz"));
        QVERIFY(palette.visibleTypes().isEmpty());
        QVERIFY(hint->isVisibleTo(&palette));
        palette.searchBox()->clear();
        QVERIFY(!hint->isVisibleTo(&palette));
        QCOMPARE(palette.visibleTypes(), kAllTypes);
    }

    void escapeClearsTheSearch()
    {
        NodePalette palette(paletteRegistry());
        search(palette, QStringLiteral("profile"));
        QCOMPARE(palette.visibleTypes().size(), 1);
        QTest::keyClick(palette.searchBox(), Qt::Key_Escape);
        QVERIFY(palette.searchBox()->text().isEmpty());
        QCOMPARE(palette.visibleTypes(), kAllTypes);
    }

    void enterInSearchAddsTheFirstMatch()
    {
        NodePalette palette(paletteRegistry());
        QSignalSpy added(&palette, &NodePalette::addRequested);
        search(palette, QStringLiteral("rows"));
        QTest::keyClick(palette.searchBox(), Qt::Key_Return);
        QCOMPARE(added.count(), 1);
        QCOMPARE(added.at(0).at(0).toString(), QStringLiteral("data.sample"));
        // Nothing shown: nothing added.
        search(palette, QStringLiteral("zzz"));
        QTest::keyClick(palette.searchBox(), Qt::Key_Return);
        QCOMPARE(added.count(), 1);
    }

    void downMovesIntoTheTree()
    {
        NodePalette palette(paletteRegistry());
        palette.show();
        QVERIFY(QTest::qWaitForWindowActive(&palette));
        palette.focusSearch();
        QTRY_VERIFY(palette.searchBox()->hasFocus());
        QTest::keyClicks(palette.searchBox(), QStringLiteral("columns"));
        QTest::keyClick(palette.searchBox(), Qt::Key_Down);
        QTRY_VERIFY(palette.tree()->hasFocus());
        QCOMPARE(palette.tree()->currentIndex(),
                 indexOf(palette, QStringLiteral("Select Columns")));
        // Enter on the current type adds it.
        QSignalSpy added(&palette, &NodePalette::addRequested);
        QTest::keyClick(palette.tree(), Qt::Key_Return);
        QCOMPARE(added.count(), 1);
        QCOMPARE(added.at(0).at(0).toString(), QStringLiteral("prep.select_columns"));
    }

    void focusSearchSelectsItsText()
    {
        NodePalette palette(paletteRegistry());
        palette.show();
        QVERIFY(QTest::qWaitForWindowActive(&palette));
        palette.searchBox()->setText(QStringLiteral("filter"));
        palette.tree()->setFocus();
        QTRY_VERIFY(palette.tree()->hasFocus());
        palette.focusSearch();
        QTRY_VERIFY(palette.searchBox()->hasFocus());
        QCOMPARE(palette.searchBox()->selectedText(), QStringLiteral("filter"));
    }

    void doubleClickOnATypeRequestsIt()
    {
        NodePalette palette(paletteRegistry());
        palette.resize(300, 400);
        palette.show();
        QVERIFY(QTest::qWaitForWindowExposed(&palette));
        QSignalSpy added(&palette, &NodePalette::addRequested);
        QTreeView *tree = palette.tree();

        const QModelIndex profile = indexOf(palette, QStringLiteral("Profile"));
        const QPoint at = tree->visualRect(profile).center();
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, at);
        QTest::mouseDClick(tree->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(added.count(), 1);
        QCOMPARE(added.at(0).at(0).toString(), QStringLiteral("explore.profile"));

        // A category row adds nothing.
        const QPoint category =
            tree->visualRect(indexOf(palette, QStringLiteral("Model"))).center();
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, category);
        QTest::mouseDClick(tree->viewport(), Qt::LeftButton, {}, category);
        QCOMPARE(added.count(), 1);
    }

    void mimeDataCarriesTheTypeId()
    {
        NodePalette palette(paletteRegistry());
        const QString format = QLatin1String(NodePalette::kMimeType);
        QCOMPARE(format, QStringLiteral("application/x-flowline-node-type"));
        std::unique_ptr<QMimeData> mime(palette.mimeDataFor(QStringLiteral("prep.filter_rows")));
        QVERIFY(mime);
        QVERIFY(mime->hasFormat(format));
        QCOMPARE(mime->data(format), QByteArray("prep.filter_rows"));
        QVERIFY(!palette.mimeDataFor(QStringLiteral("no.such_type")));

        // What the view's drag asks the model for.
        auto *model = palette.tree()->model();
        QVERIFY(model->mimeTypes().contains(format));
        QCOMPARE(model->supportedDragActions(), Qt::DropActions(Qt::CopyAction));
        QVERIFY(palette.tree()->dragEnabled());
        const QModelIndex sample = indexOf(palette, QStringLiteral("Sample Rows"));
        QVERIFY(model->flags(sample).testFlag(Qt::ItemIsDragEnabled));
        std::unique_ptr<QMimeData> dragged(model->mimeData({sample}));
        QVERIFY(dragged);
        QCOMPARE(dragged->data(format), QByteArray("data.sample"));
    }

    void categoryRowsAreNotDraggable()
    {
        NodePalette palette(paletteRegistry());
        auto *model = palette.tree()->model();
        const QModelIndex data = indexOf(palette, QStringLiteral("Data"));
        QVERIFY(data.isValid());
        QVERIFY(!model->flags(data).testFlag(Qt::ItemIsDragEnabled));
        QVERIFY(!model->mimeData({data}));
        QVERIFY(!palette.mimeDataFor(QStringLiteral("Data")));
    }
};

QTEST_MAIN(TestPalette)
#include "tst_palette.moc"
