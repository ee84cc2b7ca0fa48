#pragma once

#include <QIcon>
#include <QString>

namespace flowline::flows {
struct NodeType;
}

namespace flowline::widgets {

// The picture of a node type: its own icon (":/icons/<icon>.svg") when it names one that exists,
// else its category's, else a plain square. Icons are cached; call on the UI thread.
QIcon nodeIcon(const flows::NodeType &type);
QIcon categoryIcon(const QString &category);

} // namespace flowline::widgets
