// make_blocked_conv_algorithm: forward convolution on nChw16c-blocked activations, as the one
// convolution definition (make_conv_algorithm) over a channels-last view of the blocks.
#include "dsl/conv_blocked_algorithm.h"

namespace kf {

using Halide::Expr;
using Halide::Func;
using Halide::Var;

ConvDesc blocked_twin(const ConvDesc& desc) {
  ConvDesc twin = desc;
  twin.layout = Layout::kNHWC;
  if (desc.groups == 1) twin.oc = channel_blocks(desc.oc) * kChannelBlock;
  twin.name.clear();
  return twin;
}

BlockedConvAlgorithm make_blocked_conv_algorithm(const ConvDesc& desc, const std::string& prefix,
                                                 const Func& blocked_input) {
  const int rank = desc.spatial_rank;
  const int block = static_cast<int>(kChannelBlock);

  // Channels-last view of the blocked input: (c, w, h, [d], n).
  Var c(prefix + "_c"), n_in(prefix + "_n");
  std::vector<Var> in_spatial;
  static const char* kNames[kMaxSpatialRank] = {"w", "h", "d"};
  for (int i = 0; i < rank; ++i) in_spatial.push_back(Var(prefix + "_i" + kNames[i]));
  std::vector<Var> view_args = {c};
  view_args.insert(view_args.end(), in_spatial.begin(), in_spatial.end());
  view_args.push_back(n_in);
  std::vector<Expr> blocked_at = {c % block};
  blocked_at.insert(blocked_at.end(), in_spatial.begin(), in_spatial.end());
  blocked_at.push_back(c / block);
  blocked_at.push_back(n_in);
  Func view(prefix + "_channels_last_view");
  view(view_args) = blocked_input(blocked_at);

  BlockedConvAlgorithm a;
  a.conv = make_conv_algorithm(blocked_twin(desc), prefix, view);
  a.spatial = a.conv.spatial;
  a.args = {a.k_lane};
  a.args.insert(a.args.end(), a.spatial.begin(), a.spatial.end());
  a.args.push_back(a.k_block);
  a.args.push_back(a.n);

  std::vector<Expr> conv_at = {a.k_block * block + a.k_lane};
  conv_at.insert(conv_at.end(), a.spatial.begin(), a.spatial.end());
  conv_at.push_back(a.n);
  Expr value = a.conv.output(conv_at);
  // The padded lanes: zero weights and bias make them activation(0), which is 0 unless a clamp
  // excludes 0; then a 0/1 lane mask zeroes them. (A select on the channel would be tighter, but
  // Halide's bounds inference narrows the accumulator's region to the selected channels, which
  // breaks whole-vector register tiles over the block.)
  const bool clamp_excludes_zero =
      desc.activation == Activation::kClamp && (desc.clamp_min > 0.0f || desc.clamp_max < 0.0f);
  if (desc.oc % kChannelBlock != 0 && clamp_excludes_zero) {
    const Expr real = a.k_block * block + a.k_lane < static_cast<int>(desc.oc);
    value = value * Halide::select(real, 1.0f, 0.0f);
  }
  a.output = Func(prefix + "_blocked_output");
  a.output(a.args) = value;
  return a;
}

}  // namespace kf
