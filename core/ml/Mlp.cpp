#include "Mlp.h"

#include "MlpModel.h"
#include "jobs/JobContext.h"

#include <cmath>
#include <numeric>

namespace flowline::core::ml {

namespace {

const QString kId = QStringLiteral("mlp");

struct Settings
{
    std::vector<int> hidden;
    MlpSpec spec;
    bool adam = true;
    double alpha = 0, rateInit = 0, powerT = 0, tol = 0, momentum = 0, validationFraction = 0;
    double beta1 = 0, beta2 = 0, epsilon = 0, dropout = 0;
    LearningRate schedule = LearningRate::Constant;
    std::int64_t batchSize = 0, maxIter = 0, noChange = 0;
    bool shuffle = true, nesterov = true, earlyStopping = false;
};

Result<Settings> readSettings(const Params &p)
{
    Settings s;
    auto hidden = parseHiddenLayerSizes(p.text(QStringLiteral("hidden_layer_sizes")));
    if (!hidden)
        return hidden.error();
    s.hidden = *hidden;
    activationFromName(p.text(QStringLiteral("activation")), s.spec.hidden);
    s.adam = p.text(QStringLiteral("solver")) == QLatin1String("adam");
    const QString lr = p.text(QStringLiteral("learning_rate"));
    s.schedule = lr == QLatin1String("invscaling") ? LearningRate::InvScaling
                 : lr == QLatin1String("adaptive") ? LearningRate::Adaptive
                                                   : LearningRate::Constant;
    s.alpha = p.real(QStringLiteral("alpha"));
    s.batchSize = p.integer(QStringLiteral("batch_size"));
    s.rateInit = p.real(QStringLiteral("learning_rate_init"));
    s.powerT = p.real(QStringLiteral("power_t"));
    s.maxIter = p.integer(QStringLiteral("max_iter"));
    s.shuffle = p.flag(QStringLiteral("shuffle"));
    s.tol = p.real(QStringLiteral("tol"));
    s.momentum = p.real(QStringLiteral("momentum"));
    s.nesterov = p.flag(QStringLiteral("nesterovs_momentum"));
    s.earlyStopping = p.flag(QStringLiteral("early_stopping"));
    s.validationFraction = p.real(QStringLiteral("validation_fraction"));
    s.beta1 = p.real(QStringLiteral("beta_1"));
    s.beta2 = p.real(QStringLiteral("beta_2"));
    s.epsilon = p.real(QStringLiteral("epsilon"));
    s.noChange = p.integer(QStringLiteral("n_iter_no_change"));
    s.dropout = p.real(QStringLiteral("dropout"));
    if (s.rateInit <= 0)
        return Error{QStringLiteral("parameter 'learning_rate_init': must be above 0")};
    if (s.epsilon <= 0)
        return Error{QStringLiteral("parameter 'epsilon': must be above 0")};
    if (s.earlyStopping && s.validationFraction <= 0)
        return Error{QStringLiteral("parameter 'validation_fraction': early stopping needs a "
                                    "validation fraction above 0")};
    return s;
}

// Training and validation rows: sklearn's train_test_split with stratification for
// classification (ceil(fraction · n) validation rows, shared out between the classes in
// proportion to their sizes), drawn from our own generator.
struct Split
{
    std::vector<Eigen::Index> train, validation;
};

void shuffleIndices(std::vector<Eigen::Index> &v, SplitMix64 &rng)
{
    for (size_t i = v.size(); i > 1; --i)
        std::swap(v[i - 1], v[rng.below(i)]);
}

Split splitForValidation(const Dataset &data, Task task, double fraction, SplitMix64 &rng)
{
    const Eigen::Index n = data.rows();
    const auto nVal = Eigen::Index(std::ceil(fraction * double(n)));
    Split s;
    std::vector<std::vector<Eigen::Index>> groups;
    if (task == Task::Classification) {
        groups.resize(data.classCount);
        for (Eigen::Index i = 0; i < n; ++i)
            groups[size_t(data.y[i])].push_back(i);
    } else {
        groups.resize(1);
        for (Eigen::Index i = 0; i < n; ++i)
            groups[0].push_back(i);
    }
    std::vector<Eigen::Index> take(groups.size());
    std::vector<double> rest(groups.size());
    Eigen::Index given = 0;
    for (size_t g = 0; g < groups.size(); ++g) {
        const double exact = double(nVal) * double(groups[g].size()) / double(n);
        take[g] = Eigen::Index(std::floor(exact));
        rest[g] = exact - double(take[g]);
        given += take[g];
    }
    std::vector<size_t> order(groups.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return rest[a] > rest[b]; });
    for (size_t k = 0; given < nVal && k < order.size(); ++k, ++given)
        ++take[order[k]];
    for (size_t g = 0; g < groups.size(); ++g) {
        shuffleIndices(groups[g], rng);
        for (size_t k = 0; k < groups[g].size(); ++k)
            (Eigen::Index(k) < take[g] ? s.validation : s.train).push_back(groups[g][k]);
    }
    std::sort(s.train.begin(), s.train.end());
    std::sort(s.validation.begin(), s.validation.end());
    return s;
}

// Targets as the output layer sees them: the value, class 1 as 0 / 1, or one-hot rows.
Eigen::MatrixXd targetMatrix(const Dataset &data, Task task)
{
    if (task == Task::Regression || data.classCount == 2)
        return data.y;
    Eigen::MatrixXd Y = Eigen::MatrixXd::Zero(data.rows(), data.classCount);
    for (Eigen::Index i = 0; i < data.rows(); ++i)
        Y(i, Eigen::Index(data.y[i])) = 1.0;
    return Y;
}

// Accuracy (classification) or R² (regression) on the validation rows, sample-weighted.
double validationScore(const MlpParameters &p, const MlpSpec &spec, const Dataset &data, Task task,
                       const std::vector<Eigen::Index> &rows)
{
    const Eigen::MatrixXd X = data.X(rows, Eigen::all);
    const Eigen::MatrixXd out = mlpForward(p, spec, X);
    double total = 0, hit = 0, mean = 0;
    for (size_t k = 0; k < rows.size(); ++k)
        total += data.weightOf(rows[k]);
    if (total <= 0)
        return 0;
    if (task == Task::Classification) {
        for (size_t k = 0; k < rows.size(); ++k) {
            Eigen::Index label = 0;
            if (out.cols() == 1)
                label = out(Eigen::Index(k), 0) > 0.5 ? 1 : 0;
            else
                out.row(Eigen::Index(k)).maxCoeff(&label);
            if (double(label) == data.y[rows[k]])
                hit += data.weightOf(rows[k]);
        }
        return hit / total;
    }
    for (size_t k = 0; k < rows.size(); ++k)
        mean += data.weightOf(rows[k]) * data.y[rows[k]];
    mean /= total;
    double residual = 0, spread = 0;
    for (size_t k = 0; k < rows.size(); ++k) {
        const double w = data.weightOf(rows[k]), y = data.y[rows[k]];
        residual += w * (y - out(Eigen::Index(k), 0)) * (y - out(Eigen::Index(k), 0));
        spread += w * (y - mean) * (y - mean);
    }
    if (spread == 0)
        return residual == 0 ? 1.0 : 0.0;
    return 1.0 - residual / spread;
}

Result<ModelPtr> train(const Dataset &data, const Params &params, Task task,
                       const MlpParameters *initial, JobContext &ctx)
{
    auto settings = readSettings(params);
    if (!settings)
        return settings.error();
    Settings &s = *settings;
    if (task != Task::Regression && task != Task::Classification)
        return Error{QStringLiteral("the MLP does regression or classification")};
    if (data.rows() < 1 || data.cols() < 1)
        return Error{QStringLiteral("the MLP needs at least one row and one feature")};
    if (task == Task::Classification && data.classCount < 2)
        return Error{QStringLiteral("the MLP classifier needs at least two classes")};
    s.spec.output = task == Task::Regression ? MlpOutput::Identity
                    : data.classCount == 2   ? MlpOutput::Logistic
                                             : MlpOutput::Softmax;
    std::vector<int> units{int(data.cols())};
    units.insert(units.end(), s.hidden.begin(), s.hidden.end());
    units.push_back(task == Task::Classification && data.classCount > 2 ? data.classCount : 1);

    double parameterCount = 0;
    for (size_t i = 0; i + 1 < units.size(); ++i)
        parameterCount += double(units[i] + 1) * double(units[i + 1]);
    if (parameterCount > 1e8)
        return Error{QStringLiteral("the network would have %1 weights; at most 100 million "
                                    "(lower hidden_layer_sizes)")
                         .arg(parameterCount, 0, 'g', 3)};
    SplitMix64 rng{ctx.seed()};
    SplitMix64 dropRng{ctx.seed() ^ 0x6D6C702D64726F70ULL};
    MlpParameters p(units);
    if (initial) {
        if (initial->units() != units)
            return Error{QStringLiteral("the initial layers do not fit the data and "
                                        "hidden_layer_sizes")};
        p.values = initial->values;
    } else {
        glorotInitialize(p, s.spec.hidden, rng);
    }

    Split split;
    if (s.earlyStopping) {
        split = splitForValidation(data, task, s.validationFraction, rng);
        if (split.train.empty() || split.validation.empty())
            return Error{QStringLiteral("early stopping: too few rows to hold %1 back for "
                                        "validation")
                             .arg(s.validationFraction)};
    } else {
        split.train.resize(size_t(data.rows()));
        std::iota(split.train.begin(), split.train.end(), Eigen::Index(0));
    }
    const Eigen::MatrixXd Y = targetMatrix(data, task);
    const auto nTrain = Eigen::Index(split.train.size());
    const Eigen::Index batch = s.batchSize == 0 ? std::min<Eigen::Index>(200, nTrain)
                                                : std::clamp<Eigen::Index>(s.batchSize, 1, nTrain);
    double trainWeight = 0;
    for (Eigen::Index i : split.train)
        trainWeight += data.weightOf(i);
    if (trainWeight <= 0)
        return Error{QStringLiteral("the MLP needs rows with a positive weight")};

    std::unique_ptr<MlpOptimizer> opt =
        s.adam ? makeAdam(p.values.size(), s.rateInit, s.beta1, s.beta2, s.epsilon)
               : makeSgd(p.values.size(), s.rateInit, s.schedule, s.momentum, s.nesterov, s.powerT);
    MlpParameters grad(units);
    MlpBatchWorkspace ws;
    MlpHistory history;
    Eigen::VectorXd best = p.values;
    double bestLoss = INFINITY, bestScore = -INFINITY;
    std::int64_t noImprovement = 0, seen = 0, epoch = 0;
    QString stopped = QStringLiteral("max_iter");
    std::vector<Eigen::Index> order = split.train;
    // Rows gathered into batches read contiguously from a row-major copy.
    const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> rowMajor = data.X;
    Eigen::MatrixXd Xb, Yb;
    Eigen::VectorXd wb;
    for (epoch = 0; epoch < s.maxIter; ++epoch) {
        if (s.shuffle)
            shuffleIndices(order, rng);
        double accumulated = 0;
        for (Eigen::Index start = 0; start < nTrain; start += batch) {
            if (ctx.isCanceled())
                return Error{QStringLiteral("canceled")};
            const Eigen::Index rows = std::min(batch, nTrain - start);
            const auto idx = Eigen::Map<const Eigen::Array<Eigen::Index, Eigen::Dynamic, 1>>(
                order.data() + start, rows);
            Xb = rowMajor(idx, Eigen::all);
            Yb = Y(idx, Eigen::all);
            if (data.weighted())
                wb = data.weight(idx);
            const double batchWeight = data.weighted() ? wb.sum() : double(rows);
            if (batchWeight <= 0)
                continue;
            const double loss =
                mlpBackprop(p, s.spec, Xb, Yb, wb, s.alpha, s.dropout, dropRng, grad, ws, &ctx);
            if (ctx.isCanceled()) // parallel parts may have been skipped
                return Error{QStringLiteral("canceled")};
            accumulated += loss * batchWeight;
            opt->update(p.values, grad.values);
        }
        if (!p.values.allFinite())
            return Error{QStringLiteral("the MLP diverged (non-finite weights at epoch %1): "
                                        "lower learning_rate_init or scale the features")
                             .arg(epoch + 1)};
        const double loss = accumulated / trainWeight;
        history.loss.push_back(loss);
        seen += nTrain;
        if (s.earlyStopping) {
            const double score = validationScore(p, s.spec, data, task, split.validation);
            history.validation.push_back(score);
            noImprovement = score < bestScore + s.tol ? noImprovement + 1 : 0;
            if (score > bestScore) {
                bestScore = score;
                best = p.values;
            }
        } else {
            noImprovement = loss > bestLoss - s.tol ? noImprovement + 1 : 0;
            bestLoss = std::min(bestLoss, loss);
        }
        opt->iterationEnds(seen);
        ctx.setProgress(double(epoch + 1) / double(s.maxIter),
                        QStringLiteral("epoch %1, loss %2").arg(epoch + 1).arg(loss));
        if (noImprovement > s.noChange) {
            if (opt->triggerStopping()) {
                stopped = QStringLiteral("no_improvement");
                ++epoch;
                break;
            }
            noImprovement = 0;
        }
    }
    if (s.earlyStopping)
        p.values = best;
    history.extra = QJsonObject{{QStringLiteral("epochs"), double(epoch)},
                                {QStringLiteral("stopped"), stopped},
                                {QStringLiteral("final_learning_rate"), opt->learningRate()},
                                {QStringLiteral("training_rows"), double(nTrain)},
                                {QStringLiteral("batch_size"), double(batch)}};
    if (s.earlyStopping)
        history.extra.insert(QStringLiteral("best_validation_score"), bestScore);
    else
        history.extra.insert(QStringLiteral("best_loss"), bestLoss);
    ctx.setProgress(1.0);
    return ModelPtr(std::make_shared<MlpModel>(task,
                                               task == Task::Classification ? data.classCount : 0,
                                               s.spec, std::move(p), std::move(history)));
}

ParamInfo choice(const QString &key, const QString &label, const QString &help, const QString &def,
                 const QStringList &choices)
{
    return ParamInfo{key, label, help, ParamKind::Choice, def, {}, {}, choices};
}

} // namespace

Result<std::vector<int>> parseHiddenLayerSizes(const QString &text)
{
    std::vector<int> sizes;
    const QString t = text.trimmed();
    if (t.isEmpty())
        return sizes;
    const QStringList parts = t.split(QLatin1Char(','));
    if (parts.size() > 64)
        return Error{QStringLiteral("parameter 'hidden_layer_sizes': at most 64 layers")};
    for (const QString &part : parts) {
        bool ok = false;
        const int n = part.trimmed().toInt(&ok);
        if (!ok || n < 1 || n > 100000)
            return Error{QStringLiteral("parameter 'hidden_layer_sizes': '%1' is not a layer "
                                        "size (expected whole numbers 1 to 100000 separated by "
                                        "commas, e.g. \"64,32\")")
                             .arg(part.trimmed())};
        sizes.push_back(n);
    }
    return sizes;
}

Result<ModelPtr> fitMlpFrom(const Dataset &data, const Params &params, Task task,
                            const MlpParameters &initial, JobContext &ctx)
{
    return train(data, params, task, &initial, ctx);
}

EstimatorInfo mlpEstimator()
{
    EstimatorInfo e;
    e.id = kId;
    e.name = QStringLiteral("Neural network (MLP)");
    e.help = QStringLiteral(
        "A multi-layer perceptron (scikit-learn's MLPClassifier / MLPRegressor with the adam or "
        "sgd solver): layers of units, each a weighted sum of the previous layer passed through "
        "an activation, trained by mini-batch gradient descent on the log loss (classification: "
        "softmax output, or one logistic unit for two classes) or half the squared error "
        "(regression). Flexible but needs standardised features, some tuning and more data "
        "than linear models; results depend on the seed.");
    e.tasks = {Task::Classification, Task::Regression};
    e.scaleSensitive = true;
    const QStringList lrChoices{QStringLiteral("constant"), QStringLiteral("invscaling"),
                                QStringLiteral("adaptive")};
    e.params = {
        ParamInfo{QStringLiteral("hidden_layer_sizes"), QStringLiteral("Hidden layer sizes"),
                  QStringLiteral("Units per hidden layer, separated by commas: \"64,32\" is two "
                                 "hidden layers (default: \"100\", one layer of 100 units)."),
                  ParamKind::String, QStringLiteral("100")},
        choice(QStringLiteral("activation"), QStringLiteral("Activation"),
               QStringLiteral("Hidden units' function: relu max(0, x) (default), tanh, logistic "
                              "1 / (1 + e^-x), identity (a linear network)."),
               QStringLiteral("relu"),
               {QStringLiteral("relu"), QStringLiteral("tanh"), QStringLiteral("logistic"),
                QStringLiteral("identity")}),
        choice(QStringLiteral("solver"), QStringLiteral("Solver"),
               QStringLiteral("adam: adaptive moment estimation (default). sgd: stochastic "
                              "gradient descent with momentum and a learning-rate schedule."),
               QStringLiteral("adam"), {QStringLiteral("adam"), QStringLiteral("sgd")}),
        ParamInfo{QStringLiteral("alpha"),
                  QStringLiteral("L2 penalty (alpha)"),
                  QStringLiteral("Weight decay: adds alpha / 2 · ||W||² / batch weight to each "
                                 "batch's loss, as scikit-learn (default 0.0001)."),
                  ParamKind::Double,
                  1e-4,
                  0.0,
                  {}},
        ParamInfo{QStringLiteral("batch_size"),
                  QStringLiteral("Batch size"),
                  QStringLiteral("Rows per gradient step; 0 = auto = min(200, rows) (default)."),
                  ParamKind::Int,
                  0,
                  0.0,
                  {}},
        choice(QStringLiteral("learning_rate"), QStringLiteral("Learning-rate schedule"),
               QStringLiteral("sgd only. constant (default); invscaling: rate = "
                              "learning_rate_init / (t + 1)^power_t, t = rows seen; adaptive: "
                              "divide by 5 each time the loss stops improving."),
               QStringLiteral("constant"), lrChoices),
        ParamInfo{QStringLiteral("learning_rate_init"),
                  QStringLiteral("Initial learning rate"),
                  QStringLiteral("Step size (default 0.001); must be above 0."),
                  ParamKind::Double,
                  1e-3,
                  0.0,
                  {}},
        ParamInfo{QStringLiteral("power_t"),
                  QStringLiteral("Inverse scaling exponent"),
                  QStringLiteral("sgd with invscaling: the exponent (default 0.5)."),
                  ParamKind::Double,
                  0.5,
                  0.0,
                  {}},
        ParamInfo{QStringLiteral("max_iter"), QStringLiteral("Maximum epochs"),
                  QStringLiteral("Passes over the training rows at most (default 200)."),
                  ParamKind::Int, 200, 1.0, 1e6},
        ParamInfo{QStringLiteral("shuffle"), QStringLiteral("Shuffle"),
                  QStringLiteral("Shuffle the rows before each epoch (default: on)."),
                  ParamKind::Bool, true},
        ParamInfo{QStringLiteral("tol"),
                  QStringLiteral("Tolerance"),
                  QStringLiteral("Stop (or, with adaptive, lower the rate) when the training "
                                 "loss — or the validation score with early stopping — has not "
                                 "improved by tol for n_iter_no_change epochs (default 0.0001)."),
                  ParamKind::Double,
                  1e-4,
                  0.0,
                  {}},
        ParamInfo{QStringLiteral("momentum"), QStringLiteral("Momentum"),
                  QStringLiteral("sgd only: momentum of the updates, 0 to 1 (default 0.9)."),
                  ParamKind::Double, 0.9, 0.0, 1.0},
        ParamInfo{QStringLiteral("nesterovs_momentum"), QStringLiteral("Nesterov's momentum"),
                  QStringLiteral("sgd only: use Nesterov's momentum (default: on)."),
                  ParamKind::Bool, true},
        ParamInfo{QStringLiteral("early_stopping"), QStringLiteral("Early stopping"),
                  QStringLiteral("Hold validation_fraction of the rows back (stratified for "
                                 "classification), stop when their accuracy / R² stops "
                                 "improving, and keep the best weights (default: off)."),
                  ParamKind::Bool, false},
        ParamInfo{QStringLiteral("validation_fraction"), QStringLiteral("Validation fraction"),
                  QStringLiteral("Share of rows held back for early stopping (default 0.1)."),
                  ParamKind::Double, 0.1, 0.0, 0.999},
        ParamInfo{QStringLiteral("beta_1"), QStringLiteral("Adam beta 1"),
                  QStringLiteral("adam only: decay of the first-moment estimate, in [0, 1) "
                                 "(default 0.9)."),
                  ParamKind::Double, 0.9, 0.0, 0.999999},
        ParamInfo{QStringLiteral("beta_2"), QStringLiteral("Adam beta 2"),
                  QStringLiteral("adam only: decay of the second-moment estimate, in [0, 1) "
                                 "(default 0.999)."),
                  ParamKind::Double, 0.999, 0.0, 0.999999},
        ParamInfo{QStringLiteral("epsilon"),
                  QStringLiteral("Adam epsilon"),
                  QStringLiteral("adam only: numerical stability term (default 1e-8)."),
                  ParamKind::Double,
                  1e-8,
                  0.0,
                  {}},
        ParamInfo{QStringLiteral("n_iter_no_change"),
                  QStringLiteral("Epochs without change"),
                  QStringLiteral("Epochs without improvement by tol before stopping "
                                 "(default 10)."),
                  ParamKind::Int,
                  10,
                  1.0,
                  {}},
        ParamInfo{QStringLiteral("dropout"), QStringLiteral("Dropout"),
                  QStringLiteral("Not in scikit-learn. Probability of dropping each hidden unit "
                                 "during training (inverted dropout: kept units are scaled by "
                                 "1 / (1 - dropout); prediction uses every unit). Default 0: off."),
                  ParamKind::Double, 0.0, 0.0, 0.95},
        classWeightParam(),
    };
    e.fit = [](const Dataset &data, const Params &params, Task task, JobContext &ctx) {
        return train(data, params, task, nullptr, ctx);
    };
    e.fromJson = [](const QJsonObject &json) { return MlpModel::fromJson(json); };
    return e;
}

} // namespace flowline::core::ml
