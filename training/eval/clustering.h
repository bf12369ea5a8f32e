// Clustering quality of user embeddings (docs/training.md "Evaluation"): k-means over the
// embeddings, compared with the planted archetypes of a synthetic world by normalized mutual
// information. Deterministic by seed.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include <ATen/core/Tensor.h>

#include "graph/synth/truth_reader.h"

namespace zipp::training {

// Lloyd's k-means with greedy k-means++ initialisation (scikit-learn's): the first centre is a
// uniform point; for each next one 2 + floor(ln k) points are drawn with probability proportional
// to their squared distance to the nearest centre so far (core::Rng(seed)) and the one that most
// lowers the summed squared distance is kept. Iterates until no label changes or max_iterations; a
// cluster that loses all its points keeps its centre. Runs in float64 on the CPU. points: float32
// or float64 [n, d] with 1 <= k <= n; InputError otherwise. Returns a label in [0, k) per point.
std::vector<std::int32_t> kmeans(const at::Tensor& points, int k, std::uint64_t seed,
                                 int max_iterations = 50);

// NMI(a, b) = I(a; b) / ((H(a) + H(b)) / 2), natural logarithms (the arithmetic-mean
// normalisation, scikit-learn's default). Labels are any integers. As in scikit-learn, two
// labelings that are both a single cluster (or empty) score 1, and zero mutual information scores
// 0. InputError when the sizes differ.
double normalized_mutual_information(std::span<const std::int32_t> a,
                                     std::span<const std::int32_t> b);

// Each user's heaviest archetype (the first of its mixture), for the users of `truth`.
std::vector<std::int32_t> dominant_archetypes(const graph::synth::UserTruth& truth);

}  // namespace zipp::training
