#include "Folds.h"

#include "util/SplitMix64.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

namespace flowline::core::eval {

namespace {

Error foldError(const QString &what)
{
    return Error{QStringLiteral("folds: %1").arg(what)};
}

template <class T>
void shuffleInPlace(std::vector<T> &v, SplitMix64 &rng)
{
    for (std::size_t i = v.size(); i > 1; --i)
        std::swap(v[i - 1], v[std::size_t(rng.below(i))]);
}

// Rows of each fold given a fold number per row.
std::vector<Fold> foldsFromAssignment(const std::vector<int> &testFold, int folds, int repeat)
{
    std::vector<Fold> out(static_cast<std::size_t>(folds));
    for (int f = 0; f < folds; ++f) {
        out[std::size_t(f)].repeat = repeat;
        out[std::size_t(f)].index = f;
    }
    for (std::size_t i = 0; i < testFold.size(); ++i)
        for (int f = 0; f < folds; ++f)
            (testFold[i] == f ? out[std::size_t(f)].test : out[std::size_t(f)].train)
                .push_back(std::int64_t(i));
    return out;
}

// KFold: contiguous blocks of the (possibly shuffled) row order, the first n % k one larger.
std::vector<int> kFoldAssignment(std::int64_t n, int k, SplitMix64 *rng)
{
    std::vector<std::int64_t> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), std::int64_t(0));
    if (rng)
        shuffleInPlace(order, *rng);
    std::vector<int> fold(static_cast<std::size_t>(n));
    std::int64_t start = 0;
    for (int f = 0; f < k; ++f) {
        const std::int64_t size = n / k + (f < n % k ? 1 : 0);
        for (std::int64_t i = start; i < start + size; ++i)
            fold[std::size_t(order[std::size_t(i)])] = f;
        start += size;
    }
    return fold;
}

// Classes renumbered by order of first appearance, as StratifiedKFold does.
std::vector<int> encodeByAppearance(const Eigen::VectorXi &classes, int &count)
{
    std::unordered_map<int, int> code;
    std::vector<int> encoded(static_cast<std::size_t>(classes.size()));
    for (Eigen::Index i = 0; i < classes.size(); ++i) {
        const auto [it, added] = code.try_emplace(classes[i], count);
        if (added)
            ++count;
        encoded[std::size_t(i)] = it->second;
    }
    return encoded;
}

// StratifiedKFold (scikit-learn 1.2): deal the class-sorted rows round robin to the folds to
// get how many rows of each class each fold tests, then hand each class's rows, in row order,
// to fold 0's share, fold 1's share, ... (the shares shuffled when rng is given).
std::vector<int> stratifiedAssignment(const std::vector<int> &encoded, int classCount, int k,
                                      SplitMix64 *rng)
{
    std::vector<std::int64_t> counts(std::size_t(classCount), 0);
    for (int c : encoded)
        ++counts[std::size_t(c)];
    // allocation[f][c]: rows of class c in fold f.
    std::vector<std::vector<std::int64_t>> allocation(
        std::size_t(k), std::vector<std::int64_t>(std::size_t(classCount), 0));
    std::int64_t position = 0;
    for (int c = 0; c < classCount; ++c)
        for (std::int64_t j = 0; j < counts[std::size_t(c)]; ++j, ++position)
            ++allocation[std::size_t(position % k)][std::size_t(c)];

    std::vector<int> fold(encoded.size());
    for (int c = 0; c < classCount; ++c) {
        std::vector<int> shares;
        for (int f = 0; f < k; ++f)
            shares.insert(shares.end(), std::size_t(allocation[std::size_t(f)][std::size_t(c)]), f);
        if (rng)
            shuffleInPlace(shares, *rng);
        std::size_t next = 0;
        for (std::size_t i = 0; i < encoded.size(); ++i)
            if (encoded[i] == c)
                fold[i] = shares[next++];
    }
    return fold;
}

// Hold-out: ceil(fraction * n) test rows; stratified, each class gives its share (largest
// remainders, ties to the class seen first). Without shuffling the last rows are the test rows.
std::vector<int> holdoutAssignment(std::int64_t n, double fraction, const std::vector<int> *encoded,
                                   int classCount, SplitMix64 *rng)
{
    const auto nTest = std::int64_t(std::ceil(fraction * double(n)));
    std::vector<int> fold(std::size_t(n), 1);
    std::vector<std::vector<std::int64_t>> groups;
    if (encoded) {
        groups.resize(std::size_t(classCount));
        for (std::int64_t i = 0; i < n; ++i)
            groups[std::size_t((*encoded)[std::size_t(i)])].push_back(i);
    } else {
        groups.emplace_back(std::size_t(n));
        std::iota(groups[0].begin(), groups[0].end(), std::int64_t(0));
    }
    std::vector<std::int64_t> quota(groups.size());
    std::vector<std::pair<double, std::size_t>> remainders;
    std::int64_t given = 0;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const double exact = double(groups[g].size()) * double(nTest) / double(n);
        quota[g] = std::int64_t(std::floor(exact));
        given += quota[g];
        remainders.push_back({exact - double(quota[g]), g});
    }
    std::stable_sort(remainders.begin(), remainders.end(),
                     [](const auto &a, const auto &b) { return a.first > b.first; });
    for (std::size_t j = 0; given < nTest && j < remainders.size(); ++j, ++given)
        ++quota[remainders[j].second];
    for (std::size_t g = 0; g < groups.size(); ++g) {
        std::vector<std::int64_t> &rows = groups[g];
        if (rng)
            shuffleInPlace(rows, *rng);
        const std::size_t from = rng ? 0 : rows.size() - std::size_t(quota[g]);
        for (std::size_t j = from; j < from + std::size_t(quota[g]); ++j)
            fold[std::size_t(rows[j])] = 0;
    }
    return fold;
}

} // namespace

Result<std::vector<Fold>> makeFolds(std::int64_t n, const Eigen::VectorXi *classes,
                                    const FoldSpec &spec)
{
    const bool stratified = spec.scheme == FoldScheme::StratifiedKFold ||
                            spec.scheme == FoldScheme::RepeatedStratifiedKFold;
    const bool repeated = spec.scheme == FoldScheme::RepeatedKFold ||
                          spec.scheme == FoldScheme::RepeatedStratifiedKFold;
    const bool holdout = spec.scheme == FoldScheme::Holdout;
    if (n <= 0)
        return foldError(QStringLiteral("no rows to split"));
    if (n > std::int64_t(1) << 40)
        return foldError(QStringLiteral("too many rows"));
    if (!holdout && (spec.folds < 2 || spec.folds > n))
        return foldError(QStringLiteral("the number of folds must be between 2 and the number "
                                        "of rows (%1), not %2")
                             .arg(n)
                             .arg(spec.folds));
    if ((repeated || holdout) && (spec.repeats < 1 || spec.repeats > 1000))
        return foldError(QStringLiteral("repeats must be between 1 and 1000"));
    if (holdout && !(spec.testFraction > 0 && spec.testFraction < 1))
        return foldError(QStringLiteral("the test fraction must be between 0 and 1"));
    if (stratified && !classes)
        return foldError(QStringLiteral("stratified folds need the classes"));
    if (classes && (stratified || holdout)) {
        if (classes->size() != n)
            return foldError(QStringLiteral("one class per row is needed"));
        if (n > 0 && classes->minCoeff() < 0)
            return foldError(QStringLiteral("rows without a class cannot be stratified"));
    }
    const bool useClasses = classes && (stratified || holdout);
    int classCount = 0;
    std::vector<int> encoded;
    if (useClasses) {
        encoded = encodeByAppearance(*classes, classCount);
        if (stratified) {
            std::vector<std::int64_t> counts(std::size_t(classCount), 0);
            for (int c : encoded)
                ++counts[std::size_t(c)];
            if (*std::max_element(counts.begin(), counts.end()) < spec.folds)
                return foldError(
                    QStringLiteral("%1 folds is more than the rows of any class").arg(spec.folds));
        }
    }
    if (holdout) {
        const auto nTest = std::int64_t(std::ceil(spec.testFraction * double(n)));
        if (nTest >= n)
            return foldError(QStringLiteral("the test fraction leaves no training rows"));
    }

    const int repeats = repeated || holdout ? spec.repeats : 1;
    const bool shuffle = spec.shuffle || repeated;
    SplitMix64 master{spec.seed};
    std::vector<Fold> out;
    for (int r = 0; r < repeats; ++r) {
        SplitMix64 rng{master.next()};
        SplitMix64 *maybe = shuffle ? &rng : nullptr;
        std::vector<Fold> folds;
        if (holdout) {
            const std::vector<int> assignment = holdoutAssignment(
                n, spec.testFraction, useClasses ? &encoded : nullptr, classCount, maybe);
            folds = foldsFromAssignment(assignment, 1, r);
        } else if (stratified) {
            folds = foldsFromAssignment(
                stratifiedAssignment(encoded, classCount, spec.folds, maybe), spec.folds, r);
        } else {
            folds = foldsFromAssignment(kFoldAssignment(n, spec.folds, maybe), spec.folds, r);
        }
        for (Fold &f : folds)
            out.push_back(std::move(f));
    }
    return out;
}

} // namespace flowline::core::eval
