#pragma once

// The multi-layer perceptron itself, as scikit-learn's BaseMultilayerPerceptron computes it:
// dense layers (weights fan_in × fan_out, as sklearn's coefs_), a hidden activation, an output
// activation matched to its loss, forward pass, backpropagation with L2 regularisation and
// sample weights, and the two stochastic optimisers (SGD with momentum, Adam).

#include "util/SplitMix64.h"

#include <Eigen/Core>

#include <QString>

#include <cstdint>
#include <memory>
#include <vector>

namespace flowline::core {
class JobContext;
}

namespace flowline::core::ml {

enum class MlpActivation { Relu, Tanh, Logistic, Identity };
// Output layer and loss: Identity + half squared error (regression), Logistic + binary log loss
// (two classes, one output unit), Softmax + log loss (K > 2 classes).
enum class MlpOutput { Identity, Logistic, Softmax };

QString activationName(MlpActivation a); // "relu", "tanh", "logistic", "identity"
bool activationFromName(const QString &name, MlpActivation &out);

// Every weight and bias in one flat vector (so the optimisers work element-wise), with views of
// each layer. units = {inputs, hidden..., outputs}.
class MlpParameters
{
public:
    MlpParameters() = default;
    explicit MlpParameters(std::vector<int> units); // all zero

    int layerCount() const { return int(m_units.size()) - 1; }
    const std::vector<int> &units() const { return m_units; }

    Eigen::Map<Eigen::MatrixXd> weights(int layer);
    Eigen::Map<const Eigen::MatrixXd> weights(int layer) const;
    Eigen::Map<Eigen::VectorXd> biases(int layer);
    Eigen::Map<const Eigen::VectorXd> biases(int layer) const;

    Eigen::VectorXd values;

private:
    std::vector<int> m_units;
    std::vector<Eigen::Index> m_weightOffset, m_biasOffset;
};

// Glorot-uniform initialisation as sklearn's _init_coef: the weights, then the biases, of each
// layer uniform in ±sqrt(f / (fan_in + fan_out)), f = 6, or f = 2 with the logistic activation
// (sklearn 1.2's factor), drawn from `rng`.
void glorotInitialize(MlpParameters &p, MlpActivation hidden, SplitMix64 &rng);

struct MlpSpec
{
    MlpActivation hidden = MlpActivation::Relu;
    MlpOutput output = MlpOutput::Identity;
};

// Scratch space reused across batches (large fresh allocations cost page faults).
struct MlpWorkspace
{
    std::vector<Eigen::MatrixXd> activations; // per layer, after the activation (before dropout)
    std::vector<Eigen::MatrixXd> deltas;
};

// The output layer's activations (rows × outputs) for X (rows × inputs), computed in `ws`.
const Eigen::MatrixXd &mlpForward(const MlpParameters &p, const MlpSpec &spec,
                                  const Eigen::Ref<const Eigen::MatrixXd> &X, MlpWorkspace &ws);
Eigen::MatrixXd mlpForward(const MlpParameters &p, const MlpSpec &spec, const Eigen::MatrixXd &X);

// Rows per part of a batch: a batch of n rows is cut into ceil(n / this) equal parts, run in
// parallel when the job has threads, and their gradient sums added in part order.
inline constexpr Eigen::Index kMlpRowsPerPart = 128;

struct MlpBatchWorkspace
{
    std::vector<Eigen::MatrixXd> masks; // inverted-dropout factors per hidden layer (whole batch)
    std::vector<MlpWorkspace> parts;
    std::vector<MlpParameters> grads; // per part: unscaled sums
    std::vector<double> losses;
};

// One batch: forward, loss, backward, as sklearn's _backprop, with sample weights `w` (empty:
// all 1). With total batch weight s: loss = Σ w·l / s + alpha / 2 · ||W||² / s, and the
// gradients are those of that loss (coef grad = (Aᵀ·(w∘Δ) + alpha·W) / s). `dropout` > 0 drops
// hidden units with that probability (inverted dropout, drawn from `rng`). Returns the loss;
// `grad` receives the gradients (same layout as `p`). Y: rows × outputs (one-hot for softmax).
// With `ctx`, the parts of the batch run on its threads; the result does not depend on them.
double mlpBackprop(const MlpParameters &p, const MlpSpec &spec, const Eigen::MatrixXd &X,
                   const Eigen::MatrixXd &Y, const Eigen::VectorXd &w, double alpha, double dropout,
                   SplitMix64 &rng, MlpParameters &grad, MlpBatchWorkspace &ws,
                   JobContext *ctx = nullptr);

// sklearn's stochastic optimisers: update() adds the step to the parameters.
class MlpOptimizer
{
public:
    virtual ~MlpOptimizer() = default;
    virtual void update(Eigen::VectorXd &params, const Eigen::VectorXd &grad) = 0;
    // End of an epoch; `samplesSeen` counts training rows over all epochs (sklearn's t_).
    virtual void iterationEnds(std::int64_t samplesSeen) { (void)samplesSeen; }
    // No improvement for n_iter_no_change epochs: true to stop, false when the learning rate
    // was lowered instead (SGD's adaptive schedule).
    virtual bool triggerStopping() { return true; }
    double learningRate() const { return m_rate; }

protected:
    double m_rate = 0;
};

enum class LearningRate { Constant, InvScaling, Adaptive };

std::unique_ptr<MlpOptimizer> makeSgd(Eigen::Index size, double rateInit, LearningRate schedule,
                                      double momentum, bool nesterov, double powerT);
std::unique_ptr<MlpOptimizer> makeAdam(Eigen::Index size, double rateInit, double beta1,
                                       double beta2, double epsilon);

} // namespace flowline::core::ml
