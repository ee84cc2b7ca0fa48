// Readers of fitted steps by kind: the one place that knows every step, so a recipe or a model
// file can be read back. Add a row when you add a step.

#include "FittedStep.h"

#include "Binning.h"
#include "Cast.h"
#include "ColumnSteps.h"
#include "DateParts.h"
#include "Derive.h"
#include "FeatureSelect.h"
#include "Impute.h"
#include "LogTransform.h"
#include "MinMaxScale.h"
#include "OneHot.h"
#include "OrdinalEncode.h"
#include "Outliers.h"
#include "Pca.h"
#include "Polynomial.h"
#include "RareCategories.h"
#include "RobustScale.h"
#include "SplitText.h"
#include "Standardize.h"
#include "TargetEncode.h"
#include "TextVectorize.h"
#include "YeoJohnson.h"

namespace flowline::core::prep {

namespace {

using Reader = Result<FittedStepPtr> (*)(const QJsonObject &);
struct Entry
{
    const char *kind;
    Reader read;
};

constexpr Entry kReaders[] = {
    {"standardize", &FittedStandardize::fromJson},
    {"pca", &FittedPca::fromJson},
    {"select_features", &FittedSelection::fromJson},
    {"text_vectorize", &FittedTextVectorize::fromJson},
    {"one_hot", &FittedOneHot::fromJson},
    {"ordinal", &FittedOrdinal::fromJson},
    {"rare_categories", &FittedRareCategories::fromJson},
    {"target_encode", &FittedTargetEncode::fromJson},
    {"select", &FittedSelectColumns::fromJson},
    {"set_role", &FittedSetRole::fromJson},
    {"cast", &FittedCast::fromJson},
    {"derive", &FittedDerive::fromJson},
    {"date_parts", &FittedDateParts::fromJson},
    {"split_text", &FittedSplitText::fromJson},
    {"impute", &FittedImpute::fromJson},
    {"minmax", &FittedMinMax::fromJson},
    {"robust_scale", &FittedRobustScale::fromJson},
    {"log", &FittedLog::fromJson},
    {"yeo_johnson", &FittedYeoJohnson::fromJson},
    {"bin", &FittedBin::fromJson},
    {"outliers", &FittedOutliers::fromJson},
    {"polynomial", &FittedPolynomial::fromJson},
};

} // namespace

Result<FittedStepPtr> fittedStepFromJson(const QJsonObject &json)
{
    const QString kind = json.value(QStringLiteral("kind")).toString();
    for (const Entry &e : kReaders) {
        if (kind == QLatin1String(e.kind))
            return e.read(json);
    }
    return Error{QStringLiteral("unknown step kind '%1'").arg(kind)};
}

} // namespace flowline::core::prep
