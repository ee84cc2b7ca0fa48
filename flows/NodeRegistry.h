#pragma once

#include "NodeType.h"

#include <QHash>

#include <memory>
#include <vector>

namespace flowline::flows {

// The node types a flow may use, by id (and by the ids they replace).
class NodeRegistry
{
public:
    // Throws std::invalid_argument for a duplicate or malformed type: a programming error.
    void add(NodeType type);
    // The type with this id, or whose `replaces` lists it; nullptr when unknown.
    const NodeType *find(const QString &id) const;
    std::vector<const NodeType *> types() const; // sorted by category, then id

    // The registry with every built-in node type.
    static const NodeRegistry &builtin();

private:
    std::vector<std::unique_ptr<NodeType>> m_types;
    QHash<QString, const NodeType *> m_byId;
};

} // namespace flowline::flows
