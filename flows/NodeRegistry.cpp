#include "NodeRegistry.h"

#include "nodes/BuiltinNodes.h"

#include <QSet>

#include <algorithm>
#include <stdexcept>

namespace flowline::flows {

void NodeRegistry::add(NodeType type)
{
    const auto fail = [&](const char *what) {
        throw std::invalid_argument(type.id.toStdString() + ": " + what);
    };
    if (type.id.isEmpty() || !type.run)
        fail("a node type needs an id and a run function");
    if (m_byId.contains(type.id))
        fail("duplicate node type id");
    for (const auto &old : type.replaces) {
        if (m_byId.contains(old))
            fail("replaces an id that is in use");
    }
    QSet<QString> keys;
    for (const auto &p : type.params) {
        if (keys.contains(p.key))
            fail("duplicate parameter key");
        keys.insert(p.key);
        if (!p.coerce(p.defaultValue).ok() && !p.required)
            fail("a parameter's default does not fit its own spec");
    }
    m_types.push_back(std::make_unique<NodeType>(std::move(type)));
    const NodeType *t = m_types.back().get();
    m_byId.insert(t->id, t);
    for (const auto &old : t->replaces)
        m_byId.insert(old, t);
}

const NodeType *NodeRegistry::find(const QString &id) const
{
    return m_byId.value(id, nullptr);
}

std::vector<const NodeType *> NodeRegistry::types() const
{
    std::vector<const NodeType *> out;
    for (const auto &t : m_types)
        out.push_back(t.get());
    std::sort(out.begin(), out.end(), [](const NodeType *a, const NodeType *b) {
        return std::tie(a->category, a->id) < std::tie(b->category, b->id);
    });
    return out;
}

const NodeRegistry &NodeRegistry::builtin()
{
    static const NodeRegistry registry = [] {
        NodeRegistry r;
        registerBuiltinNodes(r);
        return r;
    }();
    return registry;
}

} // namespace flowline::flows
