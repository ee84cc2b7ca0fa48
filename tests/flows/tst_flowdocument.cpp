// FlowDocument: every edit is validated with a reason, signals mirror every change, ids are
// generated predictably, and the graph queries (order, upstream, downstream, problems) hold.

#include "FlowDocument.h"
#include "TestNodeTypes.h"

#include <QSignalSpy>
#include <QtTest>

using namespace flowline::flows;
using flowline::tests::testRegistry;

namespace {

Link makeLink(const char *from, const char *fromPort, const char *to, const char *toPort)
{
    return Link{QLatin1String(from), QLatin1String(fromPort), QLatin1String(to),
                QLatin1String(toPort)};
}

QString errorOf(const flowline::core::Result<QString> &r)
{
    return r.ok() ? QStringLiteral("(no error: %1)").arg(*r) : r.error().message;
}

QString errorOf(const flowline::core::Result<bool> &r)
{
    return r.ok() ? QStringLiteral("(no error)") : r.error().message;
}

QString str(const Link &l)
{
    return QStringLiteral("%1.%2->%3.%4").arg(l.fromNode, l.fromPort, l.toNode, l.toPort);
}

// Every signal of a document, in the order they come: "nodeAdded a", "linkRemoved a.t->b.t".
class Recorder
{
public:
    explicit Recorder(FlowDocument &doc)
    {
        const auto text = [this](const char *what) {
            return [this, what](const QString &id) { events << QLatin1String(what) + u' ' + id; };
        };
        QObject::connect(&doc, &FlowDocument::nodeAdded, &m_context, text("nodeAdded"));
        QObject::connect(&doc, &FlowDocument::nodeRemoved, &m_context, text("nodeRemoved"));
        QObject::connect(&doc, &FlowDocument::nodeMoved, &m_context, text("nodeMoved"));
        QObject::connect(&doc, &FlowDocument::labelChanged, &m_context, text("labelChanged"));
        QObject::connect(&doc, &FlowDocument::annotationAdded, &m_context, text("annotationAdded"));
        QObject::connect(&doc, &FlowDocument::annotationRemoved, &m_context,
                         text("annotationRemoved"));
        QObject::connect(&doc, &FlowDocument::annotationChanged, &m_context,
                         text("annotationChanged"));
        QObject::connect(&doc, &FlowDocument::paramsChanged, &m_context,
                         [this](const QString &id, const QString &key) {
                             events << QStringLiteral("paramsChanged %1 %2").arg(id, key);
                         });
        QObject::connect(&doc, &FlowDocument::linkAdded, &m_context, [this](const Link &l) {
            events << QStringLiteral("linkAdded ") + str(l);
        });
        QObject::connect(&doc, &FlowDocument::linkRemoved, &m_context, [this](const Link &l) {
            events << QStringLiteral("linkRemoved ") + str(l);
        });
    }
    QStringList take() { return std::exchange(events, {}); }

    QStringList events;

private:
    QObject m_context;
};

// source1 -> transform1 -> transform2 -> train1 -> evaluate1.model, source1 -> evaluate1.table
void buildChain(FlowDocument &doc)
{
    for (const char *type :
         {"test.source", "test.transform", "test.transform", "test.train", "test.evaluate"})
        QVERIFY(doc.addNode(QLatin1String(type)).ok());
    for (const Link &l : {makeLink("source1", "table", "transform1", "table"),
                          makeLink("transform1", "table", "transform2", "table"),
                          makeLink("transform2", "table", "train1", "table"),
                          makeLink("train1", "model", "evaluate1", "model"),
                          makeLink("source1", "table", "evaluate1", "table")})
        QVERIFY(doc.connect(l).ok());
}

} // namespace

class TestFlowDocument : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void addNodeTakesDefaultsAndGeneratesIds()
    {
        FlowDocument doc(testRegistry());
        Recorder rec(doc);
        QCOMPARE(*doc.addNode(QStringLiteral("test.transform"), {10, 20}),
                 QStringLiteral("transform1"));
        QCOMPARE(*doc.addNode(QStringLiteral("test.transform")), QStringLiteral("transform2"));
        QCOMPARE(*doc.addNode(QStringLiteral("test.needs_file")), QStringLiteral("needsfile1"));
        QCOMPARE(rec.take(), (QStringList{QStringLiteral("nodeAdded transform1"),
                                          QStringLiteral("nodeAdded transform2"),
                                          QStringLiteral("nodeAdded needsfile1")}));
        const Node *n = doc.node(QStringLiteral("transform1"));
        QVERIFY(n);
        QCOMPARE(n->type, QStringLiteral("test.transform"));
        QCOMPARE(n->position, QPointF(10, 20));
        QCOMPARE(n->params, testRegistry().find(QStringLiteral("test.transform"))->defaultParams());
        QCOMPARE(n->label, QString());
        QCOMPARE(doc.typeOf(QStringLiteral("transform1"))->id, QStringLiteral("test.transform"));
        QCOMPARE(doc.typeOf(QStringLiteral("nope")), nullptr);
        QCOMPARE(doc.node(QStringLiteral("nope")), nullptr);

        // A freed id is used again; an explicit id is kept.
        QVERIFY(doc.removeNode(QStringLiteral("transform1")));
        QCOMPARE(*doc.addNode(QStringLiteral("test.transform")), QStringLiteral("transform1"));
        QCOMPARE(
            *doc.addNode(QStringLiteral("test.transform"), {}, {}, QStringLiteral("my-Node_2")),
            QStringLiteral("my-Node_2"));
        // Generated ids step over explicit ones.
        QCOMPARE(*doc.addNode(QStringLiteral("test.train"), {}, {}, QStringLiteral("train1")),
                 QStringLiteral("train1"));
        QCOMPARE(*doc.addNode(QStringLiteral("test.train")), QStringLiteral("train2"));
    }

    void addNodeWithParams()
    {
        FlowDocument doc(testRegistry());
        const auto id =
            doc.addNode(QStringLiteral("test.source"), {},
                        {{QStringLiteral("rows"), 7}, {QStringLiteral("header"), false}});
        QVERIFY(id.ok());
        const Node *n = doc.node(*id);
        QCOMPARE(n->params.value(QStringLiteral("rows")), QVariant(qint64(7)));
        QCOMPARE(n->params.value(QStringLiteral("header")), QVariant(false));
        QCOMPARE(n->params.value(QStringLiteral("seed")), QVariant(qint64(42)));
    }

    void renamedTypeIsStoredUnderItsNewId()
    {
        FlowDocument doc(testRegistry());
        QCOMPARE(*doc.addNode(QStringLiteral("test.old_transform")), QStringLiteral("transform1"));
        QCOMPARE(doc.node(QStringLiteral("transform1"))->type, QStringLiteral("test.transform"));
    }

    void addNodeRefuses_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QVariantMap>("params");
        QTest::addColumn<QString>("error");
        const QString transform = QStringLiteral("test.transform");
        const QString invalid = QStringLiteral(
            "'%1' is not a valid node id (letters, digits, _ and -, not starting with a digit)");
        QTest::newRow("unknown type") << QStringLiteral("test.nope") << QString() << QVariantMap()
                                      << QStringLiteral("unknown node type 'test.nope'");
        for (const char *bad : {"1abc", "a b", "a.b", "é", "-a", "a/b"})
            QTest::newRow(bad) << transform << QString::fromUtf8(bad) << QVariantMap()
                               << invalid.arg(QString::fromUtf8(bad));
        QTest::newRow("taken id") << transform << QStringLiteral("taken") << QVariantMap()
                                  << QStringLiteral("a node called 'taken' exists already");
        QTest::newRow("unknown parameter")
            << transform << QString() << QVariantMap{{QStringLiteral("nope"), 1}}
            << QStringLiteral("node 'transform1': test.transform has no parameter 'nope'");
        QTest::newRow("above maximum")
            << transform << QString() << QVariantMap{{QStringLiteral("fraction"), 1.5}}
            << QStringLiteral(
                   "node 'transform1': parameter 'fraction': 1.5 is above the maximum 1");
        QTest::newRow("below minimum")
            << QStringLiteral("test.source") << QStringLiteral("s")
            << QVariantMap{{QStringLiteral("rows"), 0}}
            << QStringLiteral("node 's': parameter 'rows': 0 is below the minimum 1");
        QTest::newRow("not a choice")
            << transform << QString()
            << QVariantMap{{QStringLiteral("method"), QStringLiteral("max")}}
            << QStringLiteral("node 'transform1': parameter 'method': 'max' is not one of: mean, "
                              "median, mode");
        QTest::newRow("wrong type")
            << transform << QString()
            << QVariantMap{{QStringLiteral("fraction"), QStringLiteral("abc")}}
            << QStringLiteral(
                   "node 'transform1': parameter 'fraction': expected a number, got 'abc'");
    }

    void addNodeRefuses()
    {
        QFETCH(QString, type);
        QFETCH(QString, id);
        QFETCH(QVariantMap, params);
        QFETCH(QString, error);
        FlowDocument doc(testRegistry());
        QVERIFY(doc.addNode(QStringLiteral("test.train"), {}, {}, QStringLiteral("taken")).ok());
        Recorder rec(doc);
        QCOMPARE(errorOf(doc.addNode(type, {}, params, id)), error);
        QCOMPARE(rec.events, QStringList());
        QCOMPARE(doc.nodes().size(), std::size_t(1));
    }

    void setParam()
    {
        FlowDocument doc(testRegistry());
        QVERIFY(doc.addNode(QStringLiteral("test.source")).ok());
        QVERIFY(doc.addNode(QStringLiteral("test.transform")).ok());
        QVERIFY(doc.addNode(QStringLiteral("test.needs_file")).ok());
        Recorder rec(doc);

        QCOMPARE(*doc.setParam(QStringLiteral("source1"), QStringLiteral("rows"), 500), true);
        QCOMPARE(doc.node(QStringLiteral("source1"))->params.value(QStringLiteral("rows")),
                 QVariant(qint64(500)));
        QCOMPARE(*doc.setParam(QStringLiteral("source1"), QStringLiteral("rows"), 500), false);
        QCOMPARE(*doc.setParam(QStringLiteral("transform1"), QStringLiteral("columns"),
                               QVariantList{QStringLiteral("a"), QStringLiteral("b")}),
                 true);
        QCOMPARE(doc.node(QStringLiteral("transform1"))->params.value(QStringLiteral("columns")),
                 QVariant(QStringList{QStringLiteral("a"), QStringLiteral("b")}));
        QCOMPARE(rec.take(), (QStringList{QStringLiteral("paramsChanged source1 rows"),
                                          QStringLiteral("paramsChanged transform1 columns")}));

        const auto refused = [&](const char *node, const char *key, const QVariant &value) {
            return errorOf(doc.setParam(QLatin1String(node), QLatin1String(key), value));
        };
        QCOMPARE(refused("nope", "rows", 1), QStringLiteral("no node 'nope'"));
        QCOMPARE(refused("source1", "nope", 1),
                 QStringLiteral("node 'source1': test.source has no parameter 'nope'"));
        QCOMPARE(refused("source1", "rows", 2'000'000),
                 QStringLiteral(
                     "node 'source1': parameter 'rows': 2000000 is above the maximum 1000000"));
        QCOMPARE(
            refused("source1", "rows", 1.5),
            QStringLiteral("node 'source1': parameter 'rows': expected a whole number, got '1.5'"));
        QCOMPARE(
            refused("source1", "seed", -3),
            QStringLiteral("node 'source1': parameter 'seed': a seed must be 0 or more, got -3"));
        QCOMPARE(refused("source1", "header", QStringLiteral("yes")),
                 QStringLiteral(
                     "node 'source1': parameter 'header': expected true or false, got 'yes'"));
        QCOMPARE(
            refused("transform1", "method", QStringLiteral("Mean")),
            QStringLiteral("node 'transform1': parameter 'method': 'Mean' is not one of: mean, "
                           "median, mode"));
        QCOMPARE(
            refused("transform1", "fraction", -0.1),
            QStringLiteral("node 'transform1': parameter 'fraction': -0.1 is below the minimum 0"));
        QCOMPARE(refused("transform1", "columns", 5),
                 QStringLiteral("node 'transform1': parameter 'columns': expected a list of column "
                                "names, got '5'"));
        QCOMPARE(refused("needsfile1", "file", QString()),
                 QStringLiteral("node 'needsfile1': parameter 'file': must not be empty"));
        QCOMPARE(rec.events, QStringList());
        QCOMPARE(doc.node(QStringLiteral("source1"))->params.value(QStringLiteral("rows")),
                 QVariant(qint64(500)));
    }

    void moveLabelNotes()
    {
        FlowDocument doc(testRegistry());
        QVERIFY(doc.addNode(QStringLiteral("test.train")).ok());
        Recorder rec(doc);
        QVERIFY(doc.moveNode(QStringLiteral("train1"), {5, 6}));
        QVERIFY(!doc.moveNode(QStringLiteral("train1"), {5, 6}));
        QVERIFY(!doc.moveNode(QStringLiteral("nope"), {1, 1}));
        QVERIFY(doc.setLabel(QStringLiteral("train1"), QStringLiteral("Forest")));
        QVERIFY(!doc.setLabel(QStringLiteral("train1"), QStringLiteral("Forest")));
        QVERIFY(!doc.setLabel(QStringLiteral("nope"), QStringLiteral("x")));
        QVERIFY(doc.setNotes(QStringLiteral("train1"), QStringLiteral("two\nlines")));
        QVERIFY(!doc.setNotes(QStringLiteral("train1"), QStringLiteral("two\nlines")));
        QVERIFY(!doc.setNotes(QStringLiteral("nope"), QStringLiteral("x")));
        // Notes have no signal of their own: labelChanged covers both texts of a node.
        QCOMPARE(rec.events, (QStringList{QStringLiteral("nodeMoved train1"),
                                          QStringLiteral("labelChanged train1"),
                                          QStringLiteral("labelChanged train1")}));
        const Node *n = doc.node(QStringLiteral("train1"));
        QCOMPARE(n->position, QPointF(5, 6));
        QCOMPARE(n->label, QStringLiteral("Forest"));
        QCOMPARE(n->notes, QStringLiteral("two\nlines"));
    }

    void canConnect_data()
    {
        QTest::addColumn<Link>("link");
        QTest::addColumn<QString>("reason");
        // The document holds source1 -> transform1 -> merge1.tables, merge1 -> transform3.
        QTest::newRow("ok") << makeLink("transform1", "table", "transform2", "table") << QString();
        QTest::newRow("multiple input")
            << makeLink("source1", "table", "merge1", "tables") << QString();
        QTest::newRow("optional input")
            << makeLink("source1", "table", "merge1", "extra") << QString();
        QTest::newRow("no source node")
            << makeLink("nope", "table", "transform2", "table") << QStringLiteral("no node 'nope'");
        QTest::newRow("no target node")
            << makeLink("source1", "table", "nope", "table") << QStringLiteral("no node 'nope'");
        QTest::newRow("no output") << makeLink("source1", "model", "transform2", "table")
                                   << QStringLiteral("source1 has no output 'model'");
        QTest::newRow("an input is not an output")
            << makeLink("transform2", "table", "transform1", "tablez")
            << QStringLiteral("transform1 has no input 'tablez'");
        QTest::newRow("no input on a source") << makeLink("transform2", "table", "source1", "table")
                                              << QStringLiteral("source1 has no input 'table'");
        QTest::newRow("table into model")
            << makeLink("source1", "table", "evaluate1", "model")
            << QStringLiteral("an output of type Table cannot feed an input of type Model");
        QTest::newRow("model into table")
            << makeLink("train1", "model", "transform2", "table")
            << QStringLiteral("an output of type Model cannot feed an input of type Table");
        QTest::newRow("evaluation into table")
            << makeLink("evaluate1", "evaluation", "transform2", "table")
            << QStringLiteral("an output of type Evaluation cannot feed an input of type Table");
        QTest::newRow("report into table")
            << makeLink("evaluate1", "report", "merge1", "tables")
            << QStringLiteral("an output of type Report cannot feed an input of type Table");
        QTest::newRow("to itself") << makeLink("transform2", "table", "transform2", "table")
                                   << QStringLiteral("the link would make a cycle");
        QTest::newRow("cycle") << makeLink("transform3", "table", "merge1", "tables")
                               << QStringLiteral("the link would make a cycle");
        QTest::newRow("cycle through an optional input")
            << makeLink("transform3", "table", "merge1", "extra")
            << QStringLiteral("the link would make a cycle");
        // A cycle is named before the occupied input.
        QTest::newRow("longer cycle") << makeLink("transform3", "table", "transform1", "table")
                                      << QStringLiteral("the link would make a cycle");
        QTest::newRow("linked already") << makeLink("source1", "table", "transform1", "table")
                                        << QStringLiteral("these ports are linked already");
        QTest::newRow("occupied input")
            << makeLink("transform2", "table", "transform1", "table")
            << QStringLiteral(
                   "input 'table' of transform1 takes one link and has one from source1");
    }

    void canConnect()
    {
        QFETCH(Link, link);
        QFETCH(QString, reason);
        FlowDocument doc(testRegistry());
        for (const char *type : {"test.source", "test.transform", "test.transform",
                                 "test.transform", "test.merge", "test.train", "test.evaluate"})
            QVERIFY(doc.addNode(QLatin1String(type)).ok());
        QVERIFY(doc.connect(makeLink("source1", "table", "transform1", "table")).ok());
        QVERIFY(doc.connect(makeLink("transform1", "table", "merge1", "tables")).ok());
        QVERIFY(doc.connect(makeLink("merge1", "table", "transform3", "table")).ok());
        Recorder rec(doc);

        const auto why = doc.canConnect(link);
        QCOMPARE(why.value_or(QString()), reason);
        const auto linked = doc.connect(link);
        if (reason.isEmpty()) {
            QVERIFY(linked.ok());
            QCOMPARE(rec.events, QStringList{QStringLiteral("linkAdded ") + str(link)});
            QCOMPARE(doc.links().size(), std::size_t(4));
            QCOMPARE(doc.links().back(), link);
        } else {
            QCOMPARE(errorOf(linked), reason);
            QCOMPARE(rec.events, QStringList());
            QCOMPARE(doc.links().size(), std::size_t(3));
        }
    }

    void multipleInputTakesSeveralLinks()
    {
        FlowDocument doc(testRegistry());
        for (const char *type : {"test.source", "test.source", "test.merge"})
            QVERIFY(doc.addNode(QLatin1String(type)).ok());
        QVERIFY(doc.connect(makeLink("source1", "table", "merge1", "tables")).ok());
        QVERIFY(doc.connect(makeLink("source2", "table", "merge1", "tables")).ok());
        QVERIFY(doc.connect(makeLink("source1", "table", "merge1", "extra")).ok());
        QCOMPARE(errorOf(doc.connect(makeLink("source2", "table", "merge1", "extra"))),
                 QStringLiteral("input 'extra' of merge1 takes one link and has one from source1"));
        QCOMPARE(doc.linksInto(QStringLiteral("merge1")).size(), std::size_t(3));
        QCOMPARE(doc.linksFrom(QStringLiteral("source1")).size(), std::size_t(2));
        QCOMPARE(doc.linksFrom(QStringLiteral("merge1")).size(), std::size_t(0));
    }

    void disconnect()
    {
        FlowDocument doc(testRegistry());
        buildChain(doc);
        Recorder rec(doc);
        const Link l = makeLink("transform1", "table", "transform2", "table");
        QVERIFY(doc.disconnect(l));
        QVERIFY(!doc.disconnect(l));
        QVERIFY(!doc.disconnect(makeLink("x", "y", "z", "w")));
        QCOMPARE(rec.events, QStringList{QStringLiteral("linkRemoved ") + str(l)});
        QCOMPARE(doc.links().size(), std::size_t(4));
        // The input is free again.
        QVERIFY(doc.canConnect(makeLink("source1", "table", "transform2", "table")) ==
                std::nullopt);
    }

    void removeNodeRemovesItsLinksFirst()
    {
        FlowDocument doc(testRegistry());
        buildChain(doc);
        Recorder rec(doc);
        QVERIFY(doc.removeNode(QStringLiteral("transform2")));
        QCOMPARE(rec.take(),
                 (QStringList{QStringLiteral("linkRemoved transform1.table->transform2.table"),
                              QStringLiteral("linkRemoved transform2.table->train1.table"),
                              QStringLiteral("nodeRemoved transform2")}));
        QVERIFY(!doc.removeNode(QStringLiteral("transform2")));
        QCOMPARE(rec.events, QStringList());
        QCOMPARE(doc.nodes().size(), std::size_t(4));
        QCOMPARE(doc.links().size(), std::size_t(3));
        for (const Link &l : doc.links())
            QVERIFY(l.fromNode != QStringLiteral("transform2") &&
                    l.toNode != QStringLiteral("transform2"));
    }

    void annotations()
    {
        FlowDocument doc(testRegistry());
        Recorder rec(doc);
        QCOMPARE(doc.addAnnotation(QStringLiteral("first"), {1, 2}, {30, 40}),
                 QStringLiteral("note1"));
        QCOMPARE(doc.addAnnotation(QStringLiteral("second"), {}), QStringLiteral("note2"));
        QCOMPARE(doc.addAnnotation(QStringLiteral("mine"), {}, {}, QStringLiteral("custom")),
                 QStringLiteral("custom"));
        // A taken id is replaced by a fresh one.
        QCOMPARE(doc.addAnnotation(QStringLiteral("again"), {}, {}, QStringLiteral("custom")),
                 QStringLiteral("note3"));
        QVERIFY(doc.setAnnotationText(QStringLiteral("note1"), QStringLiteral("changed")));
        QVERIFY(!doc.setAnnotationText(QStringLiteral("note1"), QStringLiteral("changed")));
        QVERIFY(!doc.setAnnotationText(QStringLiteral("nope"), QStringLiteral("x")));
        QVERIFY(doc.removeAnnotation(QStringLiteral("note2")));
        QVERIFY(!doc.removeAnnotation(QStringLiteral("note2")));
        QCOMPARE(rec.events, (QStringList{QStringLiteral("annotationAdded note1"),
                                          QStringLiteral("annotationAdded note2"),
                                          QStringLiteral("annotationAdded custom"),
                                          QStringLiteral("annotationAdded note3"),
                                          QStringLiteral("annotationChanged note1"),
                                          QStringLiteral("annotationRemoved note2")}));
        QCOMPARE(doc.annotations().size(), std::size_t(3));
        const Annotation &a = doc.annotations().front();
        QCOMPARE(a.id, QStringLiteral("note1"));
        QCOMPARE(a.text, QStringLiteral("changed"));
        QCOMPARE(a.position, QPointF(1, 2));
        QCOMPARE(a.size, QSizeF(30, 40));
        QCOMPARE(doc.addAnnotation(QStringLiteral("reuse"), {}), QStringLiteral("note2"));
    }

    void signalSpiesSeeTheArguments()
    {
        FlowDocument doc(testRegistry());
        QSignalSpy added(&doc, &FlowDocument::nodeAdded);
        QSignalSpy params(&doc, &FlowDocument::paramsChanged);
        QSignalSpy linked(&doc, &FlowDocument::linkAdded);
        QSignalSpy unlinked(&doc, &FlowDocument::linkRemoved);
        QVERIFY(doc.addNode(QStringLiteral("test.source")).ok());
        QVERIFY(doc.addNode(QStringLiteral("test.train")).ok());
        QVERIFY(doc.setParam(QStringLiteral("source1"), QStringLiteral("seed"), 1).ok());
        const Link l = makeLink("source1", "table", "train1", "table");
        QVERIFY(doc.connect(l).ok());
        QVERIFY(doc.removeNode(QStringLiteral("train1")));
        QCOMPARE(added.size(), 2);
        QCOMPARE(added.at(1).at(0).toString(), QStringLiteral("train1"));
        QCOMPARE(params.size(), 1);
        QCOMPARE(params.at(0).at(0).toString(), QStringLiteral("source1"));
        QCOMPARE(params.at(0).at(1).toString(), QStringLiteral("seed"));
        QCOMPARE(linked.size(), 1);
        QCOMPARE(linked.at(0).at(0).value<Link>(), l);
        QCOMPARE(unlinked.size(), 1);
        QCOMPARE(unlinked.at(0).at(0).value<Link>(), l);
    }

    void graphQueries()
    {
        FlowDocument doc(testRegistry());
        buildChain(doc);
        QVERIFY(doc.addNode(QStringLiteral("test.source"), {}, {}, QStringLiteral("alone")).ok());
        // Ties are broken by id: "alone" and "source1" are both ready at first.
        QCOMPARE(doc.topologicalOrder(),
                 (QStringList{QStringLiteral("alone"), QStringLiteral("source1"),
                              QStringLiteral("transform1"), QStringLiteral("transform2"),
                              QStringLiteral("train1"), QStringLiteral("evaluate1")}));
        QCOMPARE(doc.downstreamOf(QStringLiteral("transform1")),
                 (QStringList{QStringLiteral("transform1"), QStringLiteral("transform2"),
                              QStringLiteral("train1"), QStringLiteral("evaluate1")}));
        QCOMPARE(doc.downstreamOf(QStringLiteral("evaluate1")),
                 QStringList{QStringLiteral("evaluate1")});
        QCOMPARE(doc.upstreamOf(QStringLiteral("train1")),
                 (QStringList{QStringLiteral("source1"), QStringLiteral("transform1"),
                              QStringLiteral("transform2"), QStringLiteral("train1")}));
        QCOMPARE(doc.upstreamOf(QStringLiteral("evaluate1")),
                 (QStringList{QStringLiteral("source1"), QStringLiteral("transform1"),
                              QStringLiteral("transform2"), QStringLiteral("train1"),
                              QStringLiteral("evaluate1")}));
        QCOMPARE(doc.upstreamOf(QStringLiteral("alone")), QStringList{QStringLiteral("alone")});
        QCOMPARE(doc.linksInto(QStringLiteral("evaluate1")).size(), std::size_t(2));
    }

    void problems()
    {
        FlowDocument doc(testRegistry());
        for (const char *type : {"test.source", "test.evaluate", "test.merge"})
            QVERIFY(doc.addNode(QLatin1String(type)).ok());
        QCOMPARE(doc.problems(QStringLiteral("source1")), QStringList());
        QCOMPARE(doc.problems(QStringLiteral("evaluate1")),
                 (QStringList{QStringLiteral("input 'model' is not connected"),
                              QStringLiteral("input 'table' is not connected")}));
        // The optional input is not a problem; the multiple one needs at least one link.
        QCOMPARE(doc.problems(QStringLiteral("merge1")),
                 QStringList{QStringLiteral("input 'tables' is not connected")});
        QVERIFY(doc.connect(makeLink("source1", "table", "evaluate1", "table")).ok());
        QVERIFY(doc.connect(makeLink("source1", "table", "merge1", "tables")).ok());
        QCOMPARE(doc.problems(QStringLiteral("evaluate1")),
                 QStringList{QStringLiteral("input 'model' is not connected")});
        QCOMPARE(doc.problems(QStringLiteral("merge1")), QStringList());
    }

    void clearRemovesEverythingWithSignals()
    {
        FlowDocument doc(testRegistry());
        QVERIFY(doc.addNode(QStringLiteral("test.source")).ok());
        QVERIFY(doc.addNode(QStringLiteral("test.train")).ok());
        QVERIFY(doc.connect(makeLink("source1", "table", "train1", "table")).ok());
        doc.addAnnotation(QStringLiteral("x"), {});
        Recorder rec(doc);
        doc.clear();
        QCOMPARE(rec.events, (QStringList{QStringLiteral("annotationRemoved note1"),
                                          QStringLiteral("linkRemoved source1.table->train1.table"),
                                          QStringLiteral("nodeRemoved train1"),
                                          QStringLiteral("nodeRemoved source1")}));
        QVERIFY(doc.nodes().empty());
        QVERIFY(doc.links().empty());
        QVERIFY(doc.annotations().empty());
    }

    void leakageGuardWarnsAboutStepsBeforeASplit()
    {
        FlowDocument doc(testRegistry());
        const auto add = [&](const char *type, const char *id) {
            QVERIFY(doc.addNode(QLatin1String(type), {}, {}, QLatin1String(id)));
        };
        const auto link = [&](const char *from, const char *fromPort, const char *to) {
            QVERIFY(doc.connect(Link{QLatin1String(from), QLatin1String(fromPort),
                                     QLatin1String(to), QStringLiteral("table")}));
        };
        add("test.source", "src");
        add("test.scaler", "scale");
        add("test.split", "split");
        add("test.train", "train");
        link("src", "table", "scale");
        link("scale", "table", "split");
        // A split that feeds nothing that trains: no warning yet.
        QVERIFY(doc.warnings(QStringLiteral("scale")).isEmpty());
        link("split", "train", "train");
        const QStringList w = doc.warnings(QStringLiteral("scale"));
        QCOMPARE(w.size(), 1);
        QVERIFY(w.front().contains(QStringLiteral("move 'scale' after 'split'")));
        QVERIFY(w.front().contains(QStringLiteral("'train' output")));
        // Steps that learn nothing, and the split itself, get no warning.
        QVERIFY(doc.warnings(QStringLiteral("src")).isEmpty());
        QVERIFY(doc.warnings(QStringLiteral("split")).isEmpty());
        QVERIFY(doc.problems(QStringLiteral("scale")).isEmpty()); // a warning, not a refusal

        // The same step on the training branch is fine.
        FlowDocument good(testRegistry());
        QVERIFY(good.addNode(QStringLiteral("test.source"), {}, {}, QStringLiteral("src")));
        QVERIFY(good.addNode(QStringLiteral("test.split"), {}, {}, QStringLiteral("split")));
        QVERIFY(good.addNode(QStringLiteral("test.scaler"), {}, {}, QStringLiteral("scale")));
        QVERIFY(good.addNode(QStringLiteral("test.train"), {}, {}, QStringLiteral("train")));
        QVERIFY(good.connect({QStringLiteral("src"), QStringLiteral("table"),
                              QStringLiteral("split"), QStringLiteral("table")}));
        QVERIFY(good.connect({QStringLiteral("split"), QStringLiteral("train"),
                              QStringLiteral("scale"), QStringLiteral("table")}));
        QVERIFY(good.connect({QStringLiteral("scale"), QStringLiteral("table"),
                              QStringLiteral("train"), QStringLiteral("table")}));
        QVERIFY(good.warnings(QStringLiteral("scale")).isEmpty());
    }

    void resamplingOnAHeldOutBranchIsRefused()
    {
        FlowDocument doc(testRegistry());
        QVERIFY(doc.addNode(QStringLiteral("test.source"), {}, {}, QStringLiteral("src")));
        QVERIFY(doc.addNode(QStringLiteral("test.split"), {}, {}, QStringLiteral("split")));
        QVERIFY(doc.addNode(QStringLiteral("test.transform"), {}, {}, QStringLiteral("tidy")));
        QVERIFY(doc.addNode(QStringLiteral("test.resample"), {}, {}, QStringLiteral("smote")));
        QVERIFY(doc.connect({QStringLiteral("src"), QStringLiteral("table"),
                             QStringLiteral("split"), QStringLiteral("table")}));
        QVERIFY(doc.connect({QStringLiteral("split"), QStringLiteral("train"),
                             QStringLiteral("smote"), QStringLiteral("table")}));
        QVERIFY(doc.problems(QStringLiteral("smote")).isEmpty()); // on the training part: fine
        QVERIFY(doc.disconnect({QStringLiteral("split"), QStringLiteral("train"),
                                QStringLiteral("smote"), QStringLiteral("table")}));
        // Held out, even through another step.
        QVERIFY(doc.connect({QStringLiteral("split"), QStringLiteral("test"),
                             QStringLiteral("tidy"), QStringLiteral("table")}));
        QVERIFY(doc.connect({QStringLiteral("tidy"), QStringLiteral("table"),
                             QStringLiteral("smote"), QStringLiteral("table")}));
        const QStringList p = doc.problems(QStringLiteral("smote"));
        QCOMPARE(p.size(), 1);
        QVERIFY(p.front().contains(QStringLiteral("'test' part of 'split' is refused")));
    }
};

QTEST_GUILESS_MAIN(TestFlowDocument)
#include "tst_flowdocument.moc"
