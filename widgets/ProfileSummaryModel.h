#pragma once

#include "stats/Profiler.h"

#include <QAbstractTableModel>

namespace flowline::widgets {

// One row per profiled column: name, kind, missing share, distinct count and a one-value
// summary (the mean, or the most frequent value). SortRole gives numbers for sorting.
class ProfileSummaryModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Field { Name, Kind, Missing, Distinct, Summary, FieldCount };
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit ProfileSummaryModel(QObject *parent = nullptr);

    void setProfile(const core::TableProfile &profile);
    const core::TableProfile &profile() const { return m_profile; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

private:
    QVariant displayData(const core::ColumnProfile &column, int field) const;
    QVariant sortData(const core::ColumnProfile &column, int field) const;

    core::TableProfile m_profile;
};

// Missing values as a share of all rows of a profiled column (NaN when it has no rows).
double missingFraction(const core::ColumnProfile &column);

} // namespace flowline::widgets
