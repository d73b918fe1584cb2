// The Halide algorithm of a 3x3 (2-D) or 3-tap (1-D) stride-1 convolution computed with
// Winograd's F(m x m, 3x3) or F(m, 3) (dsl/winograd_transforms.h), for channels-last tensors. No
// scheduling directive is called here.
//
// The output is cut into m x m tiles; tile (tx, ty) reads the alpha x alpha input patch at
// (tx * m - pad_w, ty * m - pad_h). Per tile and channel the patch is transformed (BT d B), per
// transformed position (ex, ey) a GEMM over input channels multiplies it with the transformed
// weights (G g G^T), and the output transform (AT M A) returns an m x m output tile. The output
// channels are blocked in the algorithm itself (k = block * k_block + lane): the transformed
// weights are stored in blocks of k_block output channels, which keeps each GEMM's weight panel
// contiguous, and no schedule has to split an index that Halide would then address with div/mod.
//
// The weight transform is the pipeline's packing stage (`pack`, run once ahead of the calls, in
// double precision); the compute pipeline reads its result through `packed_weights`.
#pragma once

#include <Halide.h>

#include <cstdint>
#include <string>
#include <vector>

#include "dsl/conv_desc.h"

namespace kf {

/// True when `desc` is a convolution F(m x m, 3x3) (2-D) or F(m, 3) (1-D) can compute: 3-tap
/// kernel along every dim, stride 1, dilation 1 (any layout: channels-first tensors are
/// converted to channels-last inside the pipeline, blocked ones are read in place and need
/// whole blocks of output channels); several groups when each has a multiple of 16 output
/// channels (not blocked).
bool winograd_applicable(const ConvDesc& desc);

/// Handles of one Winograd convolution. Halide dims innermost first:
///   input(c, x, y, n), output(k, x, y, n) (NHWC), weights HWIO (k, c, kx, ky),
///   (1-D: input(c, x, n), output(k, x, n), weights (k, c, kx); the y dims of the transformed
///   and tiled Funcs below have extent 1 and take the identity transform),
///   packed_weights(lane, c, ex, ey, block), transformed_input(c, ex, ey, tx, ty, n),
///   For NCHW: input(x, y, c, n) and OIHW weights (kx, ky, c, k) as the user gives them,
///   `nhwc_input` the input converted to (c, x, y, n), `output` the NHWC result and `result`
///   its conversion to (x, y, k, n).
///   For NCHW16c: input(lane16, x, y, block16, n) read in place (channel block16 * 16 + lane16),
///   OIHW weights, and `result`(lane16, x, y, block16, n) read from the output tiles directly.
///   product(lane, tx, ex, ey, block, ty, n), output_tile(lane, ox, oy, tx, block, ty, n).
struct WinogradAlgorithm {
  ConvDesc desc;
  int m = 4;         ///< output tile size
  int alpha = 6;     ///< input tile size along x, m + 2
  int alpha_y = 6;   ///< input tile size along y: alpha, or 1 for a 1-D convolution
  int k_block = 16;  ///< output channels per weight block (divides desc.oc)
  int64_t tiles_x = 0;
  int64_t tiles_y = 0;

  Halide::ImageParam input;
  Halide::ImageParam weights;         ///< the user's HWIO weights (read by `pack` only)
  Halide::ImageParam packed_weights;  ///< transformed weights, as `pack` writes them
  Halide::ImageParam bias;            ///< defined only when desc.bias

  Halide::Var c{"c"}, k{"k"}, n{"n"}, x{"x"}, y{"y"};
  Halide::Var lane{"lane"}, block{"block"};  ///< k = block * k_block + lane
  Halide::Var tx{"tx"}, ty{"ty"};            ///< tile indices
  Halide::Var ex{"ex"}, ey{"ey"};            ///< positions in the transformed alpha x alpha tile
  Halide::Var ox{"ox"}, oy{"oy"};            ///< pixels in an output tile
  Halide::Var j{"j"};                        ///< the untransformed row of a half-transformed tile
  Halide::Var kx{"kx"}, ky{"ky"};            ///< kernel taps
  /// NCHW16c only: the blocked result's channel = block16 * 16 + lane16.
  Halide::Var lane16{"lane16"}, block16{"block16"};

  /// NCHW only: the input in channels-last order (c, x, y, n), zero outside its extent.
  Halide::Func nhwc_input;
  /// Input with zeros outside its spatial extent, at output coordinates (padding applied).
  Halide::Func padded;
  /// BT d along x: input_rows(c, ex, j, tx, ty, n), j the patch row.
  Halide::Func input_rows;
  /// BT d B: transformed_input(c, ex, ey, tx, ty, n).
  Halide::Func transformed_input;
  /// The batched GEMM: product(lane, tx, ex, ey, block, ty, n) = sum over c of packed weights
  /// times transformed input, reduction `channels`.
  Halide::Func product;
  Halide::RDom channels;
  /// AT M along x: output_rows(lane, ox, ey, tx, block, ty, n).
  Halide::Func output_rows;
  /// AT M A + bias: output_tile(lane, ox, oy, tx, block, ty, n).
  Halide::Func output_tile;
  /// activation(output_tile) at output pixel coordinates, NHWC (k, x, y, n).
  Halide::Func output;
  /// The pipeline output: `output` itself for NHWC, its conversion to (x, y, k, n) for NCHW,
  /// the blocked result (lane16, x, y, block16, n) for NCHW16c.
  Halide::Func result;

  /// G g along kx: pack_rows(lane, c, ex, ky, block), in double.
  Halide::Func pack_rows;
  /// The packing stage's output: G g G^T in float, pack(lane, c, ex, ey, block).
  Halide::Func pack;

  /// Compute pipeline arguments: input, packed_weights, [bias].
  std::vector<Halide::Argument> arguments() const;
  /// Dense shape of packed_weights, outermost first: {blocks, alpha_y (ey), alpha (ex),
  /// ic / groups, k_block}.
  std::vector<int64_t> packed_shape() const;
};

/// Declares the F(m x m, 3x3) convolution of `desc` (winograd_applicable must hold, m in
/// winograd_tile_sizes(), k_block must divide the output channels per group, and be a
/// multiple of 16 for NCHW16c).
/// `prefix` names every Func.
WinogradAlgorithm make_winograd_algorithm(const ConvDesc& desc, int m, int k_block,
                                          const std::string& prefix = "wino");

/// Weights that are not the convolution's own tensor but a view of another one: `param`, a
/// pipeline input of dense shape `shape` (outermost first), and `conv_weights`, a Func over it
/// with the argument order the convolution's weights have in its layout (NHWC: HWIO (k, c, kx,
/// ky); NCHW and NCHW16c: OIHW (kx, ky, c, k); 1-D drops ky). Stride-1 deconvolutions give
/// their flipped weights this way (dsl/deconv_as_conv_weights.h).
struct WinogradWeightSource {
  Halide::ImageParam param;
  std::vector<int64_t> shape;
  Halide::Func conv_weights;
};

/// The same convolution whose weight transform (`pack`) reads `source.conv_weights`;
/// WinogradAlgorithm::weights is then `source.param`, the packing stage's input.
WinogradAlgorithm make_winograd_algorithm(const ConvDesc& desc, int m, int k_block,
                                          const std::string& prefix,
                                          const WinogradWeightSource& source);

}  // namespace kf
