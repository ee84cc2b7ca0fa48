#include "BuiltinNodes.h"
#include "NodeHelpers.h"

#include "stats/Profiler.h"

namespace flowline::flows {

NodeType profileNode()
{
    NodeType t;
    t.id = QStringLiteral("explore.profile");
    t.displayName = QStringLiteral("Profile");
    t.category = QStringLiteral("Explore");
    t.icon = QStringLiteral("chart");
    t.keywords = {QStringLiteral("statistics"),  QStringLiteral("describe"),
                  QStringLiteral("summary"),     QStringLiteral("histogram"),
                  QStringLiteral("correlation"), QStringLiteral("eda")};
    t.help = QStringLiteral("Describes every column: counts, missing values, distinct values, "
                            "statistics of numbers, the most frequent values, histograms, and "
                            "Pearson and Spearman correlations of the numeric columns.");
    t.inputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Table"), PortType::Table}};
    t.outputs = {PortSpec{QStringLiteral("report"), QStringLiteral("Profile"), PortType::Report}};
    t.params = {
        ParamSpec{
            QStringLiteral("top_values"), QStringLiteral("Top values"),
            QStringLiteral("How many of the most frequent values to list per column (default 10)."),
            ParamType::Int, qint64(10), 1, 1000},
        ParamSpec{QStringLiteral("correlations"), QStringLiteral("Correlations"),
                  QStringLiteral("Compute the correlation matrices (default: yes)."),
                  ParamType::Bool, true},
    };
    t.run = [](const NodeInputs &in, core::JobContext &ctx) -> core::Result<NodeOutputs> {
        core::ProfileOptions options;
        options.topValues =
            static_cast<int>(in.params.value(QStringLiteral("top_values")).toLongLong());
        options.correlations = in.params.value(QStringLiteral("correlations")).toBool();
        auto profile = core::Profiler::profile(inputTable(in), options, ctx);
        if (!profile)
            return profile.error();
        return NodeOutputs{std::make_shared<const ProfileReportValue>(std::move(*profile))};
    };
    return t;
}

} // namespace flowline::flows
