// The convolution algorithm on blocked activations (nChw16c and its 1-D/3-D kin): the one
// definition of dsl/conv_algorithm.h, declared over a channels-last view of a blocked input and
// read out into a blocked result. No scheduling directive is called here.
#pragma once

#include <Halide.h>

#include <string>
#include <vector>

#include "dsl/conv_algorithm.h"
#include "dsl/conv_desc.h"

namespace kf {

/// Handles of a convolution computed on blocked tensors. Halide dimensions innermost first:
///   blocked input  (c_lane, w, h, [d], c_block, n), channel = c_block * 16 + c_lane
///   output         (k_lane, w, h, [d], k_block, n), the same arrangement
/// `conv` is the convolution of a channels-last twin of the workload (see blocked_twin) over the
/// view input(c % 16, ..., c / 16, n); its output channels are padded to whole blocks, so the
/// blocked result reads conv.output at every lane. HWIO weights and the bias of the twin are
/// arguments of `conv`; they hold zero in the padded output channels (see pack stages).
struct BlockedConvAlgorithm {
  ConvAlgorithm conv;  ///< channels-last convolution over the blocked view
  Halide::Var k_lane{"k_lane"}, k_block{"k_block"};
  std::vector<Halide::Var> spatial;  ///< output spatial vars, innermost first
  Halide::Var n{"n"};
  std::vector<Halide::Var> args;  ///< k_lane, spatial..., k_block, n
  /// The blocked result: conv.output in blocked order; lanes at or past the real channel count
  /// hold zero (for finite inputs: they are activation(0 weights x input + 0 bias)).
  Halide::Func output;
};

/// The channels-last workload computed inside: `desc` with layout NHWC and its output channels
/// rounded up to whole blocks (unchanged when grouped: validate() requires whole blocks there).
ConvDesc blocked_twin(const ConvDesc& desc);

/// Declares the convolution of `desc` (any user layout; its channel and spatial sizes are used)
/// over `blocked_input`, a Func in the blocked input order above, read only at real channels
/// and inside the spatial bounds. The caller owns the pipeline inputs `blocked_input` reads.
BlockedConvAlgorithm make_blocked_conv_algorithm(const ConvDesc& desc, const std::string& prefix,
                                                 const Halide::Func& blocked_input);

}  // namespace kf
