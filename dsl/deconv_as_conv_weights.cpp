// conv_weights_of: a stride-1 deconvolution's weights, flipped, in the forward convolution's
// layout.
#include "dsl/deconv_as_conv_weights.h"

#include <vector>

namespace kf {

Halide::Func conv_weights_of(const DeconvDesc& desc, const Halide::ImageParam& weights,
                             const std::string& name) {
  const int rank = desc.spatial_rank;
  const Halide::Var k("k"), c("c");
  std::vector<Halide::Var> taps;      // innermost first: kw, kh, kd
  std::vector<Halide::Expr> flipped;  // the deconvolution's tap of each conv tap
  for (int i = 0; i < rank; ++i) {
    const char* tap_names[] = {"kw", "kh", "kd"};
    taps.emplace_back(tap_names[i]);
    const int64_t extent = desc.kernel[rank - 1 - i];
    flipped.push_back(static_cast<int>(extent - 1) - taps.back());
  }
  const int icg = static_cast<int>(desc.ic / desc.groups);
  const int ocg = static_cast<int>(desc.oc / desc.groups);
  std::vector<Halide::Expr> source;  // the deconvolution weight's coordinates, innermost first
  if (desc.weights == DeconvWeights::kTensorFlow) {
    // [k...][oc][ic] (one group): (ic, oc, kw, kh, kd).
    source = {c, k};
    source.insert(source.end(), flipped.begin(), flipped.end());
  } else {
    // [ic][oc/groups][k...]: (kw, kh, kd, oc within group, ic).
    const Halide::Expr group = k / ocg;
    source = flipped;
    source.push_back(k - group * ocg);
    source.push_back(group * icg + c);
  }
  std::vector<Halide::Var> args;
  if (desc.layout == Layout::kNCHW) {
    args = taps;
    args.push_back(c);
    args.push_back(k);
  } else {
    args = {k, c};
    args.insert(args.end(), taps.begin(), taps.end());
  }
  Halide::Func conv_weights(name);
  conv_weights(args) = weights(source);
  return conv_weights;
}

}  // namespace kf
