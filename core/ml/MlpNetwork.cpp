#include "MlpNetwork.h"

#include "jobs/JobContext.h"
#include "jobs/Parallel.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace flowline::core::ml {

QString activationName(MlpActivation a)
{
    switch (a) {
    case MlpActivation::Relu:
        return QStringLiteral("relu");
    case MlpActivation::Tanh:
        return QStringLiteral("tanh");
    case MlpActivation::Logistic:
        return QStringLiteral("logistic");
    case MlpActivation::Identity:
        return QStringLiteral("identity");
    }
    return {};
}

bool activationFromName(const QString &name, MlpActivation &out)
{
    for (MlpActivation a : {MlpActivation::Relu, MlpActivation::Tanh, MlpActivation::Logistic,
                            MlpActivation::Identity})
        if (activationName(a) == name) {
            out = a;
            return true;
        }
    return false;
}

MlpParameters::MlpParameters(std::vector<int> units)
    : m_units(std::move(units))
{
    Eigen::Index offset = 0;
    for (int i = 0; i < layerCount(); ++i) {
        m_weightOffset.push_back(offset);
        offset += Eigen::Index(m_units[i]) * m_units[i + 1];
    }
    for (int i = 0; i < layerCount(); ++i) {
        m_biasOffset.push_back(offset);
        offset += m_units[i + 1];
    }
    values = Eigen::VectorXd::Zero(offset);
}

Eigen::Map<Eigen::MatrixXd> MlpParameters::weights(int layer)
{
    return {values.data() + m_weightOffset[layer], m_units[layer], m_units[layer + 1]};
}

Eigen::Map<const Eigen::MatrixXd> MlpParameters::weights(int layer) const
{
    return {values.data() + m_weightOffset[layer], m_units[layer], m_units[layer + 1]};
}

Eigen::Map<Eigen::VectorXd> MlpParameters::biases(int layer)
{
    return {values.data() + m_biasOffset[layer], m_units[layer + 1]};
}

Eigen::Map<const Eigen::VectorXd> MlpParameters::biases(int layer) const
{
    return {values.data() + m_biasOffset[layer], m_units[layer + 1]};
}

void glorotInitialize(MlpParameters &p, MlpActivation hidden, SplitMix64 &rng)
{
    const double factor = hidden == MlpActivation::Logistic ? 2.0 : 6.0;
    for (int i = 0; i < p.layerCount(); ++i) {
        const double bound = std::sqrt(factor / double(p.units()[i] + p.units()[i + 1]));
        auto w = p.weights(i);
        for (Eigen::Index r = 0; r < w.rows(); ++r) // row by row, as numpy fills (fan_in, fan_out)
            for (Eigen::Index c = 0; c < w.cols(); ++c)
                w(r, c) = -bound + 2.0 * bound * rng.uniform();
        auto b = p.biases(i);
        for (Eigen::Index c = 0; c < b.size(); ++c)
            b[c] = -bound + 2.0 * bound * rng.uniform();
    }
}

namespace {

void activate(MlpActivation a, Eigen::MatrixXd &z)
{
    switch (a) {
    case MlpActivation::Relu:
        z.array() = z.array().max(0.0);
        break;
    case MlpActivation::Tanh:
        z = z.array().tanh().matrix();
        break;
    case MlpActivation::Logistic:
        z = (1.0 / (1.0 + (-z.array()).exp())).matrix();
        break;
    case MlpActivation::Identity:
        break;
    }
}

// delta ∘= f'(z) written in terms of the activation's output, as sklearn's DERIVATIVES.
void derive(MlpActivation a, const Eigen::MatrixXd &out, Eigen::MatrixXd &delta)
{
    switch (a) {
    case MlpActivation::Relu: {
        const double *o = out.data();
        double *d = delta.data();
        for (Eigen::Index k = 0, n = delta.size(); k < n; ++k)
            d[k] = o[k] == 0.0 ? 0.0 : d[k];
        break;
    }
    case MlpActivation::Tanh:
        delta.array() *= 1.0 - out.array().square();
        break;
    case MlpActivation::Logistic:
        delta.array() *= out.array();
        delta.array() *= 1.0 - out.array();
        break;
    case MlpActivation::Identity:
        break;
    }
}

void outputActivate(MlpOutput o, Eigen::MatrixXd &z)
{
    switch (o) {
    case MlpOutput::Identity:
        break;
    case MlpOutput::Logistic:
        activate(MlpActivation::Logistic, z);
        break;
    case MlpOutput::Softmax:
        for (Eigen::Index r = 0; r < z.rows(); ++r) {
            const double m = z.row(r).maxCoeff();
            z.row(r) = (z.row(r).array() - m).exp().matrix();
            z.row(r) /= z.row(r).sum();
        }
        break;
    }
}

// Σ_rows w · loss(row), the data part of the loss before dividing by the batch weight.
double weightedLoss(MlpOutput o, const Eigen::MatrixXd &Y, const Eigen::MatrixXd &P,
                    const Eigen::VectorXd &w)
{
    constexpr double eps = std::numeric_limits<double>::epsilon();
    double total = 0;
    for (Eigen::Index r = 0; r < P.rows(); ++r) {
        double row = 0;
        for (Eigen::Index c = 0; c < P.cols(); ++c) {
            const double y = Y(r, c);
            switch (o) {
            case MlpOutput::Identity:
                row += 0.5 * (y - P(r, c)) * (y - P(r, c));
                break;
            case MlpOutput::Logistic: {
                const double p = std::clamp(P(r, c), eps, 1.0 - eps);
                row -= (y != 0 ? y * std::log(p) : 0.0) +
                       (y != 1 ? (1.0 - y) * std::log(1.0 - p) : 0.0);
                break;
            }
            case MlpOutput::Softmax:
                if (y != 0)
                    row -= y * std::log(std::clamp(P(r, c), eps, 1.0 - eps));
                break;
            }
        }
        total += (w.size() ? w[r] : 1.0) * row;
    }
    return total;
}

} // namespace

const Eigen::MatrixXd &mlpForward(const MlpParameters &p, const MlpSpec &spec,
                                  const Eigen::Ref<const Eigen::MatrixXd> &X, MlpWorkspace &ws)
{
    const int L = p.layerCount();
    ws.activations.resize(L + 1);
    for (int i = 0; i < L; ++i) {
        Eigen::MatrixXd &z = ws.activations[i + 1];
        z.resize(X.rows(), p.units()[i + 1]);
        if (i == 0)
            z.noalias() = X * p.weights(i);
        else
            z.noalias() = ws.activations[i] * p.weights(i);
        z.rowwise() += p.biases(i).transpose();
        if (i + 1 < L)
            activate(spec.hidden, z);
        else
            outputActivate(spec.output, z);
    }
    return ws.activations[L];
}

Eigen::MatrixXd mlpForward(const MlpParameters &p, const MlpSpec &spec, const Eigen::MatrixXd &X)
{
    MlpWorkspace ws;
    return mlpForward(p, spec, X, ws);
}

namespace {

// Forward and backward over one part of a batch (rows [start, start + rows) of it). Returns
// Σ w · loss over the rows; `part` receives the unscaled sums Aᵀ·(w∘Δ) and Σ w∘Δ.
double backpropPart(const MlpParameters &p, const MlpSpec &spec, const Eigen::MatrixXd &Xb,
                    const Eigen::MatrixXd &Yb, const Eigen::VectorXd &wb,
                    const std::vector<Eigen::MatrixXd> &masks, bool drop, Eigen::Index start,
                    Eigen::Index rows, MlpWorkspace &ws, MlpParameters &part)
{
    const int L = p.layerCount();
    const auto X = Xb.middleRows(start, rows);
    ws.activations.resize(L + 1);
    ws.deltas.resize(L);
    for (int i = 0; i < L; ++i) {
        Eigen::MatrixXd &z = ws.activations[i + 1];
        z.resize(rows, p.units()[i + 1]);
        if (i == 0)
            z.noalias() = X * p.weights(i);
        else if (drop)
            z.noalias() =
                ws.activations[i].cwiseProduct(masks[i].middleRows(start, rows)) * p.weights(i);
        else
            z.noalias() = ws.activations[i] * p.weights(i);
        z.rowwise() += p.biases(i).transpose();
        if (i + 1 < L)
            activate(spec.hidden, z);
        else
            outputActivate(spec.output, z);
    }
    const Eigen::VectorXd w =
        wb.size() ? Eigen::VectorXd(wb.segment(start, rows)) : Eigen::VectorXd();
    const Eigen::MatrixXd Y = Yb.middleRows(start, rows);
    const double loss = weightedLoss(spec.output, Y, ws.activations[L], w);

    // With these output / loss pairs the output delta is prediction - target.
    ws.deltas[L - 1] = ws.activations[L] - Y;
    if (w.size())
        ws.deltas[L - 1].array().colwise() *= w.array();
    for (int i = L - 1; i >= 0; --i) {
        const Eigen::MatrixXd &delta = ws.deltas[i];
        auto gw = part.weights(i);
        if (i == 0)
            gw.noalias() = X.transpose() * delta;
        else if (drop)
            gw.noalias() =
                ws.activations[i].cwiseProduct(masks[i].middleRows(start, rows)).transpose() *
                delta;
        else
            gw.noalias() = ws.activations[i].transpose() * delta;
        part.biases(i) = delta.colwise().sum().transpose();
        if (i > 0) {
            Eigen::MatrixXd &prev = ws.deltas[i - 1];
            prev.noalias() = delta * p.weights(i).transpose();
            if (drop)
                prev.array() *= masks[i].middleRows(start, rows).array();
            derive(spec.hidden, ws.activations[i], prev);
        }
    }
    return loss;
}

} // namespace

double mlpBackprop(const MlpParameters &p, const MlpSpec &spec, const Eigen::MatrixXd &X,
                   const Eigen::MatrixXd &Y, const Eigen::VectorXd &w, double alpha, double dropout,
                   SplitMix64 &rng, MlpParameters &grad, MlpBatchWorkspace &ws, JobContext *ctx)
{
    const int L = p.layerCount();
    const Eigen::Index n = X.rows();
    const double total = w.size() ? w.sum() : double(n);
    const bool drop = dropout > 0;
    // Dropout masks for the whole batch, drawn in order before any parallel work.
    ws.masks.resize(L);
    if (drop) {
        const double keep = 1.0 / (1.0 - dropout);
        for (int i = 1; i < L; ++i) {
            Eigen::MatrixXd &m = ws.masks[i];
            m.resize(n, p.units()[i]);
            for (Eigen::Index k = 0; k < m.size(); ++k)
                m.data()[k] = rng.uniform() < dropout ? 0.0 : keep;
        }
    }
    // Fixed parts of the batch (their number depends on the batch only, never on the threads);
    // their sums are added in part order.
    const Eigen::Index parts = (n + kMlpRowsPerPart - 1) / kMlpRowsPerPart;
    const Eigen::Index size = (n + parts - 1) / parts;
    ws.parts.resize(size_t(parts));
    ws.losses.assign(size_t(parts), 0.0);
    if (!ws.grads.empty() && ws.grads[0].units() != p.units())
        ws.grads.clear();
    while (ws.grads.size() < size_t(parts))
        ws.grads.emplace_back(p.units());
    auto body = [&](std::int64_t k) {
        const Eigen::Index start = k * size;
        const Eigen::Index rows = std::min(size, n - start);
        ws.losses[size_t(k)] = backpropPart(p, spec, X, Y, w, ws.masks, drop, start, rows,
                                            ws.parts[size_t(k)], ws.grads[size_t(k)]);
    };
    if (parts > 1 && ctx && ctx->threads() > 1)
        parallelFor(*ctx, parts, body);
    else
        for (Eigen::Index k = 0; k < parts; ++k)
            body(k);

    double loss = 0;
    grad.values = ws.grads[0].values;
    for (Eigen::Index k = 0; k < parts; ++k) {
        loss += ws.losses[size_t(k)];
        if (k > 0)
            grad.values += ws.grads[size_t(k)].values;
    }
    loss /= total;
    double squares = 0;
    for (int i = 0; i < L; ++i)
        squares += p.weights(i).squaredNorm();
    loss += 0.5 * alpha * squares / total;
    for (int i = 0; i < L; ++i) {
        auto gw = grad.weights(i);
        gw += alpha * p.weights(i);
        gw /= total;
        grad.biases(i) /= total;
    }
    return loss;
}

namespace {

class Sgd : public MlpOptimizer
{
public:
    Sgd(Eigen::Index size, double rateInit, LearningRate schedule, double momentum, bool nesterov,
        double powerT)
        : m_init(rateInit)
        , m_schedule(schedule)
        , m_momentum(momentum)
        , m_nesterov(nesterov)
        , m_powerT(powerT)
        , m_velocity(Eigen::VectorXd::Zero(size))
    {
        m_rate = rateInit;
    }

    void update(Eigen::VectorXd &params, const Eigen::VectorXd &grad) override
    {
        m_velocity = m_momentum * m_velocity - m_rate * grad;
        if (m_nesterov)
            params += m_momentum * m_velocity - m_rate * grad;
        else
            params += m_velocity;
    }
    void iterationEnds(std::int64_t samplesSeen) override
    {
        if (m_schedule == LearningRate::InvScaling)
            m_rate = m_init / std::pow(double(samplesSeen + 1), m_powerT);
    }
    bool triggerStopping() override
    {
        if (m_schedule != LearningRate::Adaptive || m_rate <= 1e-6)
            return true;
        m_rate /= 5.0;
        return false;
    }

private:
    double m_init;
    LearningRate m_schedule;
    double m_momentum;
    bool m_nesterov;
    double m_powerT;
    Eigen::VectorXd m_velocity;
};

class Adam : public MlpOptimizer
{
public:
    Adam(Eigen::Index size, double rateInit, double beta1, double beta2, double epsilon)
        : m_init(rateInit)
        , m_beta1(beta1)
        , m_beta2(beta2)
        , m_epsilon(epsilon)
        , m_m(Eigen::VectorXd::Zero(size))
        , m_v(Eigen::VectorXd::Zero(size))
    {
        m_rate = rateInit;
    }

    void update(Eigen::VectorXd &params, const Eigen::VectorXd &grad) override
    {
        ++m_t;
        m_m = m_beta1 * m_m + (1 - m_beta1) * grad;
        m_v = m_beta2 * m_v + (1 - m_beta2) * grad.cwiseProduct(grad);
        m_rate = m_init * std::sqrt(1 - std::pow(m_beta2, double(m_t))) /
                 (1 - std::pow(m_beta1, double(m_t)));
        params.array() += (-m_rate * m_m.array()) / (m_v.array().sqrt() + m_epsilon);
    }

private:
    double m_init, m_beta1, m_beta2, m_epsilon;
    Eigen::VectorXd m_m, m_v;
    std::int64_t m_t = 0;
};

} // namespace

std::unique_ptr<MlpOptimizer> makeSgd(Eigen::Index size, double rateInit, LearningRate schedule,
                                      double momentum, bool nesterov, double powerT)
{
    return std::make_unique<Sgd>(size, rateInit, schedule, momentum, nesterov, powerT);
}

std::unique_ptr<MlpOptimizer> makeAdam(Eigen::Index size, double rateInit, double beta1,
                                       double beta2, double epsilon)
{
    return std::make_unique<Adam>(size, rateInit, beta1, beta2, epsilon);
}

} // namespace flowline::core::ml
