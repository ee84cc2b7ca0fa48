#include "Tree.h"

#include "ModelJson.h"

#include <algorithm>
#include <cmath>

namespace flowline::core::ml {

FloatRows toFloatRows(const Eigen::MatrixXd &X)
{
    return X.cast<float>();
}

int Tree::leafCount() const
{
    return int(std::count(feature.begin(), feature.end(), -1));
}

int Tree::depth() const
{
    // Children come after their parent, so one forward pass sets every depth.
    std::vector<int> d(feature.size(), 0);
    int deepest = 0;
    for (std::size_t n = 0; n < feature.size(); ++n) {
        deepest = std::max(deepest, d[n]);
        if (feature[n] >= 0) {
            d[std::size_t(left[n])] = d[n] + 1;
            d[std::size_t(right[n])] = d[n] + 1;
        }
    }
    return deepest;
}

int Tree::addNode(const double *nodeValue)
{
    feature.push_back(-1);
    threshold.push_back(0.0);
    left.push_back(-1);
    right.push_back(-1);
    value.insert(value.end(), nodeValue, nodeValue + outputs);
    return int(feature.size()) - 1;
}

QJsonObject Tree::toJson() const
{
    return QJsonObject{{QStringLiteral("feature"), intsToJson(feature)},
                       {QStringLiteral("threshold"), vectorToJson(threshold)},
                       {QStringLiteral("left"), intsToJson(left)},
                       {QStringLiteral("right"), intsToJson(right)},
                       {QStringLiteral("value"), vectorToJson(value)}};
}

Result<Tree> Tree::fromJson(const QJsonValue &json, int featureCount, int outputs,
                            const QString &field)
{
    const auto bad = [&](const QString &why) {
        return Error{QStringLiteral("model field '%1': %2").arg(field, why)};
    };
    if (!json.isObject())
        return bad(QStringLiteral("expected a tree object"));
    if (outputs < 1)
        return bad(QStringLiteral("bad output count"));
    const QJsonObject o = json.toObject();
    const QJsonValue featureJson = o.value(QStringLiteral("feature"));
    if (!featureJson.isArray() || featureJson.toArray().isEmpty() ||
        featureJson.toArray().size() > kMaxTreeNodes)
        return bad(QStringLiteral("expected between 1 and %1 nodes").arg(kMaxTreeNodes));
    const Eigen::Index n = featureJson.toArray().size();
    if (n > kMaxJsonElements / outputs)
        return bad(QStringLiteral("too many values"));
    Tree t;
    t.outputs = outputs;
    auto f = intsFromJson(featureJson, field + QStringLiteral(".feature"), n);
    if (!f)
        return f.error();
    auto th = stdVectorFromJson(o.value(QStringLiteral("threshold")),
                                field + QStringLiteral(".threshold"), n);
    if (!th)
        return th.error();
    auto l = intsFromJson(o.value(QStringLiteral("left")), field + QStringLiteral(".left"), n);
    if (!l)
        return l.error();
    auto r = intsFromJson(o.value(QStringLiteral("right")), field + QStringLiteral(".right"), n);
    if (!r)
        return r.error();
    auto v = stdVectorFromJson(o.value(QStringLiteral("value")), field + QStringLiteral(".value"),
                               n * outputs);
    if (!v)
        return v.error();
    t.feature = std::move(*f);
    t.threshold = std::move(*th);
    t.left = std::move(*l);
    t.right = std::move(*r);
    t.value = std::move(*v);
    std::vector<char> hasParent(std::size_t(n), 0);
    for (std::size_t i = 0; i < std::size_t(n); ++i) {
        if (t.feature[i] == -1) {
            if (t.left[i] != -1 || t.right[i] != -1)
                return bad(QStringLiteral("leaf %1 has children").arg(i));
            continue;
        }
        if (t.feature[i] < 0 || t.feature[i] >= featureCount)
            return bad(QStringLiteral("node %1: feature index out of range").arg(i));
        if (!std::isfinite(t.threshold[i]))
            return bad(QStringLiteral("node %1: threshold is not finite").arg(i));
        for (std::int32_t c : {t.left[i], t.right[i]}) {
            if (c <= std::int32_t(i) || c >= n)
                return bad(QStringLiteral("node %1: child index out of range").arg(i));
            if (hasParent[std::size_t(c)])
                return bad(QStringLiteral("node %1 has two parents").arg(c));
            hasParent[std::size_t(c)] = 1;
        }
    }
    for (std::size_t i = 1; i < std::size_t(n); ++i)
        if (!hasParent[i])
            return bad(QStringLiteral("node %1 is unreachable").arg(i));
    for (double x : t.value)
        if (!std::isfinite(x))
            return bad(QStringLiteral("a node value is not finite"));
    return t;
}

} // namespace flowline::core::ml
