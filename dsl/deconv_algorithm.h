// The Halide algorithm of transposed convolution in sub-pixel (gather) form, for any spatial rank,
// either activation layout and either weight layout. No scheduling directive is called here.
//
// Along each spatial dim, output pixel x = s * q + p (q the tile, p in [0, s) the phase) receives
// exactly the taps k = k0(p) + s' * t (t = 0, 1, ... < T(p)) from input pixel
// i = q + offset(p) - d' * t, where g = gcd(s, d), s' = s / g, d' = d / g and k0(p) solves
// k0 * d = p + pad_begin (mod s). With dilation 1 this is DESIGN.md's k = (p + P) % s + s * t at
// input offset (p + P) / s - t. No inserted zero is ever multiplied; phases with no tap (possible
// when g > 1 or k < s) get the bias only.
#pragma once

#include <Halide.h>

#include <optional>
#include <string>
#include <vector>

#include "dsl/deconv_desc.h"

namespace kf {

/// The sub-pixel decomposition of one spatial dim (compile-time constants).
struct DeconvPhases {
  int stride = 1;
  int tap_step = 1;         ///< s' = s / gcd(s, d): kernel index step between a phase's taps
  int input_step = 1;       ///< d' = d / gcd(s, d): input step between a phase's taps
  int max_taps = 0;         ///< max over phases of taps[p]
  std::vector<int> first;   ///< k0(p), the phase's first kernel tap
  std::vector<int> taps;    ///< T(p), number of taps of phase p
  std::vector<int> offset;  ///< input offset of tap 0: i = q + offset[p] - input_step * t
  bool uniform() const;     ///< every phase has max_taps taps
};

/// Phases of spatial dim `i` (outermost-first index into the desc arrays).
DeconvPhases deconv_phases(const DeconvDesc& desc, int i);

/// Handles of one transposed convolution's algorithm. Halide dims are innermost first:
///   NHWC: input(c, w, h, n), output(k, w, h, n), phased(k, qw, qh, pw, ph, n)
///   NCHW: input(w, h, c, n), output(w, h, k, n), phased(qw, qh, k, pw, ph, n)
/// `padded` and `phased` follow compute_layout, which may differ from the user's layout (input
/// and output): the conversion is then part of the pipeline, and of its measured time.
/// (1D and 3D drop or add the spatial dims in the same places; every dim has a phase var, of
/// extent 1 when its stride is 1).
struct DeconvAlgorithm {
  DeconvDesc desc;
  Layout compute_layout = Layout::kNHWC;  ///< layout of padded and phased
  std::vector<DeconvPhases> phases;       ///< per spatial dim, innermost first (w, h, d)
  Halide::ImageParam input;
  Halide::ImageParam weights;
  Halide::ImageParam bias;  ///< defined only when desc.bias
  /// With prepacked weights: the packed tensor the pipeline reads instead of `weights`, dims
  /// (k, c, t..., p...) innermost first as phase_weights has them, and `pack`, the pipeline
  /// output that fills it from `weights` (run once, ahead of the calls). Undefined otherwise.
  Halide::ImageParam packed_weights;
  Halide::Func pack;

  Halide::Var k;                         ///< output channel
  Halide::Var n;                         ///< batch
  std::vector<Halide::Var> spatial;      ///< output pixel vars, innermost first
  std::vector<Halide::Var> tile;         ///< q vars of `phased`, innermost first
  std::vector<Halide::Var> phase;        ///< p vars of `phased`, innermost first
  std::vector<Halide::Var> args;         ///< argument order of `output`
  std::vector<Halide::Var> phased_args;  ///< argument order of `phased`

  /// Input, zero outside its spatial extent.
  Halide::Func padded;
  /// Weights by phase: phase_weights(k, c, t..., p...) = weight of output channel k, input
  /// channel c within k's group, tap k0(p) + s' * t of each dim (clamped into the kernel).
  Halide::Func phase_weights;
  /// Accumulator by phase: bias (or 0), updated over `reduction`.
  Halide::Func phased;
  /// The pipeline output: activation(phased) interleaved back into output pixels.
  Halide::Func output;
  /// r[0] = input channel within the group, r[1..] = taps t innermost first; restricted by
  /// t < T(p) on dims whose phases are not uniform, except that with prepacked weights a dim
  /// whose phases all have taps gets its missing taps packed as zeros instead.
  Halide::RDom reduction;

  /// Pipeline arguments: input, weights (or packed_weights), [bias].
  std::vector<Halide::Argument> arguments() const;
  /// Dense shape of packed_weights, outermost first: phases, taps (outer dims first), input
  /// channels within the group, output channels.
  std::vector<int64_t> packed_shape() const;
};

/// Where the compute pipeline reads its weights from.
enum class DeconvWeightSource {
  kUserLayout,  ///< the user's weights, gathered into phase order as the kernel runs
  kPrepacked,   ///< a phase-major packed copy made once by DeconvAlgorithm::pack
};

/// Declares the transposed convolution `desc` (which must be valid); `prefix` names every Func.
/// `compute_layout` (default: desc.layout) is the layout padded and phased are declared in.
DeconvAlgorithm make_deconv_algorithm(const DeconvDesc& desc, const std::string& prefix = "deconv",
                                      DeconvWeightSource source = DeconvWeightSource::kUserLayout,
                                      std::optional<Layout> compute_layout = std::nullopt);

}  // namespace kf
