// conv_im2col_nhwc: a convolution as a matrix product over the patch matrix (im2col),
//   patches[n][oh][ow][kk] = padded_input[n][oh*sh - ph + kh*dh][ow*sw - pw + kw*dw][ic],
//   kk = (kh*KW + kw)*IC + ic                         (kd outermost in 3-D)
//   output[n][oh][ow][oc]  = sum_kk patches[n][oh][ow][kk] * weights[kk][oc]
// The HWIO weights are already that [K][oc] matrix in memory, so the template declares the
// convolution as a pointwise one over the output grid with K = taps x IC input channels, reading
// the patch Func, and schedules it with the direct NHWC template (its knobs unchanged). Its
// pad_at knob decides where the patches are materialised: per block of output rows (im2col per
// tile), for the whole tensor (classic im2col), or not at all (inline: a direct convolution
// that decomposes kk on the fly). Every kernel size, stride, dilation and padding; groups 1.
#include "dsl/conv_algorithm.h"
#include "dsl/input_error.h"
#include "schedules/conv_gemm_template.h"
#include "schedules/conv_template.h"
#include "schedules/schedule_helpers.h"

namespace kf {

using Halide::Expr;
using Halide::Func;
using Halide::Var;

bool im2col_applicable(const ConvDesc& desc) {
  return desc.layout == Layout::kNHWC && desc.groups == 1 && !fusable_pointwise(desc);
}

ConvDesc im2col_view(const ConvDesc& desc) {
  ConvDesc view = desc;
  int64_t taps = 1;
  for (int i = 0; i < desc.spatial_rank; ++i) {
    taps *= desc.kernel[i];
    view.in[i] = desc.out[i];
    view.kernel[i] = 1;
    view.stride[i] = 1;
    view.dilation[i] = 1;
    view.pad_begin[i] = 0;
    view.pad_end[i] = 0;
  }
  view.ic = taps * desc.ic;
  return view;
}

namespace {

/// The patch matrix of `desc` in the view's NHWC argument order (kk, w, h[, d], n), read from
/// `input` with zero padding outside its spatial extent.
Func patch_matrix(const ConvDesc& desc, const Halide::ImageParam& input) {
  const int rank = desc.spatial_rank;
  Halide::Region bounds(rank + 2);
  for (int i = 0; i < rank; ++i) bounds[1 + i] = {0, static_cast<int>(desc.in[rank - 1 - i])};
  const Func bounded = Halide::BoundaryConditions::constant_exterior(input, 0.0f, bounds);
  const Var kk("kk"), n("n");
  static const char* kNames[3] = {"w", "h", "d"};
  std::vector<Var> spatial;
  for (int i = 0; i < rank; ++i) spatial.push_back(Var(kNames[i]));
  // kk = ((kd*KH + kh)*KW + kw)*IC + ic: the input channel, then the taps innermost first.
  const int channels = static_cast<int>(desc.ic);
  Expr rest = kk / channels;
  std::vector<Expr> at = {kk % channels};
  for (int i = 0; i < rank; ++i) {
    const int d = rank - 1 - i;  // desc arrays are outermost first
    const int taps = static_cast<int>(desc.kernel[d]);
    const Expr tap = i + 1 < rank ? rest % taps : rest;
    if (i + 1 < rank) rest = rest / taps;
    at.push_back(spatial[i] * static_cast<int>(desc.stride[d]) -
                 static_cast<int>(desc.pad_begin[d]) + tap * static_cast<int>(desc.dilation[d]));
  }
  at.push_back(n);
  std::vector<Var> args = {kk};
  args.insert(args.end(), spatial.begin(), spatial.end());
  args.push_back(n);
  Func patches("kf_patches");
  patches(args) = bounded(at);
  return patches;
}

class ConvIm2colNhwc final : public Template {
 public:
  std::string name() const override { return "conv_im2col_nhwc"; }
  int version() const override { return 1; }

  bool applicable(const OpDesc& desc) const override {
    const auto* conv = dynamic_cast<const ConvDesc*>(&desc);
    return conv && im2col_applicable(*conv);
  }

  KnobSpace knob_space(const OpDesc& desc, const Halide::Target& target) const override {
    return inner().knob_space(view_of(desc), target);
  }

  Config baseline(const OpDesc& desc, const Halide::Target& target) const override {
    return inner().baseline(view_of(desc), target);
  }

  std::string variant(const OpDesc&) const override { return "im2col + GEMM"; }

  std::optional<CostFeatures> cost_features(const OpDesc& desc, const Config& config,
                                            const Halide::Target& target) const override {
    const ConvDesc view = view_of(desc);
    std::optional<CostFeatures> features = inner().cost_features(view, config, target);
    if (!features) return features;
    // The view's minimum traffic counts the patch matrix as its input; the real input is read
    // instead, and the patches are written and read again where they are materialised.
    const auto& conv = dynamic_cast<const ConvDesc&>(desc);
    features->memory_bytes += 4.0 * (conv.input_elements() - view.input_elements());
    const int pad_at = config.values[knob_space(desc, target).index_of("pad_at")];
    if (pad_at != static_cast<int>(PadAt::kInline)) {
      features->memory_bytes += 8.0 * static_cast<double>(view.input_elements());
    }
    return features;
  }

  ScheduledPipeline build(const OpDesc& desc, const Config& config,
                          const Halide::Target& target) const override {
    const ConvDesc view = view_of(desc);
    const auto& conv = dynamic_cast<const ConvDesc&>(desc);
    Halide::ImageParam input(Halide::Float(32), conv.spatial_rank + 2, "kf_input");
    const std::vector<int64_t> shape = conv.input_shape();  // outermost first
    int64_t stride = 1;
    for (int d = 0; d < conv.spatial_rank + 2; ++d) {
      const int64_t extent = shape[shape.size() - 1 - d];
      input.dim(d).set_bounds(0, static_cast<int>(extent)).set_stride(static_cast<int>(stride));
      stride *= extent;
    }
    const ConvAlgorithm a = make_conv_algorithm(view, "kf", patch_matrix(conv, input));
    inner().apply(a, config, target);
    std::vector<Halide::Argument> arguments = {input};
    for (const Halide::Argument& argument : a.arguments()) arguments.push_back(argument);
    ScheduledPipeline scheduled{Halide::Pipeline(a.output), arguments};
    // inputs(): input (its own shape), weights [K][oc] as the view's 1x1 HWIO, [bias]; output.
    scheduled.argument_views = {{}, view.weight_shape()};
    if (view.bias) scheduled.argument_views.push_back({});
    scheduled.argument_views.push_back({});
    return scheduled;
  }

 private:
  ConvDesc view_of(const OpDesc& desc) const {
    const auto* conv = dynamic_cast<const ConvDesc*>(&desc);
    if (!conv || !im2col_applicable(*conv)) {
      throw InputError("template", name() + " schedules NHWC convolutions with one group that " +
                                       "are not 1x1 stride-1 unpadded, not " + desc.to_string());
    }
    return im2col_view(*conv);
  }

  const ConvTemplate& inner() const { return *find_conv_template("conv_direct_nhwc"); }
};

}  // namespace

const Template& conv_im2col_nhwc_template() {
  static const ConvIm2colNhwc instance;
  return instance;
}

}  // namespace kf
