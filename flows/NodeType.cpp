#include "NodeType.h"

namespace flowline::flows {

const ParamSpec *NodeType::param(const QString &key) const
{
    for (const auto &p : params) {
        if (p.key == key)
            return &p;
    }
    return nullptr;
}

int NodeType::inputIndex(const QString &key) const
{
    for (int i = 0; i < inputs.size(); ++i) {
        if (inputs[i].key == key)
            return i;
    }
    return -1;
}

int NodeType::outputIndex(const QString &key) const
{
    for (int i = 0; i < outputs.size(); ++i) {
        if (outputs[i].key == key)
            return i;
    }
    return -1;
}

QVariantMap NodeType::defaultParams() const
{
    QVariantMap values;
    for (const auto &p : params)
        values.insert(p.key, p.defaultValue);
    return values;
}

} // namespace flowline::flows
