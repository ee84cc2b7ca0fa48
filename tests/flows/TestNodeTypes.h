#pragma once

// A registry of fake node types for the document and file tests, independent of the built-in
// nodes: every ParamType, every PortType, a multiple input, an optional input, a required
// parameter and a renamed type. Nothing here runs.

#include "NodeRegistry.h"

namespace flowline::tests {

inline flows::ParamSpec testParam(const char *key, flows::ParamType type, QVariant defaultValue)
{
    flows::ParamSpec p;
    p.key = QLatin1String(key);
    p.label = QLatin1String(key);
    p.type = type;
    p.defaultValue = std::move(defaultValue);
    return p;
}

inline flows::PortSpec testPort(const char *key, flows::PortType type, bool multiple = false,
                                bool optional = false)
{
    return flows::PortSpec{QLatin1String(key), QLatin1String(key), type, multiple, optional};
}

inline const flows::NodeRegistry &testRegistry()
{
    using flows::ParamType;
    using flows::PortType;
    static const flows::NodeRegistry registry = [] {
        const auto notRun = [](const flows::NodeInputs &,
                               core::JobContext &) -> core::Result<flows::NodeOutputs> {
            return core::Error{QStringLiteral("not run in this test")};
        };
        const auto type = [&](const char *id, const char *category) {
            flows::NodeType t;
            t.id = QLatin1String(id);
            t.displayName = QLatin1String(id);
            t.category = QLatin1String(category);
            t.run = notRun;
            return t;
        };
        flows::NodeRegistry r;

        // test.source: no inputs, one Table output; a file, a count, a seed and a flag.
        auto source = type("test.source", "Data");
        source.outputs = {testPort("table", PortType::Table)};
        auto rows = testParam("rows", ParamType::Int, qint64(100));
        rows.min = 1;
        rows.max = 1'000'000;
        source.params = {testParam("path", ParamType::FilePath, QString()), rows,
                         testParam("seed", ParamType::Seed, qint64(42)),
                         testParam("header", ParamType::Bool, true)};
        r.add(source);

        // test.transform (was test.old_transform): Table -> Table; the other parameter kinds.
        auto transform = type("test.transform", "Prepare");
        transform.inputs = {testPort("table", PortType::Table)};
        transform.outputs = {testPort("table", PortType::Table)};
        auto fraction = testParam("fraction", ParamType::Double, 0.5);
        fraction.min = 0;
        fraction.max = 1;
        auto method = testParam("method", ParamType::Choice, QStringLiteral("mean"));
        method.choices = {QStringLiteral("mean"), QStringLiteral("median"), QStringLiteral("mode")};
        transform.params = {fraction, method, testParam("column", ParamType::Column, QString()),
                            testParam("columns", ParamType::ColumnList, QStringList()),
                            testParam("name", ParamType::String, QStringLiteral("out"))};
        transform.replaces = {QStringLiteral("test.old_transform")};
        r.add(transform);

        // test.merge: a multiple Table input and an optional one.
        auto merge = type("test.merge", "Prepare");
        merge.inputs = {testPort("tables", PortType::Table, true),
                        testPort("extra", PortType::Table, false, true)};
        merge.outputs = {testPort("table", PortType::Table)};
        r.add(merge);

        // test.train: Table -> Model.
        auto train = type("test.train", "Model");
        train.inputs = {testPort("table", PortType::Table)};
        train.outputs = {testPort("model", PortType::Model)};
        train.trains = true;
        r.add(train);

        // For the leakage guard: a step that learns from data, a split, a resampler.
        auto scaler = type("test.scaler", "Prepare");
        scaler.inputs = {testPort("table", PortType::Table)};
        scaler.outputs = {testPort("table", PortType::Table)};
        scaler.learnsFromData = true;
        r.add(scaler);
        auto split = type("test.split", "Split");
        split.inputs = {testPort("table", PortType::Table)};
        split.outputs = {testPort("train", PortType::Table), testPort("test", PortType::Table)};
        split.trainingOutputs = {QStringLiteral("train")};
        r.add(split);
        auto resample = type("test.resample", "Prepare");
        resample.inputs = {testPort("table", PortType::Table)};
        resample.outputs = {testPort("table", PortType::Table)};
        resample.resamples = true;
        resample.learnsFromData = true;
        r.add(resample);

        // test.evaluate: Model + Table -> Evaluation + Report.
        auto evaluate = type("test.evaluate", "Evaluate");
        evaluate.inputs = {testPort("model", PortType::Model), testPort("table", PortType::Table)};
        evaluate.outputs = {testPort("evaluation", PortType::Evaluation),
                            testPort("report", PortType::Report)};
        r.add(evaluate);

        // test.needs_file: a required parameter with no usable default.
        auto needsFile = type("test.needs_file", "Data");
        auto file = testParam("file", ParamType::FilePath, QString());
        file.required = true;
        needsFile.params = {file};
        needsFile.outputs = {testPort("table", PortType::Table)};
        r.add(needsFile);
        return r;
    }();
    return registry;
}

} // namespace flowline::tests
