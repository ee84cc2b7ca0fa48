#include "FlowEditor.h"

#include "FlowCommands.h"
#include "MimeTypes.h"
#include "canvas/TidyLayout.h"

#include <QClipboard>
#include <QFileInfo>
#include <QMimeData>

namespace flowline::widgets {

FlowEditor::FlowEditor(const flows::NodeRegistry &registry, QObject *parent)
    : QObject(parent)
    , m_doc(registry)
    , m_executor(new flows::Executor(m_doc))
{
    connect(&m_undo, &QUndoStack::cleanChanged, this,
            [this](bool clean) { Q_EMIT modifiedChanged(!clean); });
}

FlowEditor::~FlowEditor()
{
    // The executor waits for its running work; it goes before the document it reads.
    m_undo.clear();
    delete m_executor;
}

void FlowEditor::attach(FlowScene *scene)
{
    connect(scene, &FlowScene::connectRequested, this,
            [this](const flows::Link &link) { connectPorts(link); });
    connect(scene, &FlowScene::moveRequested, this, &FlowEditor::moveItems);
    connect(scene, &FlowScene::annotationTextRequested, this, &FlowEditor::setAnnotationText);
    connect(scene, &FlowScene::linkRefused, this, [this](const QString &reason) {
        Q_EMIT messageRequested(tr("Cannot link: %1").arg(reason));
    });
}

void FlowEditor::push(QUndoCommand *command)
{
    m_undo.push(command);
}

core::Result<QString> FlowEditor::addNode(const QString &type, QPointF position,
                                          const QVariantMap &params)
{
    // Checked on a scratch document first, so a refused node leaves no undo step behind.
    flows::FlowDocument scratch(m_doc.registry());
    const auto added = scratch.addNode(type, position, params);
    if (!added)
        return added.error();
    FlowFragment one = FlowFragment::capture(scratch, {*added}, {}).renamedFor(m_doc, {});
    const QString id = one.nodes.front().id;
    const flows::NodeType *t = m_doc.registry().find(type);
    push(new InsertItemsCommand(m_doc, std::move(one), tr("Add %1").arg(t->displayName)));
    return id;
}

core::Result<FlowEditor::QuickModel> FlowEditor::addQuickModel(const QString &node, int port,
                                                               const QuickModelSpec &spec)
{
    const flows::Node *source = m_doc.node(node);
    if (!source)
        return core::Error{tr("there is no node '%1'").arg(node)};
    const flows::NodeType *type = m_doc.registry().find(source->type);
    if (!type || port < 0 || port >= type->outputs.size() ||
        type->outputs[port].type != flows::PortType::Table)
        return core::Error{tr("'%1' has no table output to model").arg(node)};
    if (spec.target.trimmed().isEmpty())
        return core::Error{tr("choose the column to predict")};
    if (!(spec.testFraction > 0 && spec.testFraction < 1))
        return core::Error{tr("the test share must be between 0 and 1")};
    const QString modelType = QStringLiteral("model.") + spec.algorithm;
    if (!m_doc.registry().find(modelType))
        return core::Error{tr("unknown algorithm '%1'").arg(spec.algorithm)};

    // Built on a scratch document (so a refusal leaves nothing behind), then inserted at once,
    // to the right of the source node.
    flows::FlowDocument scratch(m_doc.registry());
    const QPointF at = source->position;
    QVariantMap splitParams{{QStringLiteral("train"), 1.0 - spec.testFraction}};
    if (spec.stratify) {
        splitParams.insert(QStringLiteral("method"), QStringLiteral("stratified"));
        splitParams.insert(QStringLiteral("stratify_by"), spec.target);
    }
    auto split =
        scratch.addNode(QStringLiteral("split.train_test"), at + QPointF(220, 0), splitParams);
    if (!split)
        return split.error();
    auto model = scratch.addNode(modelType, at + QPointF(440, -80),
                                 {{QStringLiteral("target"), spec.target}});
    if (!model)
        return model.error();
    auto evaluate = scratch.addNode(QStringLiteral("eval.evaluate"), at + QPointF(660, 0));
    if (!evaluate)
        return evaluate.error();
    for (const flows::Link &l :
         {flows::Link{*split, QStringLiteral("train"), *model, QStringLiteral("table")},
          flows::Link{*model, QStringLiteral("model"), *evaluate, QStringLiteral("model")},
          flows::Link{*split, QStringLiteral("test"), *evaluate, QStringLiteral("table")}}) {
        if (auto linked = scratch.connect(l); !linked)
            return linked.error();
    }
    FlowFragment f =
        FlowFragment::capture(scratch, {*split, *model, *evaluate}, {}).renamedFor(m_doc, {});
    QuickModel ids;
    for (const flows::Node &n : f.nodes) {
        if (n.type == modelType)
            ids.model = n.id;
        else if (n.type == QLatin1String("eval.evaluate"))
            ids.evaluate = n.id;
        else
            ids.split = n.id;
    }
    f.links.push_back(
        flows::Link{node, type->outputs[port].key, ids.split, QStringLiteral("table")});
    push(new InsertItemsCommand(m_doc, std::move(f), tr("Quick Model")));
    return ids;
}

core::Result<QString> FlowEditor::importFile(const QString &path, QPointF position)
{
    return addNode(QStringLiteral("data.csv_import"), position,
                   {{QStringLiteral("file"), QFileInfo(path).absoluteFilePath()}});
}

std::optional<QString> FlowEditor::connectPorts(const flows::Link &link)
{
    if (auto why = m_doc.canConnect(link))
        return why;
    FlowFragment f;
    f.links.push_back(link);
    push(new InsertItemsCommand(m_doc, std::move(f),
                                tr("Link %1 → %2").arg(link.fromNode, link.toNode)));
    return std::nullopt;
}

void FlowEditor::removeItems(const QStringList &nodes, const QStringList &annotations,
                             const std::vector<flows::Link> &links)
{
    FlowFragment f = FlowFragment::capture(m_doc, nodes, annotations, links);
    if (f.isEmpty())
        return;
    QString text;
    if (f.nodes.empty() && f.annotations.empty() && f.links.size() == 1)
        text = tr("Unlink %1 → %2").arg(f.links.front().fromNode, f.links.front().toNode);
    else if (f.nodes.size() == 1 && f.annotations.empty())
        text = tr("Delete %1").arg(f.nodes.front().id);
    else
        text = tr("Delete %n Item(s)", nullptr,
                  static_cast<int>(f.nodes.size() + f.annotations.size() +
                                   (f.nodes.empty() ? f.links.size() : 0)));
    push(new RemoveItemsCommand(m_doc, std::move(f), text));
}

void FlowEditor::moveItems(const MoveSet &moves, bool nudge)
{
    if (moves.isEmpty())
        return;
    const int count = static_cast<int>(moves.nodesTo.size() + moves.annotationsTo.size());
    push(new MoveItemsCommand(m_doc, moves.nodesFrom, moves.nodesTo, moves.annotationsFrom,
                              moves.annotationsTo, tr("Move %n Item(s)", nullptr, count), nudge));
}

core::Result<bool> FlowEditor::setParam(const QString &node, const QString &key,
                                        const QVariant &value)
{
    const flows::Node *n = m_doc.node(node);
    const flows::NodeType *type = m_doc.typeOf(node);
    const flows::ParamSpec *spec = type ? type->param(key) : nullptr;
    if (!n || !spec)
        return core::Error{tr("node '%1' has no parameter '%2'").arg(node, key)};
    auto coerced = spec->coerce(value);
    if (!coerced)
        return core::Error{tr("%1: %2").arg(spec->label, coerced.error().message)};
    const QVariant from = n->params.value(key, spec->defaultValue);
    if (from == *coerced)
        return false;
    push(new SetParamCommand(m_doc, node, key, from, *coerced,
                             tr("Change %1 of %2").arg(spec->label, node)));
    return true;
}

void FlowEditor::setLabel(const QString &node, const QString &label)
{
    const flows::Node *n = m_doc.node(node);
    if (n && n->label != label)
        push(new SetLabelCommand(m_doc, node, n->label, label));
}

QString FlowEditor::addAnnotation(const QString &text, QPointF position)
{
    FlowFragment f;
    f.annotations.push_back(flows::Annotation{QStringLiteral("note1"), text, position, {}});
    f = f.renamedFor(m_doc, {});
    const QString id = f.annotations.front().id;
    push(new InsertItemsCommand(m_doc, std::move(f), tr("Add Annotation")));
    return id;
}

void FlowEditor::setAnnotationText(const QString &id, const QString &text)
{
    const flows::Annotation *a = m_doc.annotation(id);
    if (a && a->text != text)
        push(new SetAnnotationTextCommand(m_doc, id, a->text, text));
}

void FlowEditor::tidyLayout()
{
    const auto to = widgets::tidyLayout(m_doc);
    QHash<QString, QPointF> from, changed;
    for (auto it = to.begin(); it != to.end(); ++it) {
        const QPointF now = m_doc.node(it.key())->position;
        if (now != it.value()) {
            from.insert(it.key(), now);
            changed.insert(it.key(), it.value());
        }
    }
    if (!changed.isEmpty())
        push(new MoveItemsCommand(m_doc, from, changed, {}, {}, tr("Tidy Layout"), false));
}

QMimeData *FlowEditor::copy(const QStringList &nodes, const QStringList &annotations) const
{
    const FlowFragment f = FlowFragment::capture(m_doc, nodes, annotations, {}, false);
    auto *mime = new QMimeData;
    if (f.isEmpty())
        return mime;
    const QByteArray json = f.toJson(m_doc.registry());
    mime->setData(QLatin1String(kFlowFragmentMime), json);
    mime->setText(QString::fromUtf8(json));
    return mime;
}

bool FlowEditor::canPaste(const QMimeData *mime)
{
    if (!mime)
        return false;
    if (mime->hasFormat(QLatin1String(kFlowFragmentMime)))
        return true;
    // Plain text that looks like a flow (JSON with nodes): pasted from an editor or a chat.
    const QString text = mime->text().trimmed();
    return text.startsWith(QLatin1Char('{')) && text.contains(QLatin1String("\"nodes\""));
}

core::Result<FlowFragment> FlowEditor::paste(const QMimeData *mime, std::optional<QPointF> at)
{
    if (!canPaste(mime))
        return core::Error{tr("the clipboard holds no flow items")};
    const QByteArray json = mime->hasFormat(QLatin1String(kFlowFragmentMime))
                                ? mime->data(QLatin1String(kFlowFragmentMime))
                                : mime->text().toUtf8();
    auto read = FlowFragment::fromJson(json, m_doc.registry());
    if (!read)
        return read.error();
    if (read->isEmpty())
        return core::Error{tr("the clipboard holds no flow items")};
    const QRectF bounds = read->bounds();
    const QPointF offset = at ? *at - bounds.topLeft() : QPointF(40, 40) * ++m_pasteCount;
    FlowFragment f = read->renamedFor(m_doc, offset);
    push(new InsertItemsCommand(m_doc, f, tr("Paste %n Item(s)", nullptr, f.itemCount())));
    return f;
}

FlowFragment FlowEditor::duplicate(const QStringList &nodes, const QStringList &annotations)
{
    FlowFragment f = FlowFragment::capture(m_doc, nodes, annotations, {}, false)
                         .renamedFor(m_doc, QPointF(40, 40));
    if (!f.isEmpty())
        push(new InsertItemsCommand(m_doc, f,
                                    tr("Duplicate %n Item(s)", nullptr,
                                       static_cast<int>(f.nodes.size() + f.annotations.size()))));
    return f;
}

void FlowEditor::setFilePath(const QString &path)
{
    m_executor->setFlowDir(path.isEmpty() ? QString() : QFileInfo(path).absolutePath());
    if (path != m_path) {
        m_path = path;
        Q_EMIT filePathChanged(path);
    }
}

core::Result<bool> FlowEditor::save(const QString &path, const flows::FlowView &view)
{
    auto saved = flows::FlowFile::save(path, m_doc, view);
    if (!saved)
        return saved.error();
    setFilePath(QFileInfo(path).absoluteFilePath());
    m_undo.setClean();
    return true;
}

core::Result<flows::FlowView> FlowEditor::load(const QString &path)
{
    if (!m_doc.nodes().empty() || !m_doc.annotations().empty())
        return core::Error{tr("a flow is open already"), path};
    auto view = flows::FlowFile::load(path, m_doc);
    if (!view)
        return view.error();
    m_undo.clear();
    setFilePath(QFileInfo(path).absoluteFilePath());
    return view;
}

core::Result<flows::FlowView> FlowEditor::loadRecovered(const QByteArray &bytes,
                                                        const QString &originalPath)
{
    if (!m_doc.nodes().empty() || !m_doc.annotations().empty())
        return core::Error{tr("a flow is open already")};
    const QString dir = originalPath.isEmpty() ? QString() : QFileInfo(originalPath).absolutePath();
    auto view = flows::FlowFile::fromJson(bytes, m_doc, dir, tr("recovered flow"));
    if (!view)
        return view.error();
    m_undo.clear();
    setFilePath(originalPath);
    m_undo.resetClean(); // what was recovered is not saved anywhere yet
    Q_EMIT modifiedChanged(true);
    return view;
}

QByteArray FlowEditor::toJson(const flows::FlowView &view) const
{
    return flows::FlowFile::toJson(m_doc, m_executor->flowDir(), view);
}

} // namespace flowline::widgets
