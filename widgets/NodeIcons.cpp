#include "NodeIcons.h"

#include "NodeType.h"

#include <QFile>
#include <QHash>

// Resources of a static library are registered by hand, once (outside any namespace, as
// Q_INIT_RESOURCE declares a global function).
static void ensureIconResources()
{
    static const bool done = [] {
        Q_INIT_RESOURCE(icons);
        return true;
    }();
    Q_UNUSED(done);
}

namespace flowline::widgets {

namespace {

QIcon cachedIcon(const QString &path)
{
    static QHash<QString, QIcon> cache;
    auto it = cache.find(path);
    if (it == cache.end())
        it = cache.insert(path, QIcon(path));
    return *it;
}

QString existing(const QString &path)
{
    ensureIconResources();
    return QFile::exists(path) ? path : QString();
}

} // namespace

QIcon categoryIcon(const QString &category)
{
    const QString path =
        existing(QStringLiteral(":/icons/category-%1.svg").arg(category.toLower()));
    return cachedIcon(path.isEmpty() ? QStringLiteral(":/icons/node.svg") : path);
}

QIcon nodeIcon(const flows::NodeType &type)
{
    if (!type.icon.isEmpty()) {
        const QString path = existing(QStringLiteral(":/icons/%1.svg").arg(type.icon));
        if (!path.isEmpty())
            return cachedIcon(path);
    }
    return categoryIcon(type.category);
}

} // namespace flowline::widgets
