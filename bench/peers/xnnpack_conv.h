// XNNPACK as a peer for forward convolution: xnn_create_convolution2d_nhwc_f32 on the tensors of
// a kf::Problem of a ConvDesc, checked against the same reference as KernelForge's kernels.
//
// What maps, and how (differences from ConvDesc's semantics, all handled here):
// - Layout: XNNPACK's general convolution is NHWC only. NHWC/NWC workloads run on the user's
//   tensors as they are. NCHW/NCW workloads are reported unsupported: running them would need
//   activation transposes inside the timed call, which XNNPACK users do not do, and this peer
//   does not add them. (XNNPACK's convolution2d_nchw_f32 exists but only for the few shapes of
//   its sparse-inference path, so it is no general peer.)
// - 1D convolution runs as 2D with H = 1 (kernel 1, stride 1, dilation 1, no padding in H).
// - 3D convolution: XNNPACK has none; reported unsupported.
// - Weights: ours are [k...][ic/g][oc] (TensorSpec layout "HWIO" / "WIO", output channel
//   oc = g * oc/g + o); XNNPACK wants [g][oc/g][kh][kw][ic/g]. Converted once at setup, then
//   packed by XNNPACK inside create (outside any timed call). Grouped and depthwise layers use
//   the same layout (XNNPACK picks its depthwise kernels itself when ic/g == oc/g == 1).
// - Padding: XNNPACK's padding is unsigned and its output size is
//   floor((in + pad_begin + pad_end - dilated_kernel) / stride) + 1. ConvDesc allows pad_end
//   down to -(stride - 1) (the last input rows are never read); such a pad_end is passed as 0,
//   which gives the same output size and values since the floor discards the extra rows. The
//   output size XNNPACK will compute is checked against desc.out before anything runs.
// - Fused activation: ReLU is output clamp [0, +inf), clamp is [clamp_min, clamp_max]; no
//   activation is (-inf, +inf). Bias is passed as [oc] (XNNPACK packs it with the weights).
#pragma once

#include <optional>
#include <string>

#include "autotune/measurer.h"
#include "autotune/problem.h"
#include "bench/peers/xnnpack_common.h"
#include "dsl/conv_desc.h"

namespace kf::peers {

/// Why XNNPACK's convolution cannot run `desc` (layout, rank, or XNNPACK's output-size rule
/// disagreeing with desc.out), or std::nullopt when it can. Needs no tensors.
std::optional<std::string> xnnpack_conv_unsupported(const ConvDesc& desc);

/// Creates (weights packed) and sets up XNNPACK's convolution of `desc` on `problem`'s tensors
/// with `threads` threads. `problem` must be a Problem of `desc` and outlive the result.
XnnpackSetup create_xnnpack_peer(const ConvDesc& desc, Problem& problem, int threads);

/// Times XNNPACK's convolution of `desc` with `threads` threads (kf::measure(options)) after
/// checking it against the reference. std::nullopt when XNNPACK cannot run it; the reason then
/// goes to `*unsupported` when given.
std::optional<PeerTiming> time_xnnpack_conv(const ConvDesc& desc, int threads,
                                            const MeasureOptions& options,
                                            std::string* unsupported = nullptr);

}  // namespace kf::peers
