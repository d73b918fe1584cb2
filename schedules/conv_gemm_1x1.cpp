// conv_gemm_1x1_{nhwc,nchw}: a 1x1 convolution (stride 1, no padding) is the matrix product
//   NHWC: output[n][p][k] = sum_c input[n][p][c] * weights[c][k]    (pixels p = (h, w) fused)
//   NCHW: output[n][k][p] = sum_c weights[k][c] * input[n][c][p]
// so these templates declare the convolution over the 1-D view of the tensors, one pixel dim
// of h * w (* d) elements, and schedule it with the direct template of the same layout (its
// knobs, unchanged). The fused dim gives the register tile and the vectors whole rows of pixels
// where the image rows are short: 14 and 7 pixels on ResNet-50's res4/res5 layers leave most of
// a 16-lane vector (NCHW) or of a pixel tile (NHWC) idle at each row's end. The caller's tensors
// are passed reshaped, which moves no data.
#include "dsl/conv_algorithm.h"
#include "dsl/input_error.h"
#include "schedules/conv_gemm_template.h"
#include "schedules/conv_template.h"

namespace kf {

bool fusable_pointwise(const ConvDesc& desc) {
  if (desc.spatial_rank < 2) return false;
  for (int i = 0; i < desc.spatial_rank; ++i) {
    if (desc.kernel[i] != 1 || desc.stride[i] != 1 || desc.pad_begin[i] != 0 ||
        desc.in[i] != desc.out[i]) {
      return false;
    }
  }
  return true;
}

ConvDesc fused_pixels_view(const ConvDesc& desc) {
  ConvDesc view = desc;
  int64_t pixels = 1;
  for (int i = 0; i < desc.spatial_rank; ++i) pixels *= desc.in[i];
  view.spatial_rank = 1;
  view.in = {pixels, 0, 0};
  view.out = {pixels, 0, 0};
  view.kernel = {1, 0, 0};
  view.stride = {1, 1, 1};
  view.dilation = {1, 1, 1};
  view.pad_begin = {0, 0, 0};
  view.pad_end = {0, 0, 0};
  return view;
}

namespace {

class ConvGemm1x1 final : public Template {
 public:
  explicit ConvGemm1x1(Layout layout) : layout_(layout) {}

  std::string name() const override {
    return layout_ == Layout::kNHWC ? "conv_gemm_1x1_nhwc" : "conv_gemm_1x1_nchw";
  }
  int version() const override { return 1; }

  bool applicable(const OpDesc& desc) const override {
    const auto* conv = dynamic_cast<const ConvDesc*>(&desc);
    return conv && conv->layout == layout_ && fusable_pointwise(*conv);
  }

  KnobSpace knob_space(const OpDesc& desc, const Halide::Target& target) const override {
    return inner().knob_space(view_of(desc), target);
  }

  Config baseline(const OpDesc& desc, const Halide::Target& target) const override {
    return inner().baseline(view_of(desc), target);
  }

  std::string variant(const OpDesc&) const override {
    return "1x1 convolution as a GEMM over the fused pixels";
  }

  std::optional<CostFeatures> cost_features(const OpDesc& desc, const Config& config,
                                            const Halide::Target& target) const override {
    return inner().cost_features(view_of(desc), config, target);
  }

  ScheduledPipeline build(const OpDesc& desc, const Config& config,
                          const Halide::Target& target) const override {
    const ConvDesc view = view_of(desc);
    const ConvAlgorithm a = make_conv_algorithm(view, "kf");
    inner().apply(a, config, target);
    ScheduledPipeline scheduled{Halide::Pipeline(a.output), a.arguments()};
    // inputs(): input, weights, [bias]; then the output. The bias keeps its shape.
    scheduled.argument_views = {view.input_shape(), view.weight_shape()};
    if (view.bias) scheduled.argument_views.push_back({});
    scheduled.argument_views.push_back(view.output_shape());
    return scheduled;
  }

 private:
  ConvDesc view_of(const OpDesc& desc) const {
    const auto* conv = dynamic_cast<const ConvDesc*>(&desc);
    if (!conv || !applicable(desc)) {
      throw InputError("template", name() + " schedules 1x1 stride-1 unpadded convolutions of " +
                                       "two or more spatial dims, not " + desc.to_string());
    }
    return fused_pixels_view(*conv);
  }

  const ConvTemplate& inner() const {
    return *find_conv_template(layout_ == Layout::kNHWC ? "conv_direct_nhwc" : "conv_direct_nchw");
  }

  Layout layout_;
};

const std::vector<const Template*>& all_gemm_templates() {
  static const ConvGemm1x1 nhwc(Layout::kNHWC), nchw(Layout::kNCHW);
  static const std::vector<const Template*> templates = {&nhwc, &nchw,
                                                         &conv_im2col_nhwc_template()};
  return templates;
}

}  // namespace

std::vector<const Template*> gemm_templates_for(const ConvDesc& desc) {
  std::vector<const Template*> result;
  for (const Template* t : all_gemm_templates()) {
    if (t->applicable(desc)) result.push_back(t);
  }
  return result;
}

const Template* find_gemm_template(const std::string& name) {
  for (const Template* t : all_gemm_templates()) {
    if (t->name() == name) return t;
  }
  return nullptr;
}

}  // namespace kf
