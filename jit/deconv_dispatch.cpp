// The transposed convolution family's dispatch (jit/op_dispatch.h): kf_deconv_shape,
// `<lib>_deconv_generic()` over the shape-agnostic kernel (dsl/deconv_generic_algorithm.h)
// compiled for both activation and both weight layouts, and `<lib>_deconv()`.
#include <sstream>

#include "dsl/deconv_desc.h"
#include "jit/op_dispatch.h"
#include "schedules/deconv_generic_schedule.h"

namespace kf {

namespace {

constexpr const char* kShapeDefinitions = R"(#ifndef KF_DECONV_SHAPE_DEFINED
#define KF_DECONV_SHAPE_DEFINED
/** A transposed convolution's shape for the dispatch functions (<lib>_deconv). Arrays hold the
 * first spatial_rank entries, outermost first (d, h, w in 3-D; h, w in 2-D; w in 1-D).
 *   layout         0: NHWC activations, 1: NCHW activations (1-D and 3-D kin alike)
 *   weight_layout  0: PyTorch [ic][oc/groups][k...], 1: TensorFlow [k...][oc][ic] (groups 1)
 *   in, out        input (small side) and output spatial sizes; every input pixel i adds to
 *                  output pixels i * stride - pad_begin + tap * dilation, so pad_begin crops
 *                  the start and the output size decides the end (PyTorch's output_padding,
 *                  TensorFlow's output_shape); output pixels no input reaches get the bias only
 *   dilation       1 = dense
 * Tensors are dense float32 arrays: input [mb][ic][in...] or [mb][in...][ic], bias [oc] (NULL
 * without bias), output like the input with oc and out. */
typedef struct kf_deconv_shape {
  int layout, weight_layout, spatial_rank;
  int mb, ic, oc, groups;
  int in[3], out[3], kernel[3], stride[3], dilation[3], pad_begin[3];
  int bias, relu;
} kf_deconv_shape;

/* 1 when the dispatch can compute `s`, 0 otherwise. */
static inline int kf_deconv_shape_valid(const kf_deconv_shape *s) {
  if (s->layout < 0 || s->layout > 1 || s->weight_layout < 0 || s->weight_layout > 1) return 0;
  if (s->spatial_rank < 1 || s->spatial_rank > 3) return 0;
  if (s->mb < 1 || s->ic < 1 || s->oc < 1 || s->groups < 1) return 0;
  if (s->ic % s->groups != 0 || s->oc % s->groups != 0) return 0;
  if (s->weight_layout == 1 && s->groups != 1) return 0;
  if ((s->bias != 0 && s->bias != 1) || (s->relu != 0 && s->relu != 1)) return 0;
  for (int i = 0; i < s->spatial_rank; ++i) {
    if (s->in[i] < 1 || s->out[i] < 1 || s->kernel[i] < 1 || s->stride[i] < 1) return 0;
    if (s->dilation[i] < 1 || s->pad_begin[i] < 0) return 0;
  }
  return 1;
}

/* 1 when `a` and `b` are the same transposed convolution. */
static inline int kf_deconv_shape_equal(const kf_deconv_shape *a, const kf_deconv_shape *b) {
  if (a->layout != b->layout || a->weight_layout != b->weight_layout ||
      a->spatial_rank != b->spatial_rank || a->mb != b->mb || a->ic != b->ic || a->oc != b->oc ||
      a->groups != b->groups || a->bias != b->bias || a->relu != b->relu) {
    return 0;
  }
  for (int i = 0; i < a->spatial_rank; ++i) {
    if (a->in[i] != b->in[i] || a->out[i] != b->out[i] || a->kernel[i] != b->kernel[i] ||
        a->stride[i] != b->stride[i] || a->dilation[i] != b->dilation[i] ||
        a->pad_begin[i] != b->pad_begin[i]) {
      return 0;
    }
  }
  return 1;
}

#endif /* KF_DECONV_SHAPE_DEFINED */

)";

// The kf_deconv_shape initialiser of `d`.
std::string shape_literal(const DeconvDesc& d) {
  std::ostringstream out;
  auto array = [&](const DeconvDesc::Dims& values) {
    out << "{";
    for (int i = 0; i < 3; ++i) out << (i ? ", " : "") << (i < d.spatial_rank ? values[i] : 0);
    out << "}, ";
  };
  out << "{" << (d.layout == Layout::kNHWC ? 0 : 1) << ", "
      << (d.weights == DeconvWeights::kPyTorch ? 0 : 1) << ", " << d.spatial_rank << ", " << d.mb
      << ", " << d.ic << ", " << d.oc << ", " << d.groups << ", ";
  array(d.in);
  array(d.out);
  array(d.kernel);
  array(d.stride);
  array(d.dilation);
  array(d.pad_begin);
  out << (d.bias ? 1 : 0) << ", " << (d.relu ? 1 : 0) << "}";
  return out.str();
}

const char* const kSuffixes[2][2] = {{"nhwc_pt", "nhwc_tf"}, {"nchw_pt", "nchw_tf"}};

class DeconvDispatch : public OpDispatch {
 public:
  std::string family() const override { return "deconv"; }

  bool covers(const OpDesc& desc) const override {
    return dynamic_cast<const DeconvDesc*>(&desc) != nullptr;
  }

  std::string header_text(const std::vector<DispatchItem>& items,
                          const std::string& name) const override {
    std::ostringstream out;
    out << kShapeDefinitions;
    for (const auto& row : kSuffixes) {
      for (const char* suffix : row) {
        out << "int " << name << "_deconv_generic_" << suffix
            << "_halide(struct halide_buffer_t *input,\n"
            << "    struct halide_buffer_t *weights, struct halide_buffer_t *bias, int32_t "
               "stride_w,\n"
            << "    int32_t stride_h, int32_t stride_d, int32_t dilation_w, int32_t dilation_h,\n"
            << "    int32_t dilation_d, int32_t pad_w, int32_t pad_h, int32_t pad_d, int32_t "
               "groups,\n"
            << "    bool has_bias, bool relu, struct halide_buffer_t *output);\n";
      }
    }
    out << R"(
/** Any transposed convolution `s` (see kf_deconv_shape), with the generic, shape-agnostic
 * kernel: correct for every valid shape, much slower than a tuned one. Returns 0,
 * KF_DISPATCH_BAD_SHAPE or a Halide error code. */
static inline int )"
        << name << R"(_deconv_generic(const kf_deconv_shape *s, const float *input,
    const float *weights, const float *bias, float *output) {
  if (!kf_deconv_shape_valid(s) || !input || !weights || !output || (s->bias && !bias)) {
    return KF_DISPATCH_BAD_SHAPE;
  }
  const int r = s->spatial_rank, nhwc = s->layout == 0, pytorch = s->weight_layout == 0;
  int in[3], out[3], k[3], stride[3], dilation[3], pad[3];
  for (int i = 0; i < 3; ++i) {
    in[i] = kf_spatial(s->in, r, i, 1);
    out[i] = kf_spatial(s->out, r, i, 1);
    k[i] = kf_spatial(s->kernel, r, i, 1);
    stride[i] = kf_spatial(s->stride, r, i, 1);
    dilation[i] = kf_spatial(s->dilation, r, i, 1);
    pad[i] = kf_spatial(s->pad_begin, r, i, 0);
  }
  const int input_nhwc[5] = {s->mb, in[0], in[1], in[2], s->ic};
  const int input_nchw[5] = {s->mb, s->ic, in[0], in[1], in[2]};
  const int output_nhwc[5] = {s->mb, out[0], out[1], out[2], s->oc};
  const int output_nchw[5] = {s->mb, s->oc, out[0], out[1], out[2]};
  const int weights_pt[5] = {s->ic, s->oc / s->groups, k[0], k[1], k[2]};
  const int weights_tf[5] = {k[0], k[1], k[2], s->oc, s->ic};
  static const float no_bias = 0.0f;
  const int bias_shape[1] = {s->bias ? s->oc : 1};
  halide_dimension_t input_dim[5], weight_dim[5], bias_dim[1], output_dim[5];
  halide_buffer_t input_buf, weight_buf, bias_buf, output_buf;
  kf_float_buffer(&input_buf, input_dim, input, nhwc ? input_nhwc : input_nchw, 5);
  kf_float_buffer(&weight_buf, weight_dim, weights, pytorch ? weights_pt : weights_tf, 5);
  kf_float_buffer(&bias_buf, bias_dim, s->bias ? bias : &no_bias, bias_shape, 1);
  kf_float_buffer(&output_buf, output_dim, output, nhwc ? output_nhwc : output_nchw, 5);
  /* The kernel's spatial parameters run innermost first (w, h, d). */
  int (*kernel)(struct halide_buffer_t *, struct halide_buffer_t *, struct halide_buffer_t *,
                int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t,
                int32_t, bool, bool, struct halide_buffer_t *) =
      nhwc ? (pytorch ? )"
        << name << "_deconv_generic_nhwc_pt_halide : " << name
        << "_deconv_generic_nhwc_tf_halide)\n           : (pytorch ? " << name
        << "_deconv_generic_nchw_pt_halide : " << name << R"(_deconv_generic_nchw_tf_halide);
  return kernel(&input_buf, &weight_buf, &bias_buf, stride[2], stride[1], stride[0], dilation[2],
                dilation[1], dilation[0], pad[2], pad[1], pad[0], s->groups, s->bias != 0,
                s->relu != 0, &output_buf);
}

)";
    std::vector<DispatchCase> cases;
    for (const DispatchItem& d : items) {
      const auto& deconv = static_cast<const DeconvDesc&>(*d.item->desc);
      std::vector<std::string> arguments = {"input", "weights"};
      if (deconv.bias) arguments.push_back("bias");
      arguments.push_back("output");
      cases.push_back(
          {shape_literal(deconv), d.item->function_name,
           tuned_call_text(d.item->function_name, arguments, d.packs_weights ? "weights" : "")});
    }
    out << dispatch_function_text(
        name, "deconv",
        "const float *input,\n    const float *weights, const float *bias, float *output",
        "input, weights, bias, output",
        "kf_deconv_shape_valid(s) && input && weights && output && (!s->bias || bias)", cases);
    return out.str();
  }

  llvm::Error write_generic_objects(const Halide::Target& target, const std::string& name,
                                    const std::string& dir,
                                    std::vector<std::string>& objects) const override {
    for (const Layout layout : {Layout::kNHWC, Layout::kNCHW}) {
      for (const DeconvWeights weights : {DeconvWeights::kPyTorch, DeconvWeights::kTensorFlow}) {
        const char* suffix =
            kSuffixes[layout == Layout::kNHWC ? 0 : 1][weights == DeconvWeights::kPyTorch ? 0 : 1];
        if (llvm::Error error = write_generic_object(
                [&] {
                  GenericDeconvPipeline generic =
                      make_generic_deconv_pipeline(layout, weights, target);
                  return GenericKernel{generic.pipeline, generic.algorithm.arguments()};
                },
                name + "_deconv_generic_" + suffix + "_halide", target, dir, objects)) {
          return error;
        }
      }
    }
    return llvm::Error::success();
  }
};

}  // namespace

const OpDispatch& deconv_dispatch() {
  static const DeconvDispatch instance;
  return instance;
}

}  // namespace kf
