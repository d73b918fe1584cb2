// XNNPACK as a peer for transposed convolution: xnn_create_deconvolution2d_nhwc_f32 on the
// tensors of a kf::Problem of a DeconvDesc, checked against the same reference as ours.
//
// What maps, and how (differences from DeconvDesc's semantics, all handled here):
// - Same scatter definition: input pixel i adds weights[tap] * input to output pixel
//   i * stride - pad_begin + tap * dilation (XNNPACK's "output padding" is our cropping).
// - Output size: XNNPACK computes stride * (in - 1) + adjustment + dilated_kernel - pad_top -
//   pad_bottom with unsigned paddings. DeconvDesc's pad_end may be negative (PyTorch's
//   output_padding, TensorFlow's output_shape): then XNNPACK's pad_end is 0 and its
//   `adjustment` (set at setup time) is -pad_end. XNNPACK rejects an adjustment it does not
//   allow (it must be smaller than the stride); such layers are reported unsupported with
//   XNNPACK's status. The output size is checked against desc.out before anything runs.
// - Layout: NHWC only (NCHW would need transposes in the timed call; reported unsupported).
//   1D runs as 2D with H = 1; 3D is unsupported (XNNPACK has no 3D deconvolution).
// - Weights: XNNPACK wants [g][oc/g][kh][kw][ic/g]. From PyTorch's [ic][oc/g][k...] (ic = g *
//   ic/g + i) and TensorFlow's [k...][oc][ic] (groups 1) the conversion happens once at setup;
//   XNNPACK packs the result inside create. Bias [oc]; ReLU as output clamp [0, +inf).
#pragma once

#include <optional>
#include <string>

#include "autotune/measurer.h"
#include "autotune/problem.h"
#include "bench/peers/xnnpack_common.h"
#include "dsl/deconv_desc.h"

namespace kf::peers {

/// Why XNNPACK's deconvolution cannot run `desc` (layout, rank, weight layout, output size), or
/// std::nullopt when it might (XNNPACK may still reject the adjustment at setup).
std::optional<std::string> xnnpack_deconv_unsupported(const DeconvDesc& desc);

/// Creates (weights packed) and sets up XNNPACK's deconvolution of `desc` on `problem`'s tensors
/// with `threads` threads. `problem` must be a Problem of `desc` and outlive the result.
XnnpackSetup create_xnnpack_peer(const DeconvDesc& desc, Problem& problem, int threads);

/// Times XNNPACK's deconvolution of `desc` (kf::measure(options)) after checking it against the
/// reference; std::nullopt when XNNPACK cannot run it (reason in `*unsupported` when given).
std::optional<PeerTiming> time_xnnpack_deconv(const DeconvDesc& desc, int threads,
                                              const MeasureOptions& options,
                                              std::string* unsupported = nullptr);

}  // namespace kf::peers
