#include "Model.h"

namespace flowline::core::ml {

QString taskName(Task task)
{
    switch (task) {
    case Task::Regression:
        return QStringLiteral("regression");
    case Task::Classification:
        return QStringLiteral("classification");
    case Task::Clustering:
        return QStringLiteral("clustering");
    case Task::Anomaly:
        return QStringLiteral("anomaly");
    }
    return {};
}

std::optional<Task> taskFromName(const QString &name)
{
    for (Task t : {Task::Regression, Task::Classification, Task::Clustering, Task::Anomaly})
        if (taskName(t) == name)
            return t;
    return std::nullopt;
}

Eigen::MatrixXd Model::predictProba(const Eigen::MatrixXd &, JobContext &) const
{
    return {};
}

Eigen::MatrixXd Model::decisionFunction(const Eigen::MatrixXd &, JobContext &) const
{
    return {};
}

} // namespace flowline::core::ml
