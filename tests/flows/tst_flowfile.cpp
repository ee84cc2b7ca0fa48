// FlowFile: .flow bytes are stable (golden files), round trip exactly, migrate from format 0,
// and every bad file is refused with an error that names what is wrong, leaving the document
// empty and the file untouched.

#include "FlowFile.h"
#include "FlowFileMigration.h"
#include "FlowsVersion.h"
#include "TestNodeTypes.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <array>

using namespace flowline::flows;
using flowline::tests::testRegistry;

namespace {

const QString kGoldenDir = QStringLiteral(FLOWLINE_TEST_DATA_DIR "/flows");

QByteArray readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

QString errorOf(const flowline::core::Result<FlowView> &r)
{
    return r.ok() ? QStringLiteral("(no error)") : r.error().toString();
}

#define VERIFY_OK(result)                                                                          \
    QVERIFY2((result).ok(), qPrintable((result).ok() ? QString() : (result).error().toString()))

// The flow of format1_full.flow: every node type, every kind of parameter, a path inside the
// flow's folder and one outside it, a multiple and an optional input, annotations, labels,
// notes with newlines and quotes, text that is not ASCII, a required parameter left unset.
void buildFull(FlowDocument &doc, const QString &flowDir)
{
    const auto add = [&](const char *type, QPointF at, const QVariantMap &params = {}) {
        auto id = doc.addNode(QLatin1String(type), at, params);
        QVERIFY2(id.ok(), qPrintable(id.ok() ? QString() : id.error().message));
    };
    add("test.source", {-120.5, 40},
        {{QStringLiteral("path"), flowDir + QStringLiteral("/data/iris.csv")},
         {QStringLiteral("rows"), 150},
         {QStringLiteral("seed"), 7},
         {QStringLiteral("header"), false}});
    add("test.source", {-120, 200},
        {{QStringLiteral("path"), QStringLiteral("/srv/shared/customers.csv")}});
    add("test.transform", {80, 40},
        {{QStringLiteral("fraction"), 0.25},
         {QStringLiteral("method"), QStringLiteral("median")},
         {QStringLiteral("column"), QStringLiteral("petal_length")},
         {QStringLiteral("columns"),
          QStringList{QStringLiteral("sepal_length"), QStringLiteral("sepal width")}},
         {QStringLiteral("name"), QStringLiteral("train rows")}});
    add("test.merge", {240, 120});
    add("test.train", {400, 40});
    add("test.evaluate", {560, 120});
    add("test.needs_file", {0, 400});
    doc.setLabel(QStringLiteral("source1"), QStringLiteral("Iris"));
    doc.setNotes(QStringLiteral("source1"),
                 QStringLiteral("Downloaded from UCI.\nSecond line with \"quotes\"."));
    doc.setLabel(QStringLiteral("transform1"), QStringLiteral("Sample 25 %"));
    doc.setLabel(QStringLiteral("merge1"), QStringLiteral("Zusammenführen"));
    doc.setLabel(QStringLiteral("train1"), QStringLiteral("日本語のラベル"));
    for (const auto &[from, fromPort, to, toPort] :
         {std::array{"source1", "table", "transform1", "table"},
          std::array{"transform1", "table", "merge1", "tables"},
          std::array{"source2", "table", "merge1", "tables"},
          std::array{"source1", "table", "merge1", "extra"},
          std::array{"merge1", "table", "train1", "table"},
          std::array{"train1", "model", "evaluate1", "model"},
          std::array{"source2", "table", "evaluate1", "table"}}) {
        auto linked = doc.connect(Link{QLatin1String(from), QLatin1String(fromPort),
                                       QLatin1String(to), QLatin1String(toPort)});
        QVERIFY2(linked.ok(), qPrintable(linked.ok() ? QString() : linked.error().message));
    }
    doc.addAnnotation(QStringLiteral("Iris pipeline"), {-120, -80}, {300, 60});
    doc.addAnnotation(QStringLiteral("Check the split\n— before training"), {400, -80});
}

const FlowView kFullView{{220.5, 100}, 1.25};

QByteArray withNodes(const QByteArray &nodes, const QByteArray &rest = {})
{
    return "{\"format\": 1, \"nodes\": [" + nodes + "]" + rest + "}";
}

const QByteArray kSomeNodes = R"({"id": "a", "type": "test.source"}, )"
                              R"({"id": "b", "type": "test.transform"}, )"
                              R"({"id": "c", "type": "test.train"}, )"
                              R"({"id": "d", "type": "test.transform"})";

} // namespace

class TestFlowFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void formatVersionIsTheNewest() { QCOMPARE(flowFormatVersion(), FlowFile::kFormat); }

    void writesTheGoldenFile()
    {
        FlowDocument doc(testRegistry());
        buildFull(doc, kGoldenDir);
        const QByteArray golden = readAll(kGoldenDir + QStringLiteral("/format1_full.flow"));
        QVERIFY(!golden.isEmpty());
        QCOMPARE(FlowFile::toJson(doc, kGoldenDir, kFullView), golden);
    }

    void loadsTheGoldenFile()
    {
        const QString path = kGoldenDir + QStringLiteral("/format1_full.flow");
        FlowDocument doc(testRegistry());
        const auto view = FlowFile::load(path, doc);
        VERIFY_OK(view);
        QCOMPARE(*view, kFullView);
        QCOMPARE(doc.nodes().size(), std::size_t(7));
        QCOMPARE(doc.links().size(), std::size_t(7));
        QCOMPARE(doc.annotations().size(), std::size_t(2));
        const Node *source = doc.node(QStringLiteral("source1"));
        QVERIFY(source);
        QCOMPARE(source->params.value(QStringLiteral("path")).toString(),
                 kGoldenDir + QStringLiteral("/data/iris.csv"));
        QCOMPARE(source->params.value(QStringLiteral("rows")).toLongLong(), 150);
        QCOMPARE(source->params.value(QStringLiteral("header")).toBool(), false);
        QCOMPARE(source->position, QPointF(-120.5, 40));
        QCOMPARE(source->notes,
                 QStringLiteral("Downloaded from UCI.\nSecond line with \"quotes\"."));
        QCOMPARE(
            doc.node(QStringLiteral("source2"))->params.value(QStringLiteral("path")).toString(),
            QStringLiteral("/srv/shared/customers.csv"));
        QCOMPARE(doc.node(QStringLiteral("train1"))->label, QStringLiteral("日本語のラベル"));
        QCOMPARE(
            doc.node(QStringLiteral("transform1"))->params.value(QStringLiteral("columns")),
            QVariant(QStringList{QStringLiteral("sepal_length"), QStringLiteral("sepal width")}));
        QCOMPARE(doc.annotations()[1].text, QStringLiteral("Check the split\n— before training"));
        QCOMPARE(doc.annotations()[0].size, QSizeF(300, 60));
        // And it writes back byte for byte.
        QCOMPARE(FlowFile::toJson(doc, kGoldenDir, *view), readAll(path));
    }

    void format0LoadsAsItsFormat1Counterpart()
    {
        FlowDocument doc(testRegistry());
        const auto view = FlowFile::load(kGoldenDir + QStringLiteral("/format0_basic.flow"), doc);
        VERIFY_OK(view);
        // test.old_transform became test.transform; x / y, kind and "node.port" links converted.
        QCOMPARE(doc.node(QStringLiteral("clean1"))->type, QStringLiteral("test.transform"));
        QCOMPARE(doc.node(QStringLiteral("clean1"))->position, QPointF(200, 0));
        QCOMPARE(FlowFile::toJson(doc, kGoldenDir, *view),
                 readAll(kGoldenDir + QStringLiteral("/format1_basic.flow")));

        FlowDocument again(testRegistry());
        const auto view1 =
            FlowFile::load(kGoldenDir + QStringLiteral("/format1_basic.flow"), again);
        VERIFY_OK(view1);
        QCOMPARE(FlowFile::toJson(again, kGoldenDir, *view1),
                 FlowFile::toJson(doc, kGoldenDir, *view));
    }

    void migrate0to1ConvertsEachField()
    {
        const QJsonObject old =
            QJsonDocument::fromJson(
                R"({ )"
                R"("version": 0, )"
                R"("nodes": [{"id": "a", "kind": "test.source", "x": 5, "y": -2.5}, 7], )"
                R"("links": [{"from": "a.table", "to": "b.in.put"}] )"
                R"(})")
                .object();
        const auto migrated = migrate0to1(old);
        QVERIFY(migrated.ok());
        const QJsonObject expected =
            QJsonDocument::fromJson(
                R"({ )"
                R"("format": 1, )"
                R"("nodes": [{"id": "a", "type": "test.source", "position": [5, -2.5]}, 7], )"
                R"("links": [{"fromNode": "a", "fromPort": "table", "toNode": "b", "toPort": "in.put"}] )"
                R"(})")
                .object();
        QCOMPARE(*migrated, expected);
        // A flow already at the newest format passes unchanged.
        QCOMPARE(*migrateFlow(expected, FlowFile::kFormat), expected);
    }

    void roundTripsByteForByte()
    {
        QTemporaryDir dir;
        FlowDocument doc(testRegistry());
        buildFull(doc, dir.path());
        const FlowView view{{-3.25, 1e6}, 0.1};
        const QByteArray bytes = FlowFile::toJson(doc, dir.path(), view);

        FlowDocument loaded(testRegistry());
        QSignalSpy nodesAdded(&loaded, &FlowDocument::nodeAdded);
        QSignalSpy linksAdded(&loaded, &FlowDocument::linkAdded);
        const auto back = FlowFile::fromJson(bytes, loaded, dir.path());
        VERIFY_OK(back);
        QCOMPARE(*back, view);
        QCOMPARE(nodesAdded.size(), 7);
        QCOMPARE(linksAdded.size(), 7);
        QCOMPARE(FlowFile::toJson(loaded, dir.path(), *back), bytes);
        for (const Node &n : doc.nodes()) {
            const Node *m = loaded.node(n.id);
            QVERIFY(m);
            QCOMPARE(m->type, n.type);
            QCOMPARE(m->label, n.label);
            QCOMPARE(m->notes, n.notes);
            QCOMPARE(m->position, n.position);
            QCOMPARE(m->params.keys(), n.params.keys());
            for (const auto &key : n.params.keys())
                QCOMPARE(m->params.value(key), n.params.value(key));
        }
    }

    void savesAndLoadsThroughAFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("my flow.flow"));
        FlowDocument doc(testRegistry());
        buildFull(doc, dir.path());
        const auto saved = FlowFile::save(path, doc, kFullView);
        QVERIFY(saved.ok());
        const QByteArray bytes = readAll(path);
        QVERIFY(bytes.endsWith("}\n"));
        QVERIFY(bytes.contains("\"path\": \"data/iris.csv\""));

        FlowDocument loaded(testRegistry());
        const auto view = FlowFile::load(path, loaded);
        VERIFY_OK(view);
        QCOMPARE(*view, kFullView);
        QCOMPARE(FlowFile::toJson(loaded, dir.path(), *view), bytes);
        QCOMPARE(readAll(path), bytes); // load never writes
    }

    void pathsInsideTheFolderAreRelative()
    {
        QTemporaryDir root;
        const QString flowDir = root.filePath(QStringLiteral("flow"));
        QVERIFY(QDir().mkpath(flowDir));
        FlowDocument doc(testRegistry());
        const auto add = [&](const QString &path) {
            return *doc.addNode(QStringLiteral("test.source"), {},
                                {{QStringLiteral("path"), path}});
        };
        add(flowDir + QStringLiteral("/sub/dir/data.csv"));  // inside: relative
        add(flowDir + QStringLiteral("/./sub/../top.csv"));  // inside, not clean
        add(root.filePath(QStringLiteral("flowers/a.csv"))); // a sibling with the
        add(root.filePath(QStringLiteral("elsewhere.csv"))); // same prefix: absolute
        add(QStringLiteral("already/relative.csv"));         // kept as given
        add(QString());                                      // empty stays empty
        const QByteArray bytes = FlowFile::toJson(doc, flowDir);
        const QJsonArray nodes = QJsonDocument::fromJson(bytes).object().value("nodes").toArray();
        QStringList stored;
        for (const auto &n : nodes)
            stored << n.toObject().value("params").toObject().value("path").toString();
        QCOMPARE(stored, (QStringList{QStringLiteral("sub/dir/data.csv"), QStringLiteral("top.csv"),
                                      root.filePath(QStringLiteral("flowers/a.csv")),
                                      root.filePath(QStringLiteral("elsewhere.csv")),
                                      QStringLiteral("already/relative.csv"), QString()}));

        // Moving the folder: the relative paths follow it, the absolute ones stay.
        const QString moved = root.filePath(QStringLiteral("moved"));
        FlowDocument loaded(testRegistry());
        VERIFY_OK(FlowFile::fromJson(bytes, loaded, moved));
        const auto path = [&](const char *id) {
            return loaded.node(QLatin1String(id))->params.value(QStringLiteral("path")).toString();
        };
        QCOMPARE(path("source1"), moved + QStringLiteral("/sub/dir/data.csv"));
        QCOMPARE(path("source2"), moved + QStringLiteral("/top.csv"));
        QCOMPARE(path("source3"), root.filePath(QStringLiteral("flowers/a.csv")));
        QCOMPARE(path("source5"), moved + QStringLiteral("/already/relative.csv"));
        QCOMPARE(path("source6"), QString());

        // Without a folder, paths are written and read as they are.
        FlowDocument noDir(testRegistry());
        VERIFY_OK(FlowFile::fromJson(FlowFile::toJson(doc), noDir));
        QCOMPARE(noDir.node(QStringLiteral("source1"))->params.value(QStringLiteral("path")),
                 QVariant(flowDir + QStringLiteral("/sub/dir/data.csv")));
    }

    void renamedTypesLoadUnderTheirNewId()
    {
        FlowDocument doc(testRegistry());
        VERIFY_OK(FlowFile::fromJson(
            withNodes(R"({"id": "t", "type": "test.old_transform", "params": {"fraction": 0.1}})"),
            doc));
        QCOMPARE(doc.node(QStringLiteral("t"))->type, QStringLiteral("test.transform"));
        QVERIFY(FlowFile::toJson(doc).contains("\"type\": \"test.transform\""));
        QVERIFY(!FlowFile::toJson(doc).contains("old_transform"));
    }

    void missingOptionalFieldsTakeDefaults()
    {
        FlowDocument doc(testRegistry());
        const auto view = FlowFile::fromJson(
            R"({"format": 1, "nodes": [{"id": "s", "type": "test.source", "params": {"rows": 5}}]})",
            doc);
        VERIFY_OK(view);
        QCOMPARE(*view, FlowView{});
        const Node *s = doc.node(QStringLiteral("s"));
        QCOMPARE(s->position, QPointF());
        QCOMPARE(s->label, QString());
        QCOMPARE(s->params.value(QStringLiteral("rows")).toLongLong(), 5);
        QCOMPARE(s->params.value(QStringLiteral("seed")).toLongLong(), 42);
        QCOMPARE(s->params.value(QStringLiteral("header")).toBool(), true);
        QVERIFY(doc.links().empty());
        QVERIFY(doc.annotations().empty());
    }

    void requiredParametersMayStayUnset()
    {
        // Saved while still unset: reads back unset (the node reports it before running).
        FlowDocument doc(testRegistry());
        VERIFY_OK(FlowFile::fromJson(
            withNodes(R"({"id": "n", "type": "test.needs_file", "params": {"file": ""}})"), doc));
        QCOMPARE(doc.node(QStringLiteral("n"))->params.value(QStringLiteral("file")).toString(),
                 QString());
        FlowDocument set(testRegistry());
        VERIFY_OK(FlowFile::fromJson(
            withNodes(R"({"id": "n", "type": "test.needs_file", "params": {"file": "x.csv"}})"),
            set, QStringLiteral("/data")));
        QCOMPARE(set.node(QStringLiteral("n"))->params.value(QStringLiteral("file")).toString(),
                 QStringLiteral("/data/x.csv"));
    }

    void badFiles_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("error");
        const auto row = [](const char *name, const QByteArray &bytes, const char *error) {
            QTest::newRow(name) << bytes
                                << QStringLiteral("flow.flow: ") + QString::fromUtf8(error);
        };
        const auto rowAt = [](const char *name, const QByteArray &bytes, const char *error) {
            QTest::newRow(name) << bytes << QStringLiteral("flow.flow:") + QString::fromUtf8(error);
        };

        // The file as a whole.
        row("empty", "", "the file is empty");
        row("blank", " \n\t\n", "the file is empty");
        rowAt("syntax", "{\n  \"format\": 1,\n  \"nodes\": [}\n",
              "3:13: not valid JSON: object is missing after a comma");
        rowAt("missing comma", "{\n  \"format\": 1\n  \"nodes\": []\n}",
              "3:3: not valid JSON: unterminated object");
        rowAt("trailing garbage", "{\"nodes\": []} x",
              "1:14: not valid JSON: garbage at the end of "
              "the document");
        rowAt("not utf-8", "{\"nodes\": [{\"id\": \"\xff\"}]}",
              "1:19: not valid JSON: invalid UTF8 string");
        rowAt("number too large", R"({"nodes": [], "view": {"zoom": 1e999}})",
              "1:36: not valid JSON: illegal number");
        rowAt("deep nesting", QByteArray(100'000, '['),
              "1:1025: not valid JSON: too deeply nested document");
        row("array", "[]", "not a flow: expected a JSON object at the top, got an array");
        rowAt("number", "42", "1:1: not valid JSON: illegal value");

        // format
        row("newer format", R"({"format": 2, "nodes": []})",
            "this flow was saved by a newer Flowline (format 2); this version reads up to format "
            "1");
        row("much newer format", R"({"format": 1e300, "nodes": []})",
            "this flow was saved by a newer Flowline (format 1e+300); this version reads up to "
            "format 1");
        row("format string", R"({"format": "1", "nodes": []})",
            "the flow: 'format' must be a whole number, got the string \"1\"");
        row("format fraction", R"({"format": 0.5, "nodes": []})",
            "the flow: 'format' must be a whole number, got the number 0.5");
        row("format null", R"({"format": null, "nodes": []})",
            "the flow: 'format' must be a whole number, got null");
        row("format negative", R"({"format": -1, "nodes": []})",
            "'format' -1 is not a known format");

        // Top-level fields.
        row("no nodes", R"({"format": 1})", "the flow: 'nodes' is missing");
        row("nodes object", R"({"format": 1, "nodes": {}})",
            "the flow: 'nodes' must be an array, got an object");
        row("links object", R"({"format": 1, "nodes": [], "links": {}})",
            "the flow: 'links' must be an array, got an object");
        row("annotations string", R"({"format": 1, "nodes": [], "annotations": "x"})",
            "the flow: 'annotations' must be an array, got the string \"x\"");
        row("view array", R"({"format": 1, "nodes": [], "view": []})",
            "the flow: 'view' must be an object, got an array");
        row("unknown top field", R"({"format": 1, "nodes": [], "nodez": []})",
            "the flow: unknown field 'nodez'");

        // Nodes.
        row("node not object", withNodes("3"), "nodes[0]: expected an object, got the number 3");
        row("node id missing", withNodes(R"({"type": "test.source"})"),
            "nodes[0]: 'id' is missing");
        row("node id number", withNodes(R"({"id": 1, "type": "test.source"})"),
            "nodes[0]: 'id' must be a non-empty string, got the number 1");
        row("node id empty", withNodes(R"({"id": "", "type": "test.source"})"),
            "nodes[0]: 'id' must be a non-empty string, got the string \"\"");
        row("node id invalid", withNodes(R"({"id": "a.b", "type": "test.source"})"),
            "nodes[0]: 'a.b' is not a valid node id (letters, digits, _ and -, not starting with a "
            "digit)");
        row("node id twice",
            withNodes(R"({"id": "a", "type": "test.source"}, )"
                      R"({"id": "a", "type": "test.train"})"),
            "nodes[1]: a node called 'a' exists already");
        row("type missing", withNodes(R"({"id": "a"})"), "node 'a': 'type' is missing");
        row("type number", withNodes(R"({"id": "a", "type": 5})"),
            "node 'a': 'type' must be a string, got the number 5");
        row("unknown type", withNodes(R"({"id": "import1", "type": "data.nope"})"),
            "node 'import1': unknown node type 'data.nope'");
        row("unknown node field", withNodes(R"({"id": "a", "type": "test.source", "lable": ""})"),
            "node 'a': unknown field 'lable'");
        row("position one number",
            withNodes(R"({"id": "a", "type": "test.source", "position": [1]})"),
            "node 'a': 'position' must be [x, y] (two numbers), got an array");
        row("position strings",
            withNodes(R"({"id": "a", "type": "test.source", "position": ["1", "2"]})"),
            "node 'a': 'position' must be [x, y] (two numbers), got an array");
        row("position object",
            withNodes(R"({"id": "a", "type": "test.source", "position": {"x": 1, "y": 2}})"),
            "node 'a': 'position' must be [x, y] (two numbers), got an object");
        row("label number", withNodes(R"({"id": "a", "type": "test.source", "label": 1})"),
            "node 'a': 'label' must be a string, got the number 1");
        row("notes null", withNodes(R"({"id": "a", "type": "test.source", "notes": null})"),
            "node 'a': 'notes' must be a string, got null");

        // Parameters.
        // (No raw string ending in a quote, like R"(")": moc 6.4 then misses the test class.)
        const auto param = [](const char *type, const char *params) {
            return withNodes(QByteArray("{\"id\": \"n1\", \"type\": \"") + type +
                             "\", \"params\": " + params + "}");
        };
        row("params array", param("test.source", "[]"),
            "node 'n1': 'params' must be an object, got an array");
        row("unknown parameter", param("test.source", R"({"rowz": 1})"),
            "node 'n1': test.source has no parameter 'rowz'");
        row("int as string", param("test.source", R"({"rows": "10"})"),
            "node 'n1': parameter 'rows': expected a whole number, got the string \"10\"");
        row("int fraction", param("test.source", R"({"rows": 2.5})"),
            "node 'n1': parameter 'rows': expected a whole number, got the number 2.5");
        row("int huge", param("test.source", R"({"rows": 1e300})"),
            "node 'n1': parameter 'rows': expected a whole number, got the number 1e+300");
        row("int below", param("test.source", R"({"rows": 0})"),
            "node 'n1': parameter 'rows': 0 is below the minimum 1");
        row("int above", param("test.source", R"({"rows": 1000001})"),
            "node 'n1': parameter 'rows': 1000001 is above the maximum 1000000");
        row("seed negative", param("test.source", R"({"seed": -1})"),
            "node 'n1': parameter 'seed': a seed must be 0 or more, got -1");
        row("bool as number", param("test.source", R"({"header": 1})"),
            "node 'n1': parameter 'header': expected true or false, got the number 1");
        row("file as number", param("test.source", R"({"path": 3})"),
            "node 'n1': parameter 'path': expected a string, got the number 3");
        row("double as bool", param("test.transform", R"({"fraction": true})"),
            "node 'n1': parameter 'fraction': expected a number, got true");
        row("double above", param("test.transform", R"({"fraction": 1.5})"),
            "node 'n1': parameter 'fraction': 1.5 is above the maximum 1");
        row("choice unknown", param("test.transform", R"({"method": "max"})"),
            "node 'n1': parameter 'method': 'max' is not one of: mean, median, mode");
        row("choice number", param("test.transform", R"({"method": 1})"),
            "node 'n1': parameter 'method': expected a string, got the number 1");
        row("column list of numbers", param("test.transform", R"({"columns": ["a", 1]})"),
            "node 'n1': parameter 'columns': expected an array of strings, got an array");
        row("column list string", param("test.transform", R"({"columns": "a,b"})"),
            "node 'n1': parameter 'columns': expected an array of strings, got the string \"a,b\"");
        row("string null", param("test.transform", R"({"name": null})"),
            "node 'n1': parameter 'name': expected a string, got null");
        row("required empty but not default", param("test.needs_file", R"({"file": null})"),
            "node 'n1': parameter 'file': expected a string, got null");

        // Links.
        const auto links = [](const QByteArray &links) {
            return withNodes(kSomeNodes, ", \"links\": [" + links + "]");
        };
        const auto link = [](const char *from, const char *fromPort, const char *to,
                             const char *toPort) {
            return QByteArray("{\"fromNode\": \"") + from + "\", \"fromPort\": \"" + fromPort +
                   "\", \"toNode\": \"" + to + "\", \"toPort\": \"" + toPort + "\"}";
        };
        row("link not object", links("\"a.table\""),
            "links[0]: expected an object, got the string \"a.table\"");
        row("link field missing", links(R"({"fromNode": "a", "fromPort": "table", "toNode": "b"})"),
            "links[0]: 'toPort' is missing");
        row("link field number",
            links(R"({"fromNode": "a", "fromPort": 0, "toNode": "b", )"
                  R"("toPort": "table"})"),
            "links[0]: 'fromPort' must be a string, got the number 0");
        row("link unknown field",
            links(R"({"fromNode": "a", "fromPort": "table", "toNode": "b", "toPort": "table", )"
                  R"("kind": "x"})"),
            "links[0]: unknown field 'kind'");
        row("link unknown source", links(link("import1", "table", "b", "table")),
            "link 'import1.table -> b.table': no node 'import1'");
        row("link unknown target", links(link("a", "table", "profile1", "table")),
            "link 'a.table -> profile1.table': no node 'profile1'");
        row("link unknown output", links(link("a", "tables", "b", "table")),
            "link 'a.tables -> b.table': a has no output 'tables'");
        row("link unknown input", links(link("a", "table", "b", "input")),
            "link 'a.table -> b.input': b has no input 'input'");
        row("link incompatible", links(link("c", "model", "b", "table")),
            "link 'c.model -> b.table': an output of type Model cannot feed an input of type "
            "Table");
        row("link to itself", links(link("b", "table", "b", "table")),
            "link 'b.table -> b.table': the link would make a cycle");
        row("link cycle",
            links(link("a", "table", "b", "table") + "," + link("b", "table", "d", "table") + "," +
                  link("d", "table", "b", "table")),
            "link 'd.table -> b.table': the link would make a cycle");
        row("link occupied",
            links(link("a", "table", "b", "table") + "," + link("b", "table", "c", "table") + "," +
                  link("a", "table", "c", "table")),
            "link 'b.table -> c.table': input 'table' of c takes one link and has one from a");
        row("link twice",
            links(link("a", "table", "b", "table") + "," + link("a", "table", "b", "table")),
            "link 'a.table -> b.table': these ports are linked already");

        // Annotations.
        const auto annotations = [](const QByteArray &a) {
            return withNodes({}, ", \"annotations\": [" + a + "]");
        };
        row("annotation not object", annotations("null"),
            "annotations[0]: expected an object, got null");
        row("annotation id missing", annotations(R"({"text": "x"})"),
            "annotations[0]: 'id' is missing");
        row("annotation id twice", annotations(R"({"id": "n"}, {"id": "n"})"),
            "annotations[1]: an annotation called 'n' exists already");
        row("annotation text number", annotations(R"({"id": "n", "text": 1})"),
            "annotation 'n': 'text' must be a string, got the number 1");
        row("annotation size negative", annotations(R"({"id": "n", "size": [-1, 5]})"),
            "annotation 'n': 'size' must be [width, height] (two numbers, 0 or more), got an "
            "array");
        row("annotation position", annotations(R"({"id": "n", "position": [1, 2, 3]})"),
            "annotation 'n': 'position' must be [x, y] (two numbers), got an array");
        row("annotation unknown field", annotations(R"({"id": "n", "colour": "red"})"),
            "annotation 'n': unknown field 'colour'");

        // View.
        row("view zoom zero", withNodes({}, R"(, "view": {"zoom": 0})"),
            "view: 'zoom' must be a number above 0, got the number 0");
        row("view zoom string", withNodes({}, R"(, "view": {"zoom": "2"})"),
            "view: 'zoom' must be a number above 0, got the string \"2\"");
        row("view center", withNodes({}, R"(, "view": {"center": 5})"),
            "view: 'center' must be [x, y] (two numbers), got the number 5");
        row("view unknown field", withNodes({}, R"(, "view": {"scale": 2})"),
            "view: unknown field 'scale'");

        // Format 0, checked while it is migrated.
        row("format 0 bad version", R"({"version": 3, "nodes": []})",
            "'version' must be 0 in a flow without 'format'");
        row("format 0 kind and type",
            R"({"nodes": [{"id": "a", "kind": "test.source", "type": "test.source"}]})",
            "node 'a': has both 'kind' and 'type'");
        row("format 0 x string", R"({"nodes": [{"id": "a", "kind": "test.source", "x": "1"}]})",
            "node 'a': 'x' must be a number");
        row("format 0 x and position",
            R"({"nodes": [{"id": "a", "kind": "test.source", "x": 1, "position": [1, 2]}]})",
            "node 'a': has both 'x' / 'y' and 'position'");
        row("format 0 link without port",
            R"({"nodes": [], "links": [{"from": "a", "to": "b.table"}]})",
            "links[0]: 'from' must be \"node.port\"");
        row("format 0 link number", R"({"nodes": [], "links": [{"from": "a.table", "to": 1}]})",
            "links[0]: 'to' must be \"node.port\"");
        row("format 0 unknown type", R"({"nodes": [{"id": "a", "kind": "test.gone"}]})",
            "node 'a': unknown node type 'test.gone'");
        row("format 0 bad link",
            R"({"nodes": [{"id": "a", "kind": "test.source"}, {"id": "b", "kind": "test.train"}], )"
            R"("links": [{"from": "a.table", "to": "b.model"}]})",
            "link 'a.table -> b.model': b has no input 'model'");
    }

    void badFiles()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, error);
        FlowDocument doc(testRegistry());
        QSignalSpy added(&doc, &FlowDocument::nodeAdded);
        QSignalSpy linked(&doc, &FlowDocument::linkAdded);
        QSignalSpy annotated(&doc, &FlowDocument::annotationAdded);
        const auto result = FlowFile::fromJson(bytes, doc, {}, QStringLiteral("flow.flow"));
        QCOMPARE(errorOf(result), error);
        QVERIFY(doc.nodes().empty());
        QVERIFY(doc.links().empty());
        QVERIFY(doc.annotations().empty());
        QCOMPARE(added.size() + linked.size() + annotated.size(), 0);
    }

    void linksInAnyOrderLoad()
    {
        // A chain listed backwards loads; the order in the file does not matter.
        QByteArray nodes;
        QByteArray links;
        for (int i = 0; i < 50; ++i) {
            nodes += QByteArray(i ? "," : "") + "{\"id\": \"t" + QByteArray::number(i) +
                     "\", \"type\": \"test.transform\"}";
            if (i > 0)
                links.prepend("{\"fromNode\": \"t" + QByteArray::number(i - 1) +
                              "\", \"fromPort\": \"table\", \"toNode\": \"t" +
                              QByteArray::number(i) + "\", \"toPort\": \"table\"}" +
                              QByteArray(i > 1 ? "," : ""));
        }
        FlowDocument doc(testRegistry());
        VERIFY_OK(FlowFile::fromJson(withNodes(nodes, ", \"links\": [" + links + "]"), doc));
        QCOMPARE(doc.links().size(), std::size_t(49));
        QCOMPARE(doc.topologicalOrder().first(), QStringLiteral("t0"));
        QCOMPARE(doc.topologicalOrder().last(), QStringLiteral("t49"));
    }

    void cycleIsNamed()
    {
        const QByteArray bytes = withNodes(
            R"({"id": "a", "type": "test.transform"}, {"id": "b", "type": "test.transform"}, )"
            R"({"id": "c", "type": "test.transform"})",
            R"(, "links": [ )"
            R"({"fromNode": "a", "fromPort": "table", "toNode": "b", "toPort": "table"}, )"
            R"({"fromNode": "b", "fromPort": "table", "toNode": "c", "toPort": "table"}, )"
            R"({"fromNode": "c", "fromPort": "table", "toNode": "a", "toPort": "table"}])");
        FlowDocument doc(testRegistry());
        const auto r = FlowFile::fromJson(bytes, doc);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.endsWith(QStringLiteral("': the link would make a cycle")),
                 qPrintable(r.error().message));
        QVERIFY(r.error().message.startsWith(QStringLiteral("link '")));
        QVERIFY(doc.nodes().empty());
    }

    void refusesBeyondTheLimits()
    {
        FlowDocument doc(testRegistry());
        // A million nodes: refused by count, before any is read.
        QByteArray many = "{\"format\": 1, \"nodes\": [";
        for (int i = 0; i < 1'000'000; ++i)
            many += i ? ",{}" : "{}";
        many += "]}";
        QCOMPARE(errorOf(FlowFile::fromJson(many, doc)),
                 QStringLiteral("the flow has 1000000 nodes; a flow may have at most 5000"));

        QByteArray links = "{\"nodes\": [], \"format\": 1, \"links\": [";
        for (int i = 0; i <= FlowFile::kMaxLinks; ++i)
            links += i ? ",{}" : "{}";
        links += "]}";
        QCOMPARE(errorOf(FlowFile::fromJson(links, doc)),
                 QStringLiteral("the flow has 10001 links; a flow may have at most 10000"));

        QByteArray notes = "{\"nodes\": [], \"format\": 1, \"annotations\": [";
        for (int i = 0; i <= FlowFile::kMaxAnnotations; ++i)
            notes += i ? ",{}" : "{}";
        notes += "]}";
        QCOMPARE(errorOf(FlowFile::fromJson(notes, doc)),
                 QStringLiteral("the flow has 5001 annotations; a flow may have at most 5000"));

        QByteArray huge(FlowFile::kMaxFileBytes + 1, ' ');
        QCOMPARE(errorOf(FlowFile::fromJson(huge, doc)),
                 QStringLiteral("the file is 65 MiB; a flow file may be at most 64 MiB"));
        huge.clear();
        huge.squeeze();

        // A 200 MiB file (sparse) is refused by its size, without reading it.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("huge.flow"));
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QVERIFY(f.resize(200LL * 1024 * 1024));
        }
        QCOMPARE(errorOf(FlowFile::load(path, doc)),
                 path + QStringLiteral(": the file is 200 MiB; a flow file may be at most 64 MiB"));
        QVERIFY(doc.nodes().empty());
    }

    void loadsAFlowAtTheLimits()
    {
        // The largest flow allowed, in the worst order for cycle checks: a chain of transforms
        // listed backwards, each also feeding one merge node (whose input then has ~5000 links).
        const int n = FlowFile::kMaxNodes - 2;
        const auto t = [](int i) { return "t" + QByteArray::number(i); };
        const auto link = [](const QByteArray &from, const QByteArray &to, const char *toPort) {
            return "{\"fromNode\": \"" + from + "\", \"fromPort\": \"table\", \"toNode\": \"" + to +
                   "\", \"toPort\": \"" + toPort + "\"},";
        };
        QByteArray nodes =
            R"({"id": "s", "type": "test.source"}, {"id": "m", "type": "test.merge"})";
        QByteArray links = link("s", t(0), "table");
        for (int i = 0; i < n; ++i) {
            nodes += ", {\"id\": \"" + t(i) + "\", \"type\": \"test.transform\"}";
            links += link(t(i), "m", "tables");
        }
        for (int i = n - 1; i > 0; --i)
            links += link(t(i - 1), t(i), "table");
        links.chop(1);
        FlowDocument doc(testRegistry());
        VERIFY_OK(FlowFile::fromJson(withNodes(nodes, ", \"links\": [" + links + "]"), doc));
        QCOMPARE(doc.nodes().size(), std::size_t(FlowFile::kMaxNodes));
        QCOMPARE(doc.links().size(), std::size_t(2 * n));
        QVERIFY(doc.links().size() <= std::size_t(FlowFile::kMaxLinks));
        const QByteArray bytes = FlowFile::toJson(doc);
        FlowDocument again(testRegistry());
        VERIFY_OK(FlowFile::fromJson(bytes, again));
        QCOMPARE(FlowFile::toJson(again), bytes);
    }

    void refusesToFillADocumentThatIsNotEmpty()
    {
        FlowDocument doc(testRegistry());
        QVERIFY(doc.addNode(QStringLiteral("test.source")).ok());
        QCOMPARE(errorOf(FlowFile::fromJson(withNodes({}), doc, {}, QStringLiteral("f.flow"))),
                 QStringLiteral("f.flow: cannot load a flow into a document that is not empty"));
        QCOMPARE(doc.nodes().size(), std::size_t(1));
    }

    void loadNeverChangesTheFile_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("good") << readAll(kGoldenDir + QStringLiteral("/format1_full.flow"));
        QTest::newRow("format 0") << readAll(kGoldenDir + QStringLiteral("/format0_basic.flow"));
        QTest::newRow("newer") << QByteArray(R"({"format": 9, "nodes": [], "future": {"x": 1}})");
        QTest::newRow("bad link") << withNodes(
            kSomeNodes, R"(, "links": [{"fromNode": "zz", )"
                        R"("fromPort": "table", "toNode": "b", "toPort": "table"}])");
        QTest::newRow("not json") << QByteArray("{\"nodes\": [");
    }

    void loadNeverChangesTheFile()
    {
        QFETCH(QByteArray, bytes);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("flow.flow"));
        QVERIFY(writeAll(path, bytes));
        const QDateTime old = QDateTime::currentDateTimeUtc().addSecs(-3600);
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.setFileTime(old, QFileDevice::FileModificationTime));
        }
        QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::ReadGroup));
        FlowDocument doc(testRegistry());
        FlowFile::load(path, doc);
        QCOMPARE(readAll(path), bytes);
        QCOMPARE(QFileInfo(path).lastModified().toUTC(), old.toUTC());
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden),
                 QStringList{QStringLiteral("flow.flow")});
    }

    void loadErrorsNameTheFile()
    {
        QTemporaryDir dir;
        FlowDocument doc(testRegistry());
        const QString missing = dir.filePath(QStringLiteral("missing.flow"));
        QCOMPARE(errorOf(FlowFile::load(missing, doc)),
                 missing + QStringLiteral(": cannot open the file: No such file or directory"));
        QCOMPARE(errorOf(FlowFile::load(dir.path(), doc)),
                 dir.path() + QStringLiteral(": this is a folder, not a flow file"));
        // A device could be endless: refused without reading.
        if (QFileInfo::exists(QStringLiteral("/dev/zero")))
            QCOMPARE(errorOf(FlowFile::load(QStringLiteral("/dev/zero"), doc)),
                     QStringLiteral("/dev/zero: this is not a regular file"));
        const QString bad = dir.filePath(QStringLiteral("bad.flow"));
        QVERIFY(
            writeAll(bad, "{\n  \"format\": 1,\n  \"nodes\": [\n    {\"id\": \"x\"}\n  ]\n}\n"));
        QCOMPARE(errorOf(FlowFile::load(bad, doc)),
                 bad + QStringLiteral(": node 'x': 'type' is missing"));
    }

    void saveFailsCleanly_data()
    {
        QTest::addColumn<QString>("relativePath");
        QTest::newRow("under a regular file") << QStringLiteral("file.txt/flow.flow");
        QTest::newRow("under a missing folder") << QStringLiteral("missing/flow.flow");
        QTest::newRow("onto a folder") << QStringLiteral("folder");
    }

    void saveFailsCleanly()
    {
        QFETCH(QString, relativePath);
        QTemporaryDir dir;
        QVERIFY(writeAll(dir.filePath(QStringLiteral("file.txt")), "keep me"));
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("folder")));
        FlowDocument doc(testRegistry());
        buildFull(doc, dir.path());
        const QString path = dir.filePath(relativePath);
        const auto saved = FlowFile::save(path, doc);
        QVERIFY(!saved.ok());
        QCOMPARE(saved.error().file, path);
        QVERIFY2(saved.error().message.startsWith(QStringLiteral("cannot write the file: ")),
                 qPrintable(saved.error().message));
        QCOMPARE(readAll(dir.filePath(QStringLiteral("file.txt"))), QByteArray("keep me"));
        QVERIFY(QFileInfo(dir.filePath(QStringLiteral("folder"))).isDir());
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
                 (QStringList{QStringLiteral("file.txt"), QStringLiteral("folder")}));
    }

    void saveReplacesAnExistingFileWhole()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("flow.flow"));
        QVERIFY(writeAll(path, QByteArray(100'000, 'x')));
        FlowDocument doc(testRegistry());
        QVERIFY(doc.addNode(QStringLiteral("test.train")).ok());
        QVERIFY(FlowFile::save(path, doc).ok());
        QCOMPARE(readAll(path), FlowFile::toJson(doc, dir.path()));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden),
                 QStringList{QStringLiteral("flow.flow")});
    }

    void nonFiniteViewAndPositionsStillLoad()
    {
        FlowDocument doc(testRegistry());
        QVERIFY(doc.addNode(QStringLiteral("test.train"), {qInf(), qQNaN()}).ok());
        const FlowView view{{qQNaN(), 1}, -2};
        FlowDocument back(testRegistry());
        const auto r = FlowFile::fromJson(FlowFile::toJson(doc, {}, view), back);
        VERIFY_OK(r);
        QCOMPARE(r->zoom, 1.0);
        QCOMPARE(back.node(QStringLiteral("train1"))->position, QPointF(0, 0));
    }
};

QTEST_GUILESS_MAIN(TestFlowFile)
#include "tst_flowfile.moc"
