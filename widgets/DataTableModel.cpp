#include "DataTableModel.h"

#include "DisplayFormat.h"
#include "table/NumericColumn.h"

#include <QGuiApplication>
#include <QPalette>

#include <climits>
#include <cmath>

namespace flowline::widgets {

DataTableModel::DataTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    // Only italic is set, so the view's own font is kept otherwise (QFont::resolve).
    m_missingFont.setItalic(true);
}

void DataTableModel::setTable(core::Table table)
{
    beginResetModel();
    m_table = std::move(table);
    // Item views count rows in int; a longer table shows its first INT_MAX rows.
    m_rows = static_cast<int>(std::min<std::int64_t>(m_table.rowCount(), INT_MAX));
    endResetModel();
}

int DataTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int DataTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_table.columnCount();
}

QString DataTableModel::cellText(const core::Column &column, std::int64_t row) const
{
    if (column.kind() == core::ColumnKind::Numeric) {
        // Whole numbers read as integers ("1000000", not "1e+06"); others in their shortest form.
        const double v = static_cast<const core::NumericColumn &>(column).value(row);
        if (std::abs(v) < 1e15 && v == std::trunc(v))
            return QString::number(static_cast<qlonglong>(v));
    }
    return column.displayValue(row);
}

QVariant DataTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows || index.column() >= m_table.columnCount())
        return {};
    const core::Column &column = *m_table.column(index.column());
    const std::int64_t row = index.row();

    switch (role) {
    case Qt::DisplayRole:
        return column.isMissing(row) ? missingPlaceholder() : cellText(column, row);
    case Qt::TextAlignmentRole:
        if (column.isMissing(row))
            return QVariant::fromValue(Qt::Alignment(Qt::AlignCenter));
        return QVariant::fromValue(column.kind() == core::ColumnKind::Numeric
                                       ? Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter)
                                       : Qt::Alignment(Qt::AlignLeft | Qt::AlignVCenter));
    case Qt::ForegroundRole:
        if (column.isMissing(row))
            return QGuiApplication::palette().color(QPalette::PlaceholderText);
        return {};
    case Qt::FontRole:
        if (column.isMissing(row))
            return m_missingFont;
        return {};
    case Qt::ToolTipRole:
        if (column.isMissing(row))
            return tr("missing");
        // Long text is elided in the cell; the tooltip shows all of it.
        if (column.kind() == core::ColumnKind::Text)
            return column.displayValue(row);
        return {};
    case MissingRole:
        return column.isMissing(row);
    case ColumnKindRole:
        return static_cast<int>(column.kind());
    default:
        return {};
    }
}

QVariant DataTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical) {
        if (role == Qt::TextAlignmentRole)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    if (section < 0 || section >= m_table.columnCount())
        return {};
    const QString &name = m_table.columnName(section);
    const core::ColumnKind kind = m_table.kind(section);
    switch (role) {
    case Qt::DisplayRole:
        return name + QLatin1Char('\n') + kindLabel(kind);
    case Qt::ToolTipRole:
        return tr("%1 (%2 column)").arg(name, kindLabel(kind));
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(Qt::Alignment(Qt::AlignLeft | Qt::AlignVCenter));
    case ColumnKindRole:
        return static_cast<int>(kind);
    default:
        return {};
    }
}

Qt::ItemFlags DataTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return QAbstractTableModel::flags(index);
    return QAbstractTableModel::flags(index) | Qt::ItemNeverHasChildren;
}

} // namespace flowline::widgets
