#include "Pca.h"

#include "StepSupport.h"
#include "jobs/JobContext.h"
#include "table/NumericColumn.h"

#include <Eigen/SVD>

#include <QJsonArray>

namespace flowline::core::prep {

namespace {

Result<Eigen::MatrixXd> matrixOf(const Table &table, const std::vector<int> &cols)
{
    Eigen::MatrixXd x(table.rowCount(), static_cast<Eigen::Index>(cols.size()));
    for (std::size_t j = 0; j < cols.size(); ++j) {
        const auto *col = table.numeric(cols[j]);
        if (col->missingCount() > 0)
            return Error{QStringLiteral("PCA: column '%1' has missing values; impute them first")
                             .arg(table.columnName(cols[j]))};
        x.col(static_cast<Eigen::Index>(j)) = col->vector();
    }
    return x;
}

} // namespace

FittedPca::FittedPca(PcaSpec spec, QStringList columns, Eigen::VectorXd means,
                     Eigen::MatrixXd basis, Eigen::VectorXd explainedVariance,
                     Eigen::VectorXd explainedRatio)
    : m_spec(std::move(spec))
    , m_columns(std::move(columns))
    , m_means(std::move(means))
    , m_basis(std::move(basis))
    , m_variance(std::move(explainedVariance))
    , m_ratio(std::move(explainedRatio))
{}

Result<std::shared_ptr<const FittedPca>> fitPca(const Table &table, const PcaSpec &spec,
                                                JobContext &ctx)
{
    auto cols = resolveColumns(table, spec.columns, {ColumnKind::Numeric}, QStringLiteral("PCA"));
    if (!cols)
        return cols.error();
    if (cols->empty())
        return Error{QStringLiteral("PCA: no numeric column to work on")};
    if (table.rowCount() < 2)
        return Error{QStringLiteral("PCA needs at least two rows")};
    auto x = matrixOf(table, *cols);
    if (!x)
        return x.error();
    const Eigen::VectorXd means = x->colwise().mean();
    x->rowwise() -= means.transpose();
    ctx.setProgress(0.3, QStringLiteral("singular value decomposition"));
    Eigen::BDCSVD<Eigen::MatrixXd> svd(*x, Eigen::ComputeThinU | Eigen::ComputeThinV);
    if (ctx.isCanceled())
        return Error{QStringLiteral("canceled")};
    const Eigen::VectorXd s = svd.singularValues();
    const double n1 = static_cast<double>(table.rowCount() - 1);
    const Eigen::VectorXd variance = s.array().square() / n1;
    const double total = variance.sum();
    const Eigen::VectorXd ratio =
        total > 0 ? Eigen::VectorXd(variance / total) : Eigen::VectorXd::Zero(variance.size());
    const auto maxK = static_cast<int>(s.size());
    int k = spec.components;
    if (k > maxK)
        return Error{
            QStringLiteral("PCA: %1 components asked, at most %2 possible").arg(k).arg(maxK)};
    if (k <= 0) {
        if (!(spec.varianceToKeep > 0 && spec.varianceToKeep <= 1))
            return Error{QStringLiteral("PCA: the share of variance to keep must be in (0, 1]")};
        double cumulative = 0;
        k = 0;
        while (k < maxK && cumulative < spec.varianceToKeep - 1e-12)
            cumulative += ratio[k++];
        k = std::max(k, 1);
    }
    Eigen::MatrixXd basis = svd.matrixV().leftCols(k);
    const Eigen::MatrixXd &u = svd.matrixU();
    for (int j = 0; j < k; ++j) {
        Eigen::Index at = 0;
        u.col(j).cwiseAbs().maxCoeff(&at);
        if (u(at, j) < 0)
            basis.col(j) *= -1;
    }
    QStringList names;
    for (int i : *cols)
        names << table.columnName(i);
    return std::make_shared<const FittedPca>(spec, names, means, basis, variance.head(k),
                                             ratio.head(k));
}

Result<Table> FittedPca::apply(const Table &in, JobContext &) const
{
    auto cols = requireColumns(in, m_columns, {ColumnKind::Numeric}, QStringLiteral("PCA"));
    if (!cols)
        return cols.error();
    auto x = matrixOf(in, *cols);
    if (!x)
        return x.error();
    x->rowwise() -= m_means.transpose();
    const Eigen::MatrixXd scores = *x * m_basis;
    // The input columns go; the components take the place of the first of them.
    QStringList names;
    std::vector<ColumnPtr> columns;
    bool placed = false;
    for (int c = 0; c < in.columnCount(); ++c) {
        if (!m_columns.contains(in.columnName(c))) {
            names << in.columnName(c);
            columns.push_back(in.column(c));
            continue;
        }
        if (placed)
            continue;
        placed = true;
        for (Eigen::Index j = 0; j < scores.cols(); ++j) {
            names << m_spec.prefix + QString::number(j + 1);
            columns.push_back(std::make_shared<NumericColumn>(
                std::vector<double>(scores.col(j).data(), scores.col(j).data() + scores.rows())));
        }
    }
    try {
        Table out(names, columns);
        for (int c = 0; c < out.columnCount(); ++c) {
            const int from = in.indexOf(out.columnName(c));
            if (from >= 0 && !m_columns.contains(out.columnName(c)))
                out = out.withRole(c, in.role(from));
        }
        return out.withRecipe(in.recipe());
    } catch (const std::invalid_argument &) {
        return Error{QStringLiteral("PCA: a column called '%1…' exists already; choose another "
                                    "prefix")
                         .arg(m_spec.prefix)};
    }
}

QJsonObject FittedPca::toJson() const
{
    QJsonArray basis;
    for (Eigen::Index j = 0; j < m_basis.cols(); ++j)
        basis.append(numbersToJson(
            std::vector<double>(m_basis.col(j).data(), m_basis.col(j).data() + m_basis.rows())));
    const auto vec = [](const Eigen::VectorXd &v) {
        return numbersToJson(std::vector<double>(v.data(), v.data() + v.size()));
    };
    return QJsonObject{{QStringLiteral("kind"), kind()},
                       {QStringLiteral("columns"), stringsToJson(m_columns)},
                       {QStringLiteral("prefix"), m_spec.prefix},
                       {QStringLiteral("means"), vec(m_means)},
                       {QStringLiteral("components"), basis},
                       {QStringLiteral("explained_variance"), vec(m_variance)},
                       {QStringLiteral("explained_variance_ratio"), vec(m_ratio)}};
}

Result<FittedStepPtr> FittedPca::fromJson(const QJsonObject &json)
{
    PcaSpec spec;
    spec.prefix = json.value(QStringLiteral("prefix")).toString(QStringLiteral("pc"));
    const QStringList columns = stringsFromJson(json.value(QStringLiteral("columns")));
    const auto d = static_cast<Eigen::Index>(columns.size());
    const auto toVector = [](const std::vector<double> &v) {
        return Eigen::VectorXd(
            Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size())));
    };
    auto means = numbersFromJson(json.value(QStringLiteral("means")), QStringLiteral("means"));
    auto variance = numbersFromJson(json.value(QStringLiteral("explained_variance")),
                                    QStringLiteral("explained_variance"));
    auto ratio = numbersFromJson(json.value(QStringLiteral("explained_variance_ratio")),
                                 QStringLiteral("explained_variance_ratio"));
    if (!means)
        return means.error();
    if (!variance)
        return variance.error();
    if (!ratio)
        return ratio.error();
    const QJsonArray comps = json.value(QStringLiteral("components")).toArray();
    if (static_cast<Eigen::Index>(means->size()) != d || comps.isEmpty() ||
        static_cast<qsizetype>(variance->size()) != comps.size() ||
        static_cast<qsizetype>(ratio->size()) != comps.size())
        return Error{QStringLiteral("pca: means, components and variances do not fit together")};
    Eigen::MatrixXd basis(d, comps.size());
    for (qsizetype j = 0; j < comps.size(); ++j) {
        auto c = numbersFromJson(comps[j], QStringLiteral("components"));
        if (!c)
            return c.error();
        if (static_cast<Eigen::Index>(c->size()) != d)
            return Error{QStringLiteral("pca: component %1 has the wrong length").arg(j + 1)};
        basis.col(j) = toVector(*c);
    }
    return FittedStepPtr(std::make_shared<const FittedPca>(spec, columns, toVector(*means), basis,
                                                           toVector(*variance), toVector(*ratio)));
}

QString FittedPca::summary() const
{
    return QStringLiteral("PCA of %1 columns to %2 components (%3 % of the variance)")
        .arg(m_columns.size())
        .arg(m_basis.cols())
        .arg(m_ratio.sum() * 100, 0, 'f', 1);
}

Result<Refitted> FittedPca::refit(const Table &in, JobContext &ctx) const
{
    return refitWith(in, ctx, [&](const Table &t, JobContext &c) { return fitPca(t, m_spec, c); });
}

} // namespace flowline::core::prep
