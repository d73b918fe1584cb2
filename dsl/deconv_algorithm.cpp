// make_deconv_algorithm: the one definition of transposed convolution that every deconv schedule
// template applies to (sub-pixel gather form, see deconv_algorithm.h). Rank-generic: spatial
// dims are built in a loop, innermost (w) first.
#include "dsl/deconv_algorithm.h"

#include <algorithm>
#include <numeric>
#include <optional>

#include "dsl/dense_bounds.h"

namespace kf {

using Halide::Expr;
using Halide::Func;
using Halide::Var;

namespace {

// Arranges (channel, spatial innermost first, batch) in the argument order of `layout`.
template <typename T>
std::vector<T> in_layout_order(Layout layout, const T& channel, const std::vector<T>& spatial,
                               const T& batch) {
  std::vector<T> out;
  if (layout == Layout::kNHWC) out.push_back(channel);
  out.insert(out.end(), spatial.begin(), spatial.end());
  if (layout == Layout::kNCHW) out.push_back(channel);
  out.push_back(batch);
  return out;
}

// values[p] as an Expr of the phase var `p` (a constant when all values agree).
Expr by_phase(const Var& p, const std::vector<int>& values) {
  if (std::all_of(values.begin(), values.end(), [&](int v) { return v == values[0]; })) {
    return Expr(values[0]);
  }
  std::vector<Expr> exprs(values.begin(), values.end());
  return Halide::mux(p, exprs);
}

}  // namespace

bool DeconvPhases::uniform() const {
  return std::all_of(taps.begin(), taps.end(), [&](int t) { return t == max_taps; });
}

DeconvPhases deconv_phases(const DeconvDesc& desc, int i) {
  const int64_t s = desc.stride[i], d = desc.dilation[i], pad = desc.pad_begin[i];
  const int64_t kernel = desc.kernel[i];
  const int64_t g = std::gcd(s, d);
  DeconvPhases ph;
  ph.stride = static_cast<int>(s);
  ph.tap_step = static_cast<int>(s / g);
  ph.input_step = static_cast<int>(d / g);
  for (int64_t p = 0; p < s; ++p) {
    const int64_t c = (p + pad) % s;
    int64_t k0 = -1;
    if (c % g == 0) {
      // The k0 in [0, s') with k0 * d == p + pad (mod s); unique because gcd(s', d') == 1.
      for (int64_t cand = 0; cand < s / g && k0 < 0; ++cand) {
        if ((cand * d) % s == c) k0 = cand;
      }
    }
    const int64_t taps = k0 >= 0 && k0 < kernel ? (kernel - k0 + s / g - 1) / (s / g) : 0;
    ph.first.push_back(static_cast<int>(std::max<int64_t>(k0, 0)));
    ph.taps.push_back(static_cast<int>(taps));
    // Exact: p + pad - k0 * d is a multiple of s when the phase has taps.
    ph.offset.push_back(taps > 0 ? static_cast<int>((p + pad - k0 * d) / s) : 0);
    ph.max_taps = std::max(ph.max_taps, static_cast<int>(taps));
  }
  return ph;
}

std::vector<Halide::Argument> DeconvAlgorithm::arguments() const {
  std::vector<Halide::Argument> result = {input, pack.defined() ? packed_weights : weights};
  if (desc.bias) result.push_back(bias);
  return result;
}

std::vector<int64_t> DeconvAlgorithm::packed_shape() const {
  std::vector<int64_t> shape;
  for (auto ph = phases.rbegin(); ph != phases.rend(); ++ph) shape.push_back(ph->stride);
  // At least one phase of a dim has a tap (kernel >= 1), so max_taps >= 1.
  for (auto ph = phases.rbegin(); ph != phases.rend(); ++ph) shape.push_back(ph->max_taps);
  shape.push_back(desc.ic / desc.groups);
  shape.push_back(desc.oc);
  return shape;
}

DeconvAlgorithm make_deconv_algorithm(const DeconvDesc& desc, const std::string& prefix,
                                      DeconvWeightSource source,
                                      std::optional<Layout> compute_layout) {
  const int rank = desc.spatial_rank;
  const Layout layout = desc.layout;
  // The layout of `padded` and `phased`; the output keeps the user's.
  const Layout inner = compute_layout.value_or(layout);
  DeconvAlgorithm a;
  a.desc = desc;
  a.input = Halide::ImageParam(Halide::Float(32), rank + 2, prefix + "_input");
  a.weights = Halide::ImageParam(Halide::Float(32), rank + 2, prefix + "_weights");
  if (desc.bias) a.bias = Halide::ImageParam(Halide::Float(32), 1, prefix + "_bias");

  static const char* kDims[kMaxSpatialRank] = {"w", "h", "d"};
  a.k = Var("k");
  a.n = Var("n");
  for (int i = 0; i < rank; ++i) {
    a.spatial.push_back(Var(kDims[i]));
    a.tile.push_back(Var(std::string("q") + kDims[i]));
    a.phase.push_back(Var(std::string("p") + kDims[i]));
    a.phases.push_back(deconv_phases(desc, rank - 1 - i));
  }
  a.args = in_layout_order(layout, a.k, a.spatial, a.n);
  a.compute_layout = inner;
  a.phased_args = in_layout_order(inner, a.k, a.tile, a.n);
  a.phased_args.insert(a.phased_args.end() - 1, a.phase.begin(), a.phase.end());
  auto at = [rank](const DeconvDesc::Dims& values, int i) {
    return static_cast<int>(values[rank - 1 - i]);
  };

  // Zero outside the input's spatial extent only.
  Halide::Region bounds(rank + 2);
  for (int i = 0; i < rank; ++i) bounds[layout == Layout::kNHWC ? 1 + i : i] = {0, at(desc.in, i)};
  Func bounded = Halide::BoundaryConditions::constant_exterior(a.input, 0.0f, bounds);
  Var padded_c("ic"), padded_n("in");
  std::vector<Var> padded_spatial;
  for (int i = 0; i < rank; ++i) padded_spatial.push_back(Var(std::string("i") + kDims[i]));
  a.padded = Func(prefix + "_padded");
  a.padded(in_layout_order(inner, padded_c, padded_spatial, padded_n)) =
      bounded(in_layout_order(layout, padded_c, padded_spatial, padded_n));

  // Weights by phase: (k, c, t..., p...) -> the user's layout.
  const int icg = static_cast<int>(desc.ic / desc.groups);
  const int ocg = static_cast<int>(desc.oc / desc.groups);
  Var wk("wk"), wc("wc");
  std::vector<Var> wt, wp;
  std::vector<Expr> taps;
  for (int i = 0; i < rank; ++i) {
    wt.push_back(Var(std::string("wt") + kDims[i]));
    wp.push_back(Var(std::string("wp") + kDims[i]));
    const DeconvPhases& ph = a.phases[i];
    taps.push_back(
        Halide::min(by_phase(wp[i], ph.first) + ph.tap_step * wt[i], at(desc.kernel, i) - 1));
  }
  std::vector<Expr> weight_coords;
  if (desc.weights == DeconvWeights::kPyTorch) {
    weight_coords = taps;
    weight_coords.push_back(desc.groups == 1 ? Expr(wk) : Expr(wk % ocg));
    weight_coords.push_back(desc.groups == 1 ? Expr(wc) : (wk / ocg) * icg + wc);
  } else {
    weight_coords = {wc, wk};
    weight_coords.insert(weight_coords.end(), taps.begin(), taps.end());
  }
  std::vector<Var> pw_args = {wk, wc};
  pw_args.insert(pw_args.end(), wt.begin(), wt.end());
  pw_args.insert(pw_args.end(), wp.begin(), wp.end());
  a.phase_weights = Func(prefix + "_phase_weights");
  const bool prepacked = source == DeconvWeightSource::kPrepacked;
  // With prepacked weights, the taps a phase lacks along a dim are packed as zeros when every
  // phase of that dim has a tap (at most a few wasted products, e.g. 3/3/3/2 taps for k11 s4),
  // so all phases run the same reduction with no per-phase bound inside the loops. The extra
  // taps read padded input inside its zero border or real pixels that they multiply by zero.
  // A dim with tapless phases (k1 s2, dilation sharing a factor with the stride) keeps the
  // bound: zero-filling would multiply whole phases of zeros.
  auto zero_filled = [&](int i) {
    const std::vector<int>& t = a.phases[i].taps;
    return prepacked && !a.phases[i].uniform() && *std::min_element(t.begin(), t.end()) > 0;
  };
  if (prepacked) {
    Expr has_tap;
    for (int i = 0; i < rank; ++i) {
      if (!zero_filled(i)) continue;
      Expr dim_ok = wt[i] < by_phase(wp[i], a.phases[i].taps);
      has_tap = has_tap.defined() ? (has_tap && dim_ok) : dim_ok;
    }
    a.pack = Func(prefix + "_pack");
    a.pack(pw_args) = has_tap.defined() ? Halide::select(has_tap, a.weights(weight_coords), 0.0f)
                                        : a.weights(weight_coords);
    a.packed_weights =
        Halide::ImageParam(Halide::Float(32), 2 + 2 * rank, prefix + "_packed_weights");
    a.phase_weights(pw_args) = a.packed_weights(pw_args);
  } else {
    a.phase_weights(pw_args) = a.weights(weight_coords);
  }

  // Reduction: channel within the group, then the taps of each phase, innermost first.
  Halide::Region ranges = {{0, icg}};
  for (int i = 0; i < rank; ++i) ranges.push_back({0, a.phases[i].max_taps});
  a.reduction = Halide::RDom(ranges, prefix + "_r");
  Expr in_range;  // undefined while every dim's phases are uniform or zero-filled
  for (int i = 0; i < rank; ++i) {
    if (a.phases[i].uniform() || zero_filled(i)) continue;
    Expr dim_ok = a.reduction[1 + i] < by_phase(a.phase[i], a.phases[i].taps);
    in_range = in_range.defined() ? (in_range && dim_ok) : dim_ok;
  }
  if (in_range.defined()) a.reduction.where(in_range);

  const Halide::RVar r_c = a.reduction[0];
  Expr in_channel = desc.groups == 1 ? Expr(r_c) : (a.k / ocg) * icg + r_c;
  std::vector<Expr> in_spatial, pw_coords = {a.k, r_c};
  for (int i = 0; i < rank; ++i) {
    const DeconvPhases& ph = a.phases[i];
    in_spatial.push_back(a.tile[i] + by_phase(a.phase[i], ph.offset) -
                         ph.input_step * a.reduction[1 + i]);
    pw_coords.push_back(a.reduction[1 + i]);
  }
  for (int i = 0; i < rank; ++i) pw_coords.push_back(a.phase[i]);

  a.phased = Func(prefix + "_phased");
  a.phased(a.phased_args) = desc.bias ? a.bias(a.k) : Expr(0.0f);
  a.phased(a.phased_args) += a.phase_weights(pw_coords) *
                             a.padded(in_layout_order(inner, in_channel, in_spatial, Expr(a.n)));

  // Output pixel x = s * q + p.
  std::vector<Expr> q_of, p_of;
  for (int i = 0; i < rank; ++i) {
    const int s = a.phases[i].stride;
    q_of.push_back(s == 1 ? Expr(a.spatial[i]) : a.spatial[i] / s);
    p_of.push_back(s == 1 ? Expr(0) : a.spatial[i] % s);
  }
  std::vector<Expr> read = in_layout_order(inner, Expr(a.k), q_of, Expr(a.n));
  read.insert(read.end() - 1, p_of.begin(), p_of.end());
  a.output = Func(prefix + "_output");
  Expr value = a.phased(read);
  if (desc.relu) value = Halide::max(value, 0.0f);
  a.output(a.args) = value;

  constrain_dense(a.input, desc.input_shape());
  constrain_dense(a.weights, desc.weight_shape());
  if (desc.bias) constrain_dense(a.bias, {desc.oc});
  constrain_dense(a.output.output_buffer(), desc.output_shape());
  if (a.pack.defined()) {
    constrain_dense(a.packed_weights, a.packed_shape());
    constrain_dense(a.pack.output_buffer(), a.packed_shape());
  }
  return a;
}

}  // namespace kf
