#pragma once

#include "Executor.h"
#include "FlowDocument.h"
#include "FlowFile.h"
#include "FlowFragment.h"
#include "canvas/FlowScene.h"
#include "util/Error.h"

#include <QObject>
#include <QUndoStack>

#include <optional>

class QMimeData;

namespace flowline::widgets {

// One open flow: the document, its executor and its undo stack, plus where it is saved. Every
// edit a person makes comes here as an intent (from the canvas, the inspector, menus) and
// becomes an undo command on the document; nothing else changes the document.
class FlowEditor : public QObject
{
    Q_OBJECT

public:
    explicit FlowEditor(const flows::NodeRegistry &registry = flows::NodeRegistry::builtin(),
                        QObject *parent = nullptr);
    ~FlowEditor() override;

    flows::FlowDocument &document() { return m_doc; }
    const flows::FlowDocument &document() const { return m_doc; }
    flows::Executor &executor() { return *m_executor; }
    QUndoStack &undoStack() { return m_undo; }

    // Connects a scene's intents to this editor.
    void attach(FlowScene *scene);

    // Editing. Each call is one undo step (or none when it changes nothing or is refused).
    core::Result<QString> addNode(const QString &type, QPointF position,
                                  const QVariantMap &params = {});
    // A CSV Import node reading `path`.
    core::Result<QString> importFile(const QString &path, QPointF position);
    // Why the link is refused, or nothing when it was made.
    std::optional<QString> connectPorts(const flows::Link &link);
    void removeItems(const QStringList &nodes, const QStringList &annotations,
                     const std::vector<flows::Link> &links = {});
    void moveItems(const MoveSet &moves, bool nudge = false);
    core::Result<bool> setParam(const QString &node, const QString &key, const QVariant &value);
    void setLabel(const QString &node, const QString &label);
    QString addAnnotation(const QString &text, QPointF position);
    void setAnnotationText(const QString &id, const QString &text);
    void tidyLayout();

    // A quick model on a node's table output: a train / test split (stratified by the target
    // when `stratify`), the algorithm's train node with its default preparation on the
    // training part, and an Evaluate node scoring the test part — one undo step. The new
    // nodes' ids come back.
    struct QuickModel
    {
        QString split, model, evaluate;
    };
    struct QuickModelSpec
    {
        QString target;
        QString algorithm = QStringLiteral("gradient_boosting");
        double testFraction = 0.2;
        bool stratify = false;
    };
    core::Result<QuickModel> addQuickModel(const QString &node, int port,
                                           const QuickModelSpec &spec);

    // Clipboard: the items as a .flow fragment (also as plain text). The caller owns the result.
    QMimeData *copy(const QStringList &nodes, const QStringList &annotations) const;
    static bool canPaste(const QMimeData *mime);
    // Inserts a copy with fresh ids: its top-left at `at`, or offset a little from the
    // original. Returns what was inserted (with the new ids).
    core::Result<FlowFragment> paste(const QMimeData *mime, std::optional<QPointF> at = {});
    FlowFragment duplicate(const QStringList &nodes, const QStringList &annotations);

    // Files.
    QString filePath() const { return m_path; }
    bool isModified() const { return !m_undo.isClean(); }
    core::Result<bool> save(const QString &path, const flows::FlowView &view = {});
    // Loads a file into this editor, which must be empty.
    core::Result<flows::FlowView> load(const QString &path);
    // Loads a recovered copy: shown as `originalPath` (may be empty), with unsaved changes.
    core::Result<flows::FlowView> loadRecovered(const QByteArray &bytes,
                                                const QString &originalPath);
    // The flow as .flow bytes (for autosave and tests).
    QByteArray toJson(const flows::FlowView &view = {}) const;

Q_SIGNALS:
    void modifiedChanged(bool modified);
    void filePathChanged(const QString &path);
    // A link refused, a paste that failed...: a message for the status bar.
    void messageRequested(const QString &message);

private:
    void push(QUndoCommand *command);
    void setFilePath(const QString &path);

    flows::FlowDocument m_doc;
    flows::Executor *m_executor;
    QUndoStack m_undo;
    QString m_path;
    int m_pasteCount = 0;
};

} // namespace flowline::widgets
