#pragma once

// Column bookkeeping recorded in the recipe: selecting (keeping, dropping, reordering,
// renaming) columns and setting their roles. Neither learns from the data; they are recorded
// so that a recipe applied to raw rows gives the same columns as the branch it was made on.

#include "FittedStep.h"

#include <QStringList>

#include <vector>

namespace flowline::core::prep {

enum class SelectMode { Keep, Drop };

struct SelectColumnsSpec
{
    QStringList columns; // the columns to keep (in this order) or to drop
    SelectMode mode = SelectMode::Keep;
    QList<QPair<QString, QString>> renames; // old name -> new name, applied after selecting
};

// The columns kept, in order, and their names after renaming. Applied, it keeps exactly those
// columns (a missing one is an Error naming it); the others are dropped.
class FittedSelectColumns : public FittedStep
{
public:
    FittedSelectColumns(QStringList columns, QStringList names);

    QString kind() const override { return QStringLiteral("select"); }
    Result<Table> apply(const Table &in, JobContext &ctx) const override;
    QJsonObject toJson() const override;
    QString summary() const override;
    static Result<FittedStepPtr> fromJson(const QJsonObject &json);
    Result<Refitted> refit(const Table &in, JobContext &ctx) const override;

    const QStringList &columns() const { return m_columns; }
    const QStringList &names() const { return m_names; }

private:
    QStringList m_columns;
    QStringList m_names;
};

// Resolves keep / drop against the table's columns; a name not in the table, listed twice, or
// a rename that clashes is an Error naming it.
Result<std::shared_ptr<const FittedSelectColumns>>
fitSelectColumns(const Table &table, const SelectColumnsSpec &spec, JobContext &ctx);

struct SetRoleSpec
{
    QStringList columns;
    ColumnRole role = ColumnRole::Target;
};

// Gives the columns a role ("feature", "target", "identifier", "ignored").
class FittedSetRole : public FittedStep
{
public:
    explicit FittedSetRole(SetRoleSpec spec);

    QString kind() const override { return QStringLiteral("set_role"); }
    Result<Table> apply(const Table &in, JobContext &ctx) const override;
    QJsonObject toJson() const override;
    QString summary() const override;
    static Result<FittedStepPtr> fromJson(const QJsonObject &json);
    Result<Refitted> refit(const Table &in, JobContext &ctx) const override;

private:
    SetRoleSpec m_spec;
};

Result<std::shared_ptr<const FittedSetRole>> fitSetRole(const Table &table, const SetRoleSpec &spec,
                                                        JobContext &ctx);

} // namespace flowline::core::prep
