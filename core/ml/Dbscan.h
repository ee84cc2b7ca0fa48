#pragma once

#include "Estimator.h"

namespace flowline::core::ml {

// DBSCAN clustering, as scikit-learn's DBSCAN (Euclidean): a row is a core point when at least
// min_samples rows (itself included; sample weights add up instead of counting when given) lie
// within eps; clusters are the core points linked through such neighbourhoods plus the non-core
// rows within eps of them; the rest is noise (label -1). Clusters are numbered as scikit-learn
// does: from the lowest-numbered unlabelled core row, expanding; a border row reachable from two
// clusters joins the first. Neighbourhoods come from a k-d tree (KdTree.h).
//
// scikit-learn's DBSCAN cannot label new rows. Here predict gives a row the cluster of its
// nearest core point if that lies within eps, else -1 (so a training border row near two
// clusters may get the other one). The model keeps the core points.
EstimatorInfo dbscanEstimator();

// The training labels (scikit-learn's labels_) and which rows are core points.
struct DbscanLabels
{
    Eigen::VectorXi labels;
    std::vector<bool> core;
    int clusters = 0;
};
DbscanLabels dbscanLabels(const Eigen::MatrixXd &X, const Eigen::VectorXd &weight, double eps,
                          double minSamples, JobContext &ctx);

} // namespace flowline::core::ml
