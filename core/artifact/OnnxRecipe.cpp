#include "OnnxRecipe.h"

#include "prep/ColumnSteps.h"
#include "prep/OneHot.h"
#include "prep/StepSupport.h"

#include <QJsonArray>
#include <QJsonObject>

#include <cmath>
#include <limits>

namespace flowline::core::artifact::onnx_export {

namespace {

using onnx::TensorProto;

std::string utf8(const QString &s)
{
    return s.toStdString();
}

// What a step needs from the exporter.
class StepExport
{
public:
    StepExport(Graph &graph, OnnxColumns &columns, QString step)
        : g(graph)
        , cols(columns)
        , m_step(std::move(step))
    {}

    Graph &g;
    OnnxColumns &cols;

    Result<OnnxColumn> numeric(const QString &name)
    {
        auto c = cols.get(name);
        if (!c)
            return c.error();
        if (c->text)
            return Error{QStringLiteral("%1 needs a numeric column; '%2' holds categories")
                             .arg(m_step, name)};
        return c;
    }
    Result<OnnxColumn> text(const QString &name)
    {
        auto c = cols.get(name);
        if (!c)
            return c.error();
        if (!c->text)
            return Error{
                QStringLiteral("%1 needs a categorical column; '%2' is numeric").arg(m_step, name)};
        return c;
    }
    Name scalar(double v) { return g.doubles("c", {v}, {1}); }
    OnnxColumn number(Name tensor) { return OnnxColumn{false, std::move(tensor), {}}; }

    // The codes of a text column: each key's code, `fallback` for anything else. Keys replaced by
    // imputation take their replacement's code.
    Name codes(const OnnxColumn &c, const std::map<std::string, std::int64_t> &codeOf,
               std::int64_t fallback)
    {
        std::map<std::string, std::int64_t> keys = codeOf;
        for (const auto &[from, to] : c.replace) {
            const auto it = codeOf.find(to);
            keys[from] = it == codeOf.end() ? fallback : it->second;
        }
        std::vector<std::string> k;
        std::vector<std::int64_t> v;
        for (const auto &[key, code] : keys) {
            k.push_back(key);
            v.push_back(code);
        }
        const Name out = g.fresh("codes");
        auto &n = g.node("LabelEncoder", {c.tensor}, {out}, kMlDomain);
        setStrings(n, "keys_strings", k);
        setInts(n, "values_int64s", v);
        setInt(n, "default_int64", fallback);
        return out;
    }

private:
    QString m_step;
};

std::vector<double> numbers(const QJsonObject &json, const char *field)
{
    std::vector<double> out;
    auto parsed = prep::numbersFromJson(json.value(QLatin1String(field)), QLatin1String(field));
    if (parsed)
        out = std::move(*parsed);
    return out;
}

Result<bool> exportImpute(StepExport &x, const QJsonObject &json)
{
    if (!json.value(QStringLiteral("indicators")).toArray().isEmpty())
        return Error{QStringLiteral("missing-value indicator columns are not mapped yet")};
    const QStringList columns = prep::stringsFromJson(json.value(QStringLiteral("columns")));
    const std::vector<double> fills = numbers(json, "numbers");
    const QStringList texts = prep::stringsFromJson(json.value(QStringLiteral("texts")));
    if (fills.size() != std::size_t(columns.size()) || texts.size() != columns.size())
        return Error{QStringLiteral("malformed step")};
    for (qsizetype i = 0; i < columns.size(); ++i) {
        auto c = x.cols.get(columns[i]);
        if (!c)
            return c.error();
        if (c->text) {
            // A missing category ("") becomes the fill value before any encoding.
            OnnxColumn t = *c;
            const std::string fill = utf8(texts[i]);
            for (auto &[from, to] : t.replace)
                if (to.empty())
                    to = fill;
            t.replace.emplace("", fill);
            x.cols.set(columns[i], std::move(t));
            continue;
        }
        const Name missing = x.g.op("IsNaN", {c->tensor}, "isnan");
        x.cols.set(columns[i],
                   x.number(x.g.op("Where", {missing, x.scalar(fills[std::size_t(i)]), c->tensor},
                                   "imputed")));
    }
    return true;
}

// y = (x - shift) * factor + offset, per column (what standardize, min-max and robust scaling
// compute); a factor given as a divisor keeps our rounding (standardize divides).
Result<bool> exportAffine(StepExport &x, const QStringList &columns,
                          const std::vector<double> &shift, const std::vector<double> &factor,
                          const std::vector<double> &offset, bool divide)
{
    if (shift.size() != std::size_t(columns.size()) || factor.size() != shift.size() ||
        offset.size() != shift.size())
        return Error{QStringLiteral("malformed step")};
    for (qsizetype i = 0; i < columns.size(); ++i) {
        auto c = x.numeric(columns[i]);
        if (!c)
            return c.error();
        const auto k = std::size_t(i);
        Name t = x.g.op("Sub", {c->tensor, x.scalar(shift[k])}, "shifted");
        t = x.g.op(divide ? "Div" : "Mul", {t, x.scalar(factor[k])}, "scaled");
        if (offset[k] != 0.0)
            t = x.g.op("Add", {t, x.scalar(offset[k])}, "offset");
        x.cols.set(columns[i], x.number(t));
    }
    return true;
}

Result<bool> exportStandardize(StepExport &x, const QJsonObject &json)
{
    const QStringList columns = prep::stringsFromJson(json.value(QStringLiteral("columns")));
    std::vector<double> means = numbers(json, "means"), scales = numbers(json, "scales");
    if (!json.value(QStringLiteral("center")).toBool(true))
        means.assign(means.size(), 0.0);
    if (!json.value(QStringLiteral("scale")).toBool(true))
        scales.assign(scales.size(), 1.0);
    return exportAffine(x, columns, means, scales, std::vector<double>(means.size(), 0.0), true);
}

Result<bool> exportMinMax(StepExport &x, const QJsonObject &json)
{
    const QStringList columns = prep::stringsFromJson(json.value(QStringLiteral("columns")));
    const std::vector<double> mins = numbers(json, "mins"), maxs = numbers(json, "maxs");
    const double low = json.value(QStringLiteral("low")).toDouble(0.0);
    const double high = json.value(QStringLiteral("high")).toDouble(1.0);
    std::vector<double> factor(mins.size());
    for (std::size_t k = 0; k < mins.size() && k < maxs.size(); ++k) {
        const double range = maxs[k] - mins[k];
        factor[k] = (high - low) / (range == 0.0 ? 1.0 : range);
    }
    return exportAffine(x, columns, mins, factor, std::vector<double>(mins.size(), low), false);
}

Result<bool> exportRobustScale(StepExport &x, const QJsonObject &json)
{
    const QStringList columns = prep::stringsFromJson(json.value(QStringLiteral("columns")));
    std::vector<double> centers = numbers(json, "centers"), scales = numbers(json, "scales");
    std::vector<double> factor(scales.size(), 1.0);
    if (!json.value(QStringLiteral("center")).toBool(true))
        centers.assign(centers.size(), 0.0);
    if (json.value(QStringLiteral("scale")).toBool(true))
        for (std::size_t k = 0; k < scales.size(); ++k)
            factor[k] = 1.0 / scales[k];
    return exportAffine(x, columns, centers, factor, std::vector<double>(centers.size(), 0.0),
                        false);
}

Result<bool> exportOneHot(StepExport &x, const prep::FittedOneHot &step, const QJsonObject &json)
{
    const bool missingColumn =
        json.value(QStringLiteral("missing")).toString() == QLatin1String("own_column");
    const bool unseenOther =
        json.value(QStringLiteral("unseen")).toString() == QLatin1String("other");
    for (const auto &e : step.columns()) {
        auto c = x.text(e.column);
        if (!c)
            return c.error();
        const QStringList names = step.outputNames(e);
        const auto nCat = std::int64_t(e.categories.size());
        const std::int64_t other = step.hasOther(e) ? nCat : -1;
        std::map<std::string, std::int64_t> codeOf;
        for (std::int64_t i = 0; i < nCat; ++i)
            codeOf[e.categories[std::size_t(i)]] = i;
        for (const std::string &gname : e.grouped)
            codeOf[gname] = other;
        if (c->replace.find("") == c->replace.end())
            codeOf[""] = missingColumn ? std::int64_t(names.size()) - 1 : -1;
        const Name code = x.codes(*c, codeOf, unseenOther ? other : -1);
        std::vector<std::int64_t> range(std::size_t(names.size()));
        for (std::size_t j = 0; j < range.size(); ++j)
            range[j] = std::int64_t(j);
        const Name hot = x.g.op(
            "Equal", {code, x.g.int64s("range", range, {std::int64_t(range.size())})}, "hot");
        const Name block = x.g.cast(hot, TensorProto::DOUBLE);
        if (names.size() == 1) {
            x.cols.set(names.front(), x.number(block));
        } else {
            std::vector<Name> parts;
            for (qsizetype j = 0; j < names.size(); ++j)
                parts.push_back(x.g.fresh("onehot"));
            setInt(x.g.node("Split", {block}, parts), "axis", 1);
            for (qsizetype j = 0; j < names.size(); ++j)
                x.cols.set(names[j], x.number(parts[std::size_t(j)]));
        }
        x.cols.drop(e.column);
    }
    return true;
}

Result<bool> exportOrdinal(StepExport &x, const QJsonObject &json)
{
    for (const QJsonValue &v : json.value(QStringLiteral("columns")).toArray()) {
        const QJsonObject o = v.toObject();
        const QString name = o.value(QStringLiteral("name")).toString();
        auto c = x.text(name);
        if (!c)
            return c.error();
        std::map<std::string, std::int64_t> codeOf;
        std::int64_t i = 0;
        for (const QJsonValue &cat : o.value(QStringLiteral("categories")).toArray())
            codeOf[utf8(cat.toString())] = i++;
        // Unknown and missing categories: code -1, then NaN. (With unseen = error, our step
        // refuses such rows; the graph gives NaN, which the model then sees as a number.)
        const Name code = x.g.cast(x.codes(*c, codeOf, -1), TensorProto::DOUBLE);
        const Name unknown = x.g.op("Less", {code, x.scalar(0.0)}, "unknown");
        x.cols.set(name,
                   x.number(x.g.op(
                       "Where", {unknown, x.scalar(std::numeric_limits<double>::quiet_NaN()), code},
                       "ordinal")));
    }
    return true;
}

Result<bool> exportSelect(StepExport &x, const prep::FittedSelectColumns &step)
{
    if (step.columns().size() != step.names().size())
        return Error{QStringLiteral("malformed step")};
    x.cols.select(step.columns(), step.names());
    return true;
}

const QStringList kKinds = {QStringLiteral("impute"),  QStringLiteral("standardize"),
                            QStringLiteral("minmax"),  QStringLiteral("robust_scale"),
                            QStringLiteral("one_hot"), QStringLiteral("ordinal"),
                            QStringLiteral("select"),  QStringLiteral("set_role")};

Result<bool> exportStep(Graph &graph, OnnxColumns &columns, const prep::FittedStep &step)
{
    StepExport x(graph, columns, step.kind());
    const QJsonObject json = step.toJson();
    const QString kind = step.kind();
    if (kind == QLatin1String("impute"))
        return exportImpute(x, json);
    if (kind == QLatin1String("standardize"))
        return exportStandardize(x, json);
    if (kind == QLatin1String("minmax"))
        return exportMinMax(x, json);
    if (kind == QLatin1String("robust_scale"))
        return exportRobustScale(x, json);
    if (kind == QLatin1String("one_hot"))
        return exportOneHot(x, static_cast<const prep::FittedOneHot &>(step), json);
    if (kind == QLatin1String("ordinal"))
        return exportOrdinal(x, json);
    if (kind == QLatin1String("select"))
        return exportSelect(x, static_cast<const prep::FittedSelectColumns &>(step));
    if (kind == QLatin1String("set_role"))
        return true; // roles do not change values
    return Error{QStringLiteral("no ONNX mapping for this step yet (mapped: %1)")
                     .arg(kKinds.join(QStringLiteral(", ")))};
}

} // namespace

OnnxColumns::OnnxColumns(Graph &graph, const prep::Recipe &recipe, const QString &target)
    : m_graph(graph)
{
    for (const auto &c : recipe.source())
        if (c.name != target)
            m_source[c.name] = Source{c.name, c.kind};
}

Result<OnnxColumn> OnnxColumns::get(const QString &name)
{
    if (const auto it = m_columns.find(name); it != m_columns.end())
        return it->second;
    const auto src = m_source.find(name);
    if (src == m_source.end())
        return Error{QStringLiteral("column '%1' is not available to the graph").arg(name)};
    const ColumnKind kind = src->second.kind;
    const QString raw = src->second.input;
    if (kind == ColumnKind::Text || kind == ColumnKind::Datetime)
        return Error{QStringLiteral("input column '%1' is %2; only numeric, categorical and "
                                    "boolean inputs are mapped")
                         .arg(raw, kindName(kind))};
    const Name input = utf8(raw);
    if (!m_graph.claim(input))
        return Error{QStringLiteral("input column '%1' clashes with a tensor name").arg(raw)};
    const bool text = kind != ColumnKind::Numeric;
    m_graph.input(input, text ? TensorProto::STRING : TensorProto::DOUBLE, {kBatch, 1});
    m_inputs << raw;
    m_source.erase(src);
    OnnxColumn c{text, input, {}};
    m_columns[name] = c;
    return c;
}

void OnnxColumns::select(const QStringList &columns, const QStringList &names)
{
    std::map<QString, OnnxColumn> kept;
    std::map<QString, Source> keptSource;
    for (qsizetype i = 0; i < columns.size() && i < names.size(); ++i) {
        if (const auto it = m_columns.find(columns[i]); it != m_columns.end())
            kept[names[i]] = it->second;
        else if (const auto src = m_source.find(columns[i]); src != m_source.end())
            keptSource[names[i]] = src->second;
    }
    m_columns = std::move(kept);
    m_source = std::move(keptSource);
}

void exportRecipe(Graph &graph, const prep::Recipe &recipe, OnnxColumns &columns,
                  QStringList &problems)
{
    bool failed = false;
    for (std::size_t i = 0; i < recipe.steps().size(); ++i) {
        const prep::FittedStep &step = *recipe.steps()[i];
        const QString where = QStringLiteral("step %1 (%2)").arg(i + 1).arg(step.kind());
        if (failed) {
            if (!kKinds.contains(step.kind()))
                problems << where + QStringLiteral(": no ONNX mapping for this step yet");
            continue;
        }
        auto ok = exportStep(graph, columns, step);
        if (!ok) {
            problems << where + QStringLiteral(": ") + ok.error().message;
            failed = true;
        }
    }
}

QStringList onnxStepKinds()
{
    return kKinds;
}

} // namespace flowline::core::artifact::onnx_export
