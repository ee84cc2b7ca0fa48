#include "Estimator.h"

#include "Dbscan.h"
#include "DecisionTree.h"
#include "ElasticNet.h"
#include "GradientBoosting.h"
#include "IsolationForest.h"
#include "KMeans.h"
#include "Knn.h"
#include "Lasso.h"
#include "LinearRegression.h"
#include "LinearSvm.h"
#include "LogisticRegression.h"
#include "Mlp.h"
#include "NaiveBayes.h"
#include "RandomForest.h"
#include "Ridge.h"

#include <algorithm>

namespace flowline::core::ml {

bool EstimatorInfo::supports(Task task) const
{
    return std::find(tasks.begin(), tasks.end(), task) != tasks.end();
}

bool EstimatorInfo::supervised() const
{
    return supports(Task::Regression) || supports(Task::Classification);
}

const std::vector<EstimatorInfo> &estimators()
{
    // One line per algorithm, in palette order.
    static const std::vector<EstimatorInfo> all = {
        linearRegressionEstimator(),
        ridgeEstimator(),
        lassoEstimator(),
        elasticNetEstimator(),
        logisticRegressionEstimator(),
        linearSvmEstimator(),
        naiveBayesEstimator(),
        knnEstimator(),
        decisionTreeEstimator(),
        randomForestEstimator(),
        gradientBoostingEstimator(),
        mlpEstimator(),
        kmeansEstimator(),
        dbscanEstimator(),
        isolationForestEstimator(),
    };
    return all;
}

const EstimatorInfo *findEstimator(const QString &id)
{
    for (const EstimatorInfo &e : estimators())
        if (e.id == id)
            return &e;
    return nullptr;
}

Result<ModelPtr> modelFromJson(const QJsonObject &json)
{
    const QString id = json.value(QStringLiteral("algorithm")).toString();
    const EstimatorInfo *e = findEstimator(id);
    if (!e)
        return Error{QStringLiteral("unknown model algorithm '%1'").arg(id)};
    return e->fromJson(json);
}

ParamInfo classWeightParam()
{
    return ParamInfo{QStringLiteral("class_weight"),
                     QStringLiteral("Class weights"),
                     QStringLiteral("none: every row counts the same (default). balanced: each "
                                    "class weighs n / (classes × rows of the class), so rare "
                                    "classes count as much as common ones in total."),
                     ParamKind::Choice,
                     QStringLiteral("none"),
                     {},
                     {},
                     QStringList{QStringLiteral("none"), QStringLiteral("balanced")}};
}

} // namespace flowline::core::ml
