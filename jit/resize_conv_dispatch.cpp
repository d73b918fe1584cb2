// The resize-convolution family's dispatch (jit/op_dispatch.h): kf_resize_conv_shape,
// `<lib>_resize_conv_generic()` over the shape-agnostic kernel
// (schedules/resize_conv_generic_schedule.h) compiled per layout and mode, and
// `<lib>_resize_conv()`.
#include <sstream>

#include "dsl/resize_conv_desc.h"
#include "jit/op_dispatch.h"
#include "schedules/resize_conv_generic_schedule.h"

namespace kf {

namespace {

constexpr const char* kShapeDefinitions = R"(#ifndef KF_RESIZE_CONV_SHAPE_DEFINED
#define KF_RESIZE_CONV_SHAPE_DEFINED
/** A resize-convolution for the dispatch functions (<lib>_resize_conv): the input upsampled by
 * `factor` in every spatial dim (mode 0 nearest, 1 multilinear with half-pixel centres, as
 * PyTorch's Upsample(align_corners=False)), then the convolution `conv` (see kf_conv_shape),
 * whose `in` holds the small input's sizes (the convolution sees in * factor). Tensors as for
 * kf_conv_shape, the input being the small one. */
typedef struct kf_resize_conv_shape {
  kf_conv_shape conv;
  int factor, mode;
} kf_resize_conv_shape;

/* 1 when the dispatch can compute `s`, 0 otherwise. */
static inline int kf_resize_conv_shape_valid(const kf_resize_conv_shape *s) {
  if (!kf_conv_shape_valid(&s->conv) || s->factor < 1 || s->mode < 0 || s->mode > 1) return 0;
  for (int i = 0; i < s->conv.spatial_rank; ++i) {
    if ((long long)s->conv.in[i] * s->factor > 2147483647LL) return 0;
  }
  return 1;
}

/* 1 when `a` and `b` are the same resize-convolution. */
static inline int kf_resize_conv_shape_equal(const kf_resize_conv_shape *a,
                                             const kf_resize_conv_shape *b) {
  return kf_conv_shape_equal(&a->conv, &b->conv) && a->factor == b->factor &&
         a->mode == b->mode;
}
#endif /* KF_RESIZE_CONV_SHAPE_DEFINED */

)";

// The kf_resize_conv_shape initialiser of `d`: its convolution with the small input sizes.
std::string shape_literal(const ResizeConvDesc& d) {
  ConvDesc small = d.conv;
  for (int i = 0; i < small.spatial_rank; ++i) small.in[i] = d.input_size(i);
  return "{" + conv_shape_literal(small) + ", " + std::to_string(d.factor) + ", " +
         (d.mode == ResizeMode::kNearest ? "0" : "1") + "}";
}

const char* const kSuffixes[2][2] = {{"nhwc_nearest", "nhwc_bilinear"},
                                     {"nchw_nearest", "nchw_bilinear"}};

class ResizeConvDispatch : public OpDispatch {
 public:
  std::string family() const override { return "resize_conv"; }

  bool covers(const OpDesc& desc) const override {
    return dynamic_cast<const ResizeConvDesc*>(&desc) != nullptr;
  }

  std::string header_text(const std::vector<DispatchItem>& items,
                          const std::string& name) const override {
    std::ostringstream out;
    out << conv_shape_definitions() << kShapeDefinitions;
    for (const auto& row : kSuffixes) {
      for (const char* suffix : row) {
        out << "int " << name << "_resize_conv_generic_" << suffix
            << "_halide(struct halide_buffer_t *input,\n"
            << "    struct halide_buffer_t *weights, struct halide_buffer_t *bias, int32_t "
               "stride_w,\n"
            << "    int32_t stride_h, int32_t stride_d, int32_t dilation_w, int32_t dilation_h,\n"
            << "    int32_t dilation_d, int32_t pad_w, int32_t pad_h, int32_t pad_d, int32_t "
               "groups,\n"
            << "    bool has_bias, int32_t activation, float clamp_min, float clamp_max,\n"
            << "    int32_t factor_w, int32_t factor_h, int32_t factor_d, struct halide_buffer_t "
               "*output);\n";
      }
    }
    out << R"(
/** Any resize-convolution `s` (see kf_resize_conv_shape), with the generic, shape-agnostic
 * kernel: correct for every valid shape, much slower than a tuned one. Returns 0,
 * KF_DISPATCH_BAD_SHAPE or a Halide error code. */
static inline int )"
        << name << R"(_resize_conv_generic(const kf_resize_conv_shape *s,
    const float *input, const float *weights, const float *bias, float *output) {
  if (!kf_resize_conv_shape_valid(s) || !input || !weights || !output || (s->conv.bias && !bias)) {
    return KF_DISPATCH_BAD_SHAPE;
  }
  const kf_conv_shape *c = &s->conv;
  const int r = c->spatial_rank, nhwc = c->layout == 0;
  int in[3], out[3], k[3], stride[3], dilation[3], pad[3], factor[3];
  for (int i = 0; i < 3; ++i) {
    in[i] = kf_spatial(c->in, r, i, 1);
    out[i] = kf_spatial(c->out, r, i, 1);
    k[i] = kf_spatial(c->kernel, r, i, 1);
    stride[i] = kf_spatial(c->stride, r, i, 1);
    dilation[i] = kf_spatial(c->dilation, r, i, 1);
    pad[i] = kf_spatial(c->pad_begin, r, i, 0);
    factor[i] = i < 3 - r ? 1 : s->factor;
  }
  const int cpg = c->ic / c->groups;
  const int input_nhwc[5] = {c->mb, in[0], in[1], in[2], c->ic};
  const int input_nchw[5] = {c->mb, c->ic, in[0], in[1], in[2]};
  const int weights_hwio[5] = {k[0], k[1], k[2], cpg, c->oc};
  const int weights_oihw[5] = {c->oc, cpg, k[0], k[1], k[2]};
  const int output_nhwc[5] = {c->mb, out[0], out[1], out[2], c->oc};
  const int output_nchw[5] = {c->mb, c->oc, out[0], out[1], out[2]};
  static const float no_bias = 0.0f;
  const int bias_shape[1] = {c->bias ? c->oc : 1};
  halide_dimension_t input_dim[5], weight_dim[5], bias_dim[1], output_dim[5];
  halide_buffer_t input_buf, weight_buf, bias_buf, output_buf;
  kf_float_buffer(&input_buf, input_dim, input, nhwc ? input_nhwc : input_nchw, 5);
  kf_float_buffer(&weight_buf, weight_dim, weights, nhwc ? weights_hwio : weights_oihw, 5);
  kf_float_buffer(&bias_buf, bias_dim, c->bias ? bias : &no_bias, bias_shape, 1);
  kf_float_buffer(&output_buf, output_dim, output, nhwc ? output_nhwc : output_nchw, 5);
  int (*kernel)(struct halide_buffer_t *, struct halide_buffer_t *, struct halide_buffer_t *,
                int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t,
                int32_t, bool, int32_t, float, float, int32_t, int32_t, int32_t,
                struct halide_buffer_t *) =
      nhwc ? (s->mode == 0 ? )"
        << name << "_resize_conv_generic_nhwc_nearest_halide\n                       : " << name
        << "_resize_conv_generic_nhwc_bilinear_halide)\n           : (s->mode == 0 ? " << name
        << "_resize_conv_generic_nchw_nearest_halide\n                       : " << name
        << R"(_resize_conv_generic_nchw_bilinear_halide);
  /* The kernel's spatial parameters run innermost first (w, h, d). */
  return kernel(&input_buf, &weight_buf, &bias_buf, stride[2], stride[1], stride[0], dilation[2],
                dilation[1], dilation[0], pad[2], pad[1], pad[0], c->groups, c->bias != 0,
                c->activation, c->clamp_min, c->clamp_max, factor[2], factor[1], factor[0],
                &output_buf);
}

)";
    std::vector<DispatchCase> cases;
    for (const DispatchItem& d : items) {
      const auto& resize = static_cast<const ResizeConvDesc&>(*d.item->desc);
      std::vector<std::string> arguments = {"input", "weights"};
      if (resize.conv.bias) arguments.push_back("bias");
      arguments.push_back("output");
      cases.push_back(
          {shape_literal(resize), d.item->function_name,
           tuned_call_text(d.item->function_name, arguments, d.packs_weights ? "weights" : "")});
    }
    out << dispatch_function_text(
        name, "resize_conv",
        "const float *input,\n    const float *weights, const float *bias, float *output",
        "input, weights, bias, output",
        "kf_resize_conv_shape_valid(s) && input && weights && output && (!s->conv.bias || bias)",
        cases);
    return out.str();
  }

  llvm::Error write_generic_objects(const Halide::Target& target, const std::string& name,
                                    const std::string& dir,
                                    std::vector<std::string>& objects) const override {
    for (const Layout layout : {Layout::kNHWC, Layout::kNCHW}) {
      for (const ResizeMode mode : {ResizeMode::kNearest, ResizeMode::kBilinear}) {
        const char* suffix =
            kSuffixes[layout == Layout::kNHWC ? 0 : 1][mode == ResizeMode::kNearest ? 0 : 1];
        if (llvm::Error error = write_generic_object(
                [&] {
                  GenericResizeConvPipeline generic =
                      make_generic_resize_conv_pipeline(layout, mode, target);
                  return GenericKernel{generic.pipeline, generic.arguments()};
                },
                name + "_resize_conv_generic_" + suffix + "_halide", target, dir, objects)) {
          return error;
        }
      }
    }
    return llvm::Error::success();
  }
};

}  // namespace

const OpDispatch& resize_conv_dispatch() {
  static const ResizeConvDispatch instance;
  return instance;
}

}  // namespace kf
