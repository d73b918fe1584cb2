// The shape-agnostic normalisations of emitted libraries: make_norm_algorithm with run-time
// sizes (epsilon and the group count as parameters) over canonical views of the dense tensors:
//   lnorm, rmsnorm     [rows][normalised elements] (the normalised dims fused, gamma and beta
//                      flattened with them; the dims before them fused into rows)
//   bnorm, gnorm       [mb][pixels][ic] (NHWC kin) or [mb][ic][pixels] (NCHW kin), the spatial
//                      dims fused into pixels; inorm is gnorm with as many groups as channels
// so six kernels (lnorm, rmsnorm, and bnorm and gnorm per layout) serve every rank and size.
//
// The schedule has no knobs: two-pass statistics per row (lnorm) or per sample (gnorm) before
// the output, vectors along the contiguous dim with guarded tails, rows or samples handed to
// threads.
#pragma once

#include <Halide.h>

#include "dsl/norm_algorithm.h"

namespace kf {

/// The generic normalisation of `kind` (inorm: use kGroup) in `layout` (ignored for the
/// row-wise kinds), declared and scheduled for `target`; arguments as NormAlgorithm::arguments()
/// with run-time sizes, then the output.
struct GenericNormPipeline {
  NormAlgorithm algorithm;
  Halide::Pipeline pipeline;
};
GenericNormPipeline make_generic_norm_pipeline(NormKind kind, NormLayout layout,
                                               const Halide::Target& target);

/// The canonical view of `desc`'s input (outermost first) under which the generic kernel takes
/// it; the parameters are [elements per row] (row-wise kinds) or [ic].
std::vector<int64_t> generic_norm_input_shape(const NormDesc& desc);

}  // namespace kf
