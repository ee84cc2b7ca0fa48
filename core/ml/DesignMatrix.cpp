#include "DesignMatrix.h"

#include "table/BooleanColumn.h"
#include "table/CategoricalColumn.h"
#include "table/NumericColumn.h"
#include "table/TextColumn.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace flowline::core::ml {

namespace {

QString numberText(double x)
{
    return QString::number(x, 'g', 17).length() > QString::number(x, 'g', 15).length() &&
                   QString::number(x, 'g', 15).toDouble() == x
               ? QString::number(x, 'g', 15)
               : QString::number(x, 'g', 17);
}

} // namespace

Result<Eigen::MatrixXd> featureMatrix(const Table &table, const QStringList &features)
{
    const Eigen::Index n = table.rowCount();
    Eigen::MatrixXd X(n, features.size());
    for (int j = 0; j < features.size(); ++j) {
        const int c = table.indexOf(features[j]);
        if (c < 0)
            return Error{QStringLiteral("the feature column '%1' is missing").arg(features[j])};
        const ColumnPtr &col = table.column(c);
        if (col->kind() == ColumnKind::Numeric) {
            const auto &v = static_cast<const NumericColumn &>(*col);
            X.col(j) = v.vector();
            for (Eigen::Index i = 0; i < n; ++i)
                if (!std::isfinite(X(i, j)))
                    return Error{QStringLiteral("the feature column '%1' has a %2 value in row %3; "
                                                "impute or drop missing values first")
                                     .arg(features[j], std::isnan(X(i, j))
                                                           ? QStringLiteral("missing")
                                                           : QStringLiteral("infinite"))
                                     .arg(i + 1)};
        } else if (col->kind() == ColumnKind::Boolean) {
            const auto &v = static_cast<const BooleanColumn &>(*col);
            for (Eigen::Index i = 0; i < n; ++i) {
                const auto b = v.value(i);
                if (b == BooleanColumn::kMissing)
                    return Error{QStringLiteral("the feature column '%1' has a missing value in "
                                                "row %2; impute or drop missing values first")
                                     .arg(features[j])
                                     .arg(i + 1)};
                X(i, j) = b ? 1.0 : 0.0;
            }
        } else {
            return Error{QStringLiteral("the feature column '%1' is %2; models need numbers — "
                                        "encode it first (one-hot or ordinal)")
                             .arg(features[j], kindName(col->kind()))};
        }
    }
    return X;
}

Result<QStringList> learnClasses(const Table &table, const QString &target)
{
    const int c = table.indexOf(target);
    if (c < 0)
        return Error{QStringLiteral("there is no target column '%1'").arg(target)};
    const ColumnPtr &col = table.column(c);
    QStringList out;
    switch (col->kind()) {
    case ColumnKind::Numeric: {
        std::set<double> values;
        for (double x : static_cast<const NumericColumn &>(*col).values())
            if (!std::isnan(x))
                values.insert(x);
        for (double x : values)
            out << numberText(x);
        break;
    }
    case ColumnKind::Boolean: {
        bool seen[2] = {false, false};
        for (auto b : static_cast<const BooleanColumn &>(*col).values())
            if (b != BooleanColumn::kMissing)
                seen[b ? 1 : 0] = true;
        if (seen[0])
            out << QStringLiteral("false");
        if (seen[1])
            out << QStringLiteral("true");
        break;
    }
    case ColumnKind::Categorical: {
        const auto &cat = static_cast<const CategoricalColumn &>(*col);
        std::vector<bool> used(static_cast<std::size_t>(cat.categoryCount()), false);
        for (auto code : cat.codes())
            if (code >= 0)
                used[static_cast<std::size_t>(code)] = true;
        std::vector<std::string> names;
        for (std::int32_t k = 0; k < cat.categoryCount(); ++k)
            if (used[static_cast<std::size_t>(k)])
                names.emplace_back(cat.category(k));
        std::sort(names.begin(), names.end());
        for (const auto &s : names)
            out << QString::fromStdString(s);
        break;
    }
    case ColumnKind::Text:
    case ColumnKind::Datetime: {
        std::set<QString> values;
        const std::int64_t n = col->size();
        for (std::int64_t i = 0; i < n; ++i)
            if (!col->isMissing(i))
                values.insert(col->displayValue(i));
        // Byte order of UTF-8 equals code point order; QString compares UTF-16 units, which
        // differs only for characters beyond U+FFFF against U+E000..U+FFFF. Sort by UTF-8.
        std::vector<QByteArray> bytes;
        for (const QString &s : values)
            bytes.push_back(s.toUtf8());
        std::sort(bytes.begin(), bytes.end());
        for (const QByteArray &b : bytes)
            out << QString::fromUtf8(b);
        break;
    }
    }
    return out;
}

Result<Eigen::VectorXi> encodeClasses(const Table &table, const QString &target,
                                      const QStringList &classes)
{
    const int c = table.indexOf(target);
    if (c < 0)
        return Error{QStringLiteral("there is no target column '%1'").arg(target)};
    const ColumnPtr &col = table.column(c);
    const Eigen::Index n = table.rowCount();
    Eigen::VectorXi out(n);
    if (col->kind() == ColumnKind::Numeric) {
        std::map<double, int> index;
        for (int k = 0; k < classes.size(); ++k)
            index.emplace(classes[k].toDouble(), k);
        const auto &v = static_cast<const NumericColumn &>(*col);
        for (Eigen::Index i = 0; i < n; ++i) {
            auto it = index.find(v.value(i));
            out[i] = std::isnan(v.value(i)) || it == index.end() ? -1 : it->second;
        }
        return out;
    }
    if (col->kind() == ColumnKind::Categorical) {
        const auto &cat = static_cast<const CategoricalColumn &>(*col);
        std::vector<int> codeToClass(static_cast<std::size_t>(cat.categoryCount()), -1);
        for (std::int32_t k = 0; k < cat.categoryCount(); ++k)
            codeToClass[static_cast<std::size_t>(k)] = int(classes.indexOf(
                QString::fromUtf8(cat.category(k).data(), qsizetype(cat.category(k).size()))));
        for (Eigen::Index i = 0; i < n; ++i) {
            const auto code = cat.code(i);
            out[i] = code < 0 ? -1 : codeToClass[static_cast<std::size_t>(code)];
        }
        return out;
    }
    QHash<QString, int> index;
    for (int k = 0; k < classes.size(); ++k)
        index.insert(classes[k], k);
    for (Eigen::Index i = 0; i < n; ++i)
        out[i] = col->isMissing(i) ? -1 : index.value(col->displayValue(i), -1);
    return out;
}

bool looksCategorical(const Table &table, const QString &target, int maxClasses)
{
    const int c = table.indexOf(target);
    if (c < 0)
        return false;
    const ColumnPtr &col = table.column(c);
    if (col->kind() != ColumnKind::Numeric)
        return true;
    std::set<double> values;
    for (double x : static_cast<const NumericColumn &>(*col).values()) {
        if (std::isnan(x))
            continue;
        if (x != std::floor(x))
            return false;
        values.insert(x);
        if (int(values.size()) > maxClasses)
            return false;
    }
    return !values.empty();
}

Result<Dataset> buildDataset(const Table &table, const QStringList &features, const QString &target,
                             Task task, QStringList &classes, std::int64_t *droppedRows)
{
    Dataset d;
    d.features = features;
    auto X = featureMatrix(table, features);
    if (!X)
        return X.error();
    if (droppedRows)
        *droppedRows = 0;
    if (task == Task::Clustering || task == Task::Anomaly || target.isEmpty()) {
        d.X = std::move(*X);
        return d;
    }
    const int tc = table.indexOf(target);
    if (tc < 0)
        return Error{QStringLiteral("there is no target column '%1'").arg(target)};
    Eigen::VectorXd y(table.rowCount());
    if (task == Task::Regression) {
        const auto *num = table.numeric(tc);
        if (!num)
            return Error{QStringLiteral("regression needs a numeric target; '%1' is %2")
                             .arg(target, kindName(table.kind(tc)))};
        y = num->vector();
    } else {
        if (classes.isEmpty()) {
            auto learned = learnClasses(table, target);
            if (!learned)
                return learned.error();
            classes = *learned;
        }
        if (classes.size() < 2)
            return Error{QStringLiteral("classification needs at least two classes in '%1'; "
                                        "found %2")
                             .arg(target)
                             .arg(classes.size())};
        auto codes = encodeClasses(table, target, classes);
        if (!codes)
            return codes.error();
        for (Eigen::Index i = 0; i < y.size(); ++i)
            y[i] = (*codes)[i] < 0 ? std::nan("") : double((*codes)[i]);
        d.classCount = int(classes.size());
    }
    std::vector<Eigen::Index> keep;
    keep.reserve(std::size_t(y.size()));
    for (Eigen::Index i = 0; i < y.size(); ++i)
        if (std::isfinite(y[i]))
            keep.push_back(i);
    if (Eigen::Index(keep.size()) == y.size()) {
        d.X = std::move(*X);
        d.y = std::move(y);
    } else {
        d.X.resize(Eigen::Index(keep.size()), X->cols());
        d.y.resize(Eigen::Index(keep.size()));
        for (std::size_t k = 0; k < keep.size(); ++k) {
            d.X.row(Eigen::Index(k)) = X->row(keep[k]);
            d.y[Eigen::Index(k)] = y[keep[k]];
        }
        if (droppedRows)
            *droppedRows = y.size() - Eigen::Index(keep.size());
    }
    if (d.rows() == 0)
        return Error{QStringLiteral("no rows with a target value to learn from")};
    return d;
}

void applyClassWeight(Dataset &data, const QString &mode)
{
    if (mode != QLatin1String("balanced") || data.classCount < 2)
        return;
    std::vector<double> count(std::size_t(data.classCount), 0.0);
    for (Eigen::Index i = 0; i < data.y.size(); ++i)
        count[std::size_t(data.y[i])] += 1.0;
    int present = 0;
    for (double c : count)
        present += c > 0 ? 1 : 0;
    const double n = double(data.y.size());
    if (!data.weighted())
        data.weight = Eigen::VectorXd::Ones(data.y.size());
    for (Eigen::Index i = 0; i < data.y.size(); ++i)
        data.weight[i] *= n / (present * count[std::size_t(data.y[i])]);
}

} // namespace flowline::core::ml
