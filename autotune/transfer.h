// Transfer: a workload the database has not seen starts from what worked on the most similar
// workloads it has seen. Similarity is a distance between shapes (log sizes of every tensor of
// the op's interface), among workloads of the same op whose tensors have the same roles, ranks
// and layouts; the best ok record of each template of the nearest workloads becomes a seed of
// the new search, to be measured again on the new workload (a config that suited another shape
// is a guess, not a result). The workload itself, tuned with another thread count, is a guess of
// the same kind.
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

/// The best ok record of each template of `desc` itself at the other thread counts the database
/// has tuned it with (same target), nearest thread count first (the smaller on a tie), templates
/// by name within a count. A schedule tuned with 1 thread is a strong guess for 2: the tiles and
/// loop orders that suit the shape stay; what differs is how the work is split, which the
/// search mutates from there.
std::vector<TuningRecord> other_thread_count_candidates(Database& database, const OpDesc& desc,
                                                        const std::string& target, int threads);

}  // namespace kf
