// Transfer: a workload the database has not seen starts from what worked on the most similar
// workloads it has seen. Similarity is a distance between shapes (log sizes of every tensor of
// the op's interface), among workloads of the same op whose tensors have the same roles, ranks
// and layouts; the best ok record of each template of the nearest workloads becomes a seed of
// the new search, to be measured again on the new workload (a config that suited another shape
// is a guess, not a result).
#pragma once

#include <string>
#include <vector>

#include "autotune/database.h"
#include "dsl/op_desc.h"

namespace kf {

/// What transfer compares: `structure` must match exactly (op, tensor roles, ranks, layouts,
/// element types); `features` are log2(1 + extent) of every dim of every tensor, inputs then
/// output, outermost first.
struct ShapeSignature {
  std::string structure;
  std::vector<double> features;
};

/// The signature of `desc`.
ShapeSignature shape_signature(const OpDesc& desc);

/// Sum of |a_i - b_i| over the features, or infinity when the structures differ.
double shape_distance(const ShapeSignature& a, const ShapeSignature& b);

/// The best ok record of each template on each of the `max_workloads` tuned workloads nearest to
/// `desc` (same target and thread count, `desc` itself excluded), nearest workload first.
/// Records that do not parse back to a descriptor are skipped.
std::vector<TuningRecord> transfer_candidates(Database& database, const OpDesc& desc,
                                              const std::string& target, int threads,
                                              int max_workloads);

}  // namespace kf
