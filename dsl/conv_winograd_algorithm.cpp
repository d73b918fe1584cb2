// make_winograd_algorithm: F(m x m, 3x3) convolution as Halide Funcs (see the header). Every
// transform is written out row by row with the matrix entries folded in at generation time:
// zero entries drop their term, +-1 entries need no multiply, and a row is picked by `mux` on
// the position var, which a schedule that unrolls that var turns into straight-line code.
#include "dsl/conv_winograd_algorithm.h"

#include <functional>

#include "dsl/dense_bounds.h"
#include "dsl/winograd_transforms.h"

namespace kf {

using Halide::Expr;
using Halide::Func;
using Halide::Var;

namespace {

// sum over col of matrix(row, col) * term(col), with the entries as constants of `type`.
Expr combination(const SmallMatrix& matrix, int row, const std::function<Expr(int)>& term,
                 Halide::Type type) {
  Expr sum;
  for (int col = 0; col < matrix.cols; ++col) {
    const double coefficient = matrix.at(row, col);
    if (coefficient == 0) continue;
    const Expr value = term(col);
    if (!sum.defined()) {
      sum = coefficient == 1    ? value
            : coefficient == -1 ? -value
                                : value * Halide::cast(type, Expr(coefficient));
    } else if (coefficient == 1) {
      sum = sum + value;
    } else if (coefficient == -1) {
      sum = sum - value;
    } else {
      sum = sum + value * Halide::cast(type, Expr(coefficient));
    }
  }
  return sum.defined() ? sum : Halide::cast(type, Expr(0));
}

// Row `selector` of matrix * terms: one combination per row, picked by mux.
Expr matrix_row(const Var& selector, const SmallMatrix& matrix,
                const std::function<Expr(int)>& term, Halide::Type type) {
  std::vector<Expr> rows;
  for (int row = 0; row < matrix.rows; ++row) rows.push_back(combination(matrix, row, term, type));
  return rows.size() == 1 ? rows[0] : Halide::mux(selector, rows);
}

}  // namespace

bool winograd_applicable(const ConvDesc& desc) {
  if (desc.spatial_rank > 2) return false;
  // Blocked outputs are read from the tiles a whole 16-channel block at a time.
  if (desc.layout == Layout::kNCHW16c && desc.oc % kChannelBlock != 0) return false;
  // Groups: one GEMM per weight block over its group's input channels, so the weight blocks
  // (whole vectors) must not straddle groups; not for the blocked layout.
  if (desc.groups != 1 &&
      (desc.layout == Layout::kNCHW16c || (desc.oc / desc.groups) % kChannelBlock != 0)) {
    return false;
  }
  for (int i = 0; i < desc.spatial_rank; ++i) {
    if (desc.kernel[i] != 3 || desc.stride[i] != 1 || desc.dilation[i] != 1) return false;
  }
  return true;
}

// F(1, 1): the identity, the "transform" along the missing y dim of a 1-D convolution.
static const WinogradTransform& identity_transform() {
  static const WinogradTransform identity{1, 1, 1, {1, 1, {1}}, {1, 1, {1}}, {1, 1, {1}}};
  return identity;
}

std::vector<Halide::Argument> WinogradAlgorithm::arguments() const {
  std::vector<Halide::Argument> result = {input, packed_weights};
  if (desc.bias) result.push_back(bias);
  return result;
}

std::vector<int64_t> WinogradAlgorithm::packed_shape() const {
  return {desc.oc / k_block, alpha_y, alpha, desc.ic / desc.groups, k_block};
}

namespace {

WinogradAlgorithm declare_winograd(const ConvDesc& desc, int m, int k_block,
                                   const std::string& prefix, const WinogradWeightSource* source) {
  // x takes F(m, 3); y takes F(m, 3) too, or the identity in 1-D (one row, one tap).
  const bool one_d = desc.spatial_rank == 1;
  const WinogradTransform& t = winograd_transform(m);
  const WinogradTransform& ty_transform = one_d ? identity_transform() : t;
  const int m_y = ty_transform.m;
  WinogradAlgorithm a;
  a.desc = desc;
  a.m = m;
  a.alpha = t.alpha;
  a.alpha_y = ty_transform.alpha;
  a.k_block = k_block;
  // desc arrays are outermost first: [0] = h, [1] = w (2-D); [0] = w (1-D).
  const int rank = desc.spatial_rank;
  const int64_t out_w = desc.out[rank - 1], out_h = one_d ? 1 : desc.out[0];
  const int in_w = static_cast<int>(desc.in[rank - 1]);
  const int in_h = one_d ? 1 : static_cast<int>(desc.in[0]);
  const int pad_w = static_cast<int>(desc.pad_begin[rank - 1]);
  const int pad_h = one_d ? 0 : static_cast<int>(desc.pad_begin[0]);
  a.tiles_x = (out_w + m - 1) / m;
  a.tiles_y = (out_h + m_y - 1) / m_y;
  const Halide::Type f32 = Halide::Float(32), f64 = Halide::Float(64);
  const bool nchw = desc.layout == Layout::kNCHW;
  const bool blocked = desc.layout == Layout::kNCHW16c;
  const int channel_block = static_cast<int>(kChannelBlock);

  a.input = Halide::ImageParam(f32, rank + (blocked ? 3 : 2), prefix + "_input");
  a.weights = source ? source->param : Halide::ImageParam(f32, rank + 2, prefix + "_weights");
  a.packed_weights = Halide::ImageParam(f32, 5, prefix + "_packed_weights");
  if (desc.bias) a.bias = Halide::ImageParam(f32, 1, prefix + "_bias");

  // Weight transform (packing stage), in double: G g G^T per output/input channel pair.
  const Var lane = a.lane, block = a.block, c = a.c, ex = a.ex, ey = a.ey, kx = a.kx, ky = a.ky;
  a.pack_rows = Func(prefix + "_pack_rows");
  auto weight = [&](const Expr& tap_x, const Expr& tap_y) {
    const Expr k = block * k_block + lane;
    std::vector<Expr> at = {tap_x, tap_y, c, k};  // OIHW
    if (!nchw && !blocked) at = {k, c, tap_x, tap_y};
    if (one_d) at.erase(nchw || blocked ? at.begin() + 1 : at.end() - 1);
    return Halide::cast(f64, source ? source->conv_weights(at) : a.weights(at));
  };
  a.pack_rows(lane, c, ex, ky, block) = matrix_row(
      ex, t.kernel, [&](int tap) { return weight(tap, ky); }, f64);
  a.pack = Func(prefix + "_pack");
  a.pack(lane, c, ex, ey, block) =
      Halide::cast(f32, matrix_row(
                            ey, ty_transform.kernel,
                            [&](int tap) { return a.pack_rows(lane, c, ex, tap, block); }, f64));

  // Input transform: BT d B over the alpha x alpha patch of each tile.
  // NCHW inputs are converted to channels-last first (nhwc_input), so that the transform
  // reads vectors of channels either way; blocked inputs are read in place, channel c at
  // (c % 16, ..., c / 16).
  Halide::Region bounds;
  if (!nchw) bounds.push_back({Expr(), Expr()});
  bounds.push_back({0, in_w});
  if (!one_d) bounds.push_back({0, in_h});
  if (nchw || blocked) bounds.push_back({Expr(), Expr()});
  bounds.push_back({Expr(), Expr()});
  Func bounded = Halide::BoundaryConditions::constant_exterior(a.input, 0.0f, bounds);
  const Var x = a.x, y = a.y, n = a.n, tx = a.tx, ty = a.ty, j = a.j;
  if (nchw) {
    a.nhwc_input = Func(prefix + "_nhwc_input");
    if (one_d) {
      a.nhwc_input(c, x, n) = bounded(x, c, n);
    } else {
      a.nhwc_input(c, x, y, n) = bounded(x, y, c, n);
    }
    bounded = a.nhwc_input;
  }
  if (blocked) {
    Func channels_last(prefix + "_blocked_view");
    if (one_d) {
      channels_last(c, x, n) = bounded(c % channel_block, x, c / channel_block, n);
    } else {
      channels_last(c, x, y, n) = bounded(c % channel_block, x, y, c / channel_block, n);
    }
    bounded = channels_last;
  }
  a.padded = Func(prefix + "_padded");
  a.padded(c, x, y, n) = one_d ? bounded(c, x - pad_w, n) : bounded(c, x - pad_w, y - pad_h, n);
  a.input_rows = Func(prefix + "_input_rows");
  a.input_rows(c, ex, j, tx, ty, n) = matrix_row(
      ex, t.input, [&](int i) { return a.padded(c, tx * m + i, ty * m_y + j, n); }, f32);
  a.transformed_input = Func(prefix + "_transformed_input");
  a.transformed_input(c, ex, ey, tx, ty, n) = matrix_row(
      ey, ty_transform.input, [&](int row) { return a.input_rows(c, ex, row, tx, ty, n); }, f32);

  // The batched GEMM over input channels, one per transformed position (ex, ey).
  // With groups, weight block `block` belongs to group block / (ocg / k_block) and reads that
  // group's input channels.
  const int icg = static_cast<int>(desc.ic / desc.groups);
  const int blocks_per_group = static_cast<int>(desc.oc / desc.groups / k_block);
  const Expr first_channel = desc.groups == 1 ? Expr(0) : block / blocks_per_group * icg;
  a.channels = Halide::RDom(0, icg, prefix + "_r_c");
  a.product = Func(prefix + "_product");
  a.product(lane, tx, ex, ey, block, ty, n) = 0.0f;
  a.product(lane, tx, ex, ey, block, ty, n) +=
      a.packed_weights(lane, a.channels, ex, ey, block) *
      a.transformed_input(first_channel + a.channels, ex, ey, tx, ty, n);

  // Output transform: AT M A, plus the bias.
  const Var ox = a.ox, oy = a.oy;
  a.output_rows = Func(prefix + "_output_rows");
  a.output_rows(lane, ox, ey, tx, block, ty, n) = matrix_row(
      ox, t.output, [&](int e) { return a.product(lane, tx, e, ey, block, ty, n); }, f32);
  a.output_tile = Func(prefix + "_output_tile");
  Expr tile_value = matrix_row(
      oy, ty_transform.output, [&](int e) { return a.output_rows(lane, ox, e, tx, block, ty, n); },
      f32);
  if (desc.bias) tile_value += a.bias(block * k_block + lane);
  a.output_tile(lane, ox, oy, tx, block, ty, n) = tile_value;

  // Back to pixel coordinates; with one weight block the channel needs no split.
  const Var k = a.k;
  const bool one_block = desc.oc == k_block;
  const Expr lane_of_k = one_block ? Expr(k) : k % k_block;
  const Expr block_of_k = one_block ? Expr(0) : k / k_block;
  Expr value = one_d ? a.output_tile(lane_of_k, x % m, 0, x / m, block_of_k, 0, n)
                     : a.output_tile(lane_of_k, x % m, y % m, x / m, block_of_k, y / m, n);
  if (desc.activation == Activation::kRelu) value = Halide::max(value, 0.0f);
  if (desc.activation == Activation::kClamp) {
    value = Halide::clamp(value, desc.clamp_min, desc.clamp_max);
  }
  a.output = Func(prefix + "_output");
  if (one_d) {
    a.output(k, x, n) = value;
  } else {
    a.output(k, x, y, n) = value;
  }
  a.result = a.output;
  if (nchw) {
    a.result = Func(prefix + "_nchw_output");
    if (one_d) {
      a.result(x, k, n) = a.output(k, x, n);
    } else {
      a.result(x, y, k, n) = a.output(k, x, y, n);
    }
  }
  if (blocked) {
    // Straight from the output tiles: 16-channel block `b16` is sub-block b16 % (k_block / 16)
    // of weight block b16 / (k_block / 16), so a schedule splitting b16 by k_block / 16 reads
    // the tiles without div/mod.
    const int sub_blocks = k_block / channel_block;
    const Var lane16 = a.lane16, b16 = a.block16;
    const Expr tile_lane = (b16 % sub_blocks) * channel_block + lane16;
    const Expr tile_block = b16 / sub_blocks;
    Expr blocked_value = one_d
                             ? a.output_tile(tile_lane, x % m, 0, x / m, tile_block, 0, n)
                             : a.output_tile(tile_lane, x % m, y % m, x / m, tile_block, y / m, n);
    if (desc.activation == Activation::kRelu) blocked_value = Halide::max(blocked_value, 0.0f);
    if (desc.activation == Activation::kClamp) {
      blocked_value = Halide::clamp(blocked_value, desc.clamp_min, desc.clamp_max);
    }
    a.result = Func(prefix + "_blocked_output");
    if (one_d) {
      a.result(lane16, x, b16, n) = blocked_value;
    } else {
      a.result(lane16, x, y, b16, n) = blocked_value;
    }
  }

  constrain_dense(a.input, desc.input_shape());
  constrain_dense(a.weights, source ? source->shape : desc.weight_shape());
  constrain_dense(a.packed_weights, a.packed_shape());
  constrain_dense(a.pack.output_buffer(), a.packed_shape());
  if (desc.bias) constrain_dense(a.bias, {desc.oc});
  constrain_dense(a.result.output_buffer(), desc.output_shape());
  return a;
}

}  // namespace

WinogradAlgorithm make_winograd_algorithm(const ConvDesc& desc, int m, int k_block,
                                          const std::string& prefix) {
  return declare_winograd(desc, m, k_block, prefix, nullptr);
}

WinogradAlgorithm make_winograd_algorithm(const ConvDesc& desc, int m, int k_block,
                                          const std::string& prefix,
                                          const WinogradWeightSource& source) {
  return declare_winograd(desc, m, k_block, prefix, &source);
}

}  // namespace kf
