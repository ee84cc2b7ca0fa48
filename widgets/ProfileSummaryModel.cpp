#include "ProfileSummaryModel.h"

#include "DisplayFormat.h"

#include <QGuiApplication>
#include <QPalette>

#include <limits>

namespace flowline::widgets {

double missingFraction(const core::ColumnProfile &column)
{
    const std::int64_t rows = column.count + column.missing;
    return rows > 0 ? static_cast<double>(column.missing) / static_cast<double>(rows)
                    : std::numeric_limits<double>::quiet_NaN();
}

ProfileSummaryModel::ProfileSummaryModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void ProfileSummaryModel::setProfile(const core::TableProfile &profile)
{
    beginResetModel();
    m_profile = profile;
    endResetModel();
}

int ProfileSummaryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_profile.columns.size());
}

int ProfileSummaryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : FieldCount;
}

QVariant ProfileSummaryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const auto &column = m_profile.columns[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return displayData(column, index.column());
    case SortRole:
        return sortData(column, index.column());
    case Qt::TextAlignmentRole:
        if (index.column() == Missing || index.column() == Distinct ||
            (index.column() == Summary && column.kind == core::ColumnKind::Numeric))
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return QVariant::fromValue(Qt::Alignment(Qt::AlignLeft | Qt::AlignVCenter));
    case Qt::ForegroundRole:
        if ((index.column() == Missing && column.missing == 0) || index.column() == Kind)
            return QGuiApplication::palette().color(QPalette::PlaceholderText);
        return {};
    case Qt::ToolTipRole:
        if (index.column() == Missing)
            return tr("%1 of %2 rows missing")
                .arg(formatCount(column.missing), formatCount(column.count + column.missing));
        if (index.column() == Distinct && !column.distinctExact)
            return tr("Estimated (HyperLogLog)");
        if (index.column() == Name)
            return tr("%1 (%2 column)").arg(column.name, kindLabel(column.kind));
        if (index.column() == Summary)
            return displayData(column, Summary); // often elided in the list
        return {};
    default:
        return {};
    }
}

QVariant ProfileSummaryModel::displayData(const core::ColumnProfile &column, int field) const
{
    switch (field) {
    case Name:
        return column.name;
    case Kind:
        return kindLabel(column.kind);
    case Missing:
        return formatPercent(missingFraction(column));
    case Distinct:
        return (column.distinctExact ? QString() : QStringLiteral("≈")) +
               formatCount(column.distinct);
    case Summary:
        switch (column.kind) {
        case core::ColumnKind::Numeric:
            return tr("mean %1").arg(formatNumber(column.mean, 4));
        case core::ColumnKind::Datetime:
            if (column.count == 0)
                return missingPlaceholder();
            return tr("%1 … %2").arg(formatDateTime(column.minTime).left(10),
                                     formatDateTime(column.maxTime).left(10));
        case core::ColumnKind::Categorical:
        case core::ColumnKind::Text:
        case core::ColumnKind::Boolean:
            if (column.top.empty())
                return missingPlaceholder();
            return tr("top %1").arg(column.top.front().first);
        }
        return {};
    default:
        return {};
    }
}

QVariant ProfileSummaryModel::sortData(const core::ColumnProfile &column, int field) const
{
    switch (field) {
    case Name:
        return column.name;
    case Kind:
        return static_cast<int>(column.kind);
    case Missing:
        return static_cast<qlonglong>(column.missing);
    case Distinct:
        return static_cast<qlonglong>(column.distinct);
    case Summary:
        if (column.kind == core::ColumnKind::Numeric)
            return column.mean;
        return displayData(column, field);
    default:
        return {};
    }
}

QVariant ProfileSummaryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name:
        return tr("Column");
    case Kind:
        return tr("Kind");
    case Missing:
        return tr("Missing");
    case Distinct:
        return tr("Distinct");
    case Summary:
        return tr("Summary");
    default:
        return {};
    }
}

Qt::ItemFlags ProfileSummaryModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return QAbstractTableModel::flags(index);
    return QAbstractTableModel::flags(index) | Qt::ItemNeverHasChildren;
}

} // namespace flowline::widgets
