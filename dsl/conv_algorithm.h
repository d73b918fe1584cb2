// The Halide algorithm of forward convolution, for any spatial rank and either user layout.
// It states what is computed and calls no scheduling directive: templates in schedules/ decide
// how, through the handles this struct exposes.
#pragma once

#include <Halide.h>

#include <string>
#include <vector>

#include "dsl/conv_desc.h"

namespace kf {

/// How a convolution's `padded` input is declared. Both forms give the same values; they differ
/// in what a schedule can do with them.
enum class PaddingForm {
  /// A boundary condition on the input (a bounds select per element): it can be inlined into
  /// the convolution or computed at any loop, per block of rows included.
  kBoundaryCondition,
  /// Zeros, then the input copied over the interior as an update over an RDom of the input's
  /// spatial extent: dense loads and stores with no select, which vectorise whatever the
  /// channel count. The copy's RDom spans the whole image, so only a schedule that stores the
  /// whole padded tensor up front (compute_root) may use it.
  kZeroFillThenCopy,
};

/// Handles of one convolution's algorithm. Halide dimensions are innermost first, so the Func
/// argument order mirrors the user's layout reversed:
///   NHWC: input(c, w, h, n), output(k, w, h, n), weights HWIO -> (k, c, kw, kh)
///   NCHW: input(w, h, c, n), output(w, h, k, n), weights OIHW -> (kw, kh, c, k)
/// (1D and 3D drop or add the spatial dims in the same places.)
struct ConvAlgorithm {
  ConvDesc desc;
  Halide::ImageParam input;
  /// In the user's layout (HWIO or OIHW), or packed in blocks of output channels (one more
  /// dimension; see make_conv_algorithm_over_packed_weights).
  Halide::ImageParam weights;
  Halide::ImageParam bias;  ///< defined only when desc.bias

  Halide::Var k;                     ///< output channel
  Halide::Var n;                     ///< batch
  std::vector<Halide::Var> spatial;  ///< output spatial vars, innermost first (w, h, d)
  std::vector<Halide::Var> args;     ///< argument order of `conv` and `output`

  /// Input with zero padding outside the spatial bounds, same argument order as `input`, in
  /// the declaration's PaddingForm (kZeroFillThenCopy: the pure definition is the zeros and
  /// update 0 the copy; `interior` is that update's RDom).
  Halide::Func padded;
  Halide::RDom interior;  ///< defined only for PaddingForm::kZeroFillThenCopy
  /// Accumulator: initialised with the bias (or zero), updated over `reduction`.
  Halide::Func conv;
  /// The pipeline output: activation(conv), in the user's layout.
  Halide::Func output;
  /// Reduction domain: r[0] = input channel within the group, r[1..] = kernel taps innermost
  /// first (kw, kh, kd).
  Halide::RDom reduction;

  /// The pipeline's arguments in the order of the generated function's signature:
  /// input, weights, [bias], output is appended by Halide. Without `input` (the algorithm was
  /// declared over a source Func), the list starts with the weights.
  std::vector<Halide::Argument> arguments() const;
};

/// Declares the convolution described by `desc` (which must be valid). `prefix` names every
/// Func so that lowered statements and assembly of different kernels read apart.
ConvAlgorithm make_conv_algorithm(const ConvDesc& desc, const std::string& prefix = "conv",
                                  PaddingForm padding = PaddingForm::kBoundaryCondition);

/// Declares the same convolution over `source` instead of an input ImageParam: a Func in the
/// argument order of `input`, read only inside the spatial bounds desc.in (the zero padding
/// outside is added here, as `padded`). The returned `input` is left undefined; the caller owns
/// the pipeline inputs that `source` reads and puts them in front of arguments().
ConvAlgorithm make_conv_algorithm(const ConvDesc& desc, const std::string& prefix,
                                  const Halide::Func& source);

/// Declares the same NHWC convolution over weights packed in blocks of `block` output channels:
/// the weights argument is (k % block, c, taps innermost first..., k / block), i.e.
/// [oc / block][kd][kh][kw][ic / groups][block] outermost first (packed_weight_shape), so that a
/// register tile's reduction over input channels reads each block's weights contiguously
/// instead of one row of an HWIO matrix per channel. A schedule that vectorises `k` by a
/// divisor of `block`, from multiples of it, reads whole vectors. Requires desc.layout NHWC and
/// desc.oc a multiple of `block`.
ConvAlgorithm make_conv_algorithm_over_packed_weights(
    const ConvDesc& desc, const std::string& prefix, int block,
    PaddingForm padding = PaddingForm::kBoundaryCondition);

/// The dense shape (outermost first) of the packed weights of
/// make_conv_algorithm_over_packed_weights.
std::vector<int64_t> packed_weight_shape(const ConvDesc& desc, int block);

}  // namespace kf
