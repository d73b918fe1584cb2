// XNNPACK as a peer for softmax: xnn_create_softmax_nc_f32 on the tensors of a kf::Problem of a
// SoftmaxDesc, checked against the same reference as ours.
//
// XNNPACK's softmax normalises each row of an [N][C] matrix, i.e. over the innermost, contiguous
// axis only (no axis argument, no strided channels). A SoftmaxDesc maps onto it exactly when
// every physical dim after the softmax axis has size 1: then rows = elements / axis_size and
// C = axis_size, on the user's buffer as it is. That covers the NHWC channel softmax of a
// segmentation output (axis 1, nhwc), the last axis of any tensor, and NCHW workloads whose
// spatial dims are 1 (96x1000x1x1). Other axes (e.g. axis 1 of an NCHW image) would need a
// transpose in the timed call and are reported unsupported. Same formula as ours: exp(x - max)
// / sum; XNNPACK evaluates exp with its own polynomial, within the reference tolerance.
#pragma once

#include <optional>
#include <string>

#include "autotune/measurer.h"
#include "autotune/problem.h"
#include "bench/peers/xnnpack_common.h"
#include "dsl/softmax_desc.h"

namespace kf::peers {

/// Why XNNPACK's softmax cannot run `desc` (the axis is not the innermost non-trivial physical
/// dim), or std::nullopt when it can.
std::optional<std::string> xnnpack_softmax_unsupported(const SoftmaxDesc& desc);

/// Creates and sets up XNNPACK's softmax of `desc` on `problem`'s tensors with `threads`
/// threads. `problem` must be a Problem of `desc` and outlive the result.
XnnpackSetup create_xnnpack_peer(const SoftmaxDesc& desc, Problem& problem, int threads);

/// Times XNNPACK's softmax of `desc` (kf::measure(options)) after checking it against the
/// reference; std::nullopt when XNNPACK cannot run it (reason in `*unsupported` when given).
std::optional<PeerTiming> time_xnnpack_softmax(const SoftmaxDesc& desc, int threads,
                                               const MeasureOptions& options,
                                               std::string* unsupported = nullptr);

}  // namespace kf::peers
