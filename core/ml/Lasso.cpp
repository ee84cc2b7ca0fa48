#include "Lasso.h"

#include "ElasticNet.h"
#include "LinearSupport.h"

namespace flowline::core::ml {

EstimatorInfo lassoEstimator()
{
    EstimatorInfo e = elasticNetEstimator();
    e.id = QStringLiteral("lasso");
    e.name = QStringLiteral("Lasso");
    e.help = QStringLiteral(
        "Least squares with an L1 penalty (scikit-learn's Lasso): sets the coefficients of "
        "unhelpful features to exactly zero, so it also selects features. Standardise the "
        "features so the penalty treats them alike.");
    std::vector<ParamInfo> params;
    for (const ParamInfo &p : e.params)
        if (p.key != QLatin1String("l1_ratio"))
            params.push_back(p);
    params[0].help = QStringLiteral("Multiplies the L1 penalty (default 1.0).");
    e.params = params;
    e.fit = [](const Dataset &data, const Params &p, Task, JobContext &ctx) {
        return fitElasticNet(QStringLiteral("lasso"), data, p.real(QStringLiteral("alpha")), 1.0,
                             p.flag(QStringLiteral("fit_intercept")),
                             int(p.integer(QStringLiteral("max_iter"))),
                             p.real(QStringLiteral("tol")), ctx);
    };
    return e;
}

} // namespace flowline::core::ml
