#pragma once

// The fitted recipe as ONNX nodes: every raw column the model uses becomes a graph input
// (numeric: double [N,1], NaN for missing; categorical or boolean: string [N,1], "" for missing,
// booleans as "true" / "false"), and each step becomes the nodes that compute its output
// columns from its input columns. Internal to the exporter (OnnxExport.h).

#include "OnnxGraph.h"
#include "prep/Recipe.h"

#include <QStringList>

#include <map>

namespace flowline::core::artifact::onnx_export {

// One column of the table at some point of the recipe, as a tensor.
struct OnnxColumn
{
    bool text = false; // string [N,1] (a category per row) or double [N,1]
    Name tensor;
    // Text columns: values replaced before any encoding (imputation sends "" to the fill value).
    std::map<std::string, std::string> replace;
};

class OnnxColumns
{
public:
    OnnxColumns(Graph &graph, const prep::Recipe &recipe, const QString &target);

    // The column's current tensor; a raw column becomes a graph input when first asked for.
    // An Error says why the column cannot be had (unknown, or a text / date input).
    Result<OnnxColumn> get(const QString &name);
    void set(const QString &name, OnnxColumn column) { m_columns[name] = std::move(column); }
    void drop(const QString &name) { m_columns.erase(name); }
    // Keeps `columns` only, renamed to `names` (a select step). Raw columns not used yet stay
    // lazy: selecting a column does not make it an input.
    void select(const QStringList &columns, const QStringList &names);
    const QStringList &inputs() const { return m_inputs; } // the graph inputs made, in order

private:
    Graph &m_graph;
    struct Source
    {
        QString input; // the raw column's name: the graph input's
        ColumnKind kind;
    };
    std::map<QString, Source> m_source; // raw columns not made inputs yet, by current name
    std::map<QString, OnnxColumn> m_columns;
    QStringList m_inputs;
};

// Adds the recipe's steps. Steps without a mapping are listed in `problems` ("step 3
// (yeo_johnson): ..."), and after the first one the rest are only checked by kind.
void exportRecipe(Graph &graph, const prep::Recipe &recipe, OnnxColumns &columns,
                  QStringList &problems);

// The step kinds the exporter maps.
QStringList onnxStepKinds();

} // namespace flowline::core::artifact::onnx_export
