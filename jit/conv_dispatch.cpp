// The convolution family's dispatch (jit/op_dispatch.h): kf_conv_shape, `<lib>_conv_generic()`
// over the shape-agnostic convolution (dsl/conv_generic_algorithm.h) compiled for NHWC and
// NCHW, and `<lib>_conv()`.
#include <sstream>

#include "dsl/conv_desc.h"
#include "jit/op_dispatch.h"
#include "schedules/conv_generic_schedule.h"

namespace kf {

namespace {

// Shared by every library header that has a conv dispatch: defined once per translation unit.
constexpr const char* kSharedDefinitions = R"(#ifndef KF_CONV_SHAPE_DEFINED
#define KF_CONV_SHAPE_DEFINED

/** A convolution's shape for the dispatch functions (<lib>_conv). Arrays hold the first
 * spatial_rank entries, outermost first (d, h, w in 3-D; h, w in 2-D; w in 1-D).
 *   layout      0: NHWC activations, HWIO weights; 1: NCHW activations, OIHW weights
 *   dilation    1 = dense (PyTorch's meaning; benchdnn's dh0)
 *   pad_begin   zero padding before each spatial dim; the output sizes decide the rest
 *   activation  0 none, 1 ReLU, 2 clamp to [clamp_min, clamp_max]
 * Tensors are dense: input [mb][ic][in...] or [mb][in...][ic], weights [oc][ic/groups][k...]
 * or [k...][ic/groups][oc], bias [oc] (NULL without bias), output like the input with oc and
 * out. */
typedef struct kf_conv_shape {
  int layout, spatial_rank;
  int mb, ic, oc, groups;
  int in[3], out[3], kernel[3], stride[3], dilation[3], pad_begin[3];
  int bias, activation;
  float clamp_min, clamp_max;
} kf_conv_shape;

/* 1 when the dispatch can compute `s`, 0 otherwise. */
static inline int kf_conv_shape_valid(const kf_conv_shape *s) {
  if (s->layout < 0 || s->layout > 1 || s->spatial_rank < 1 || s->spatial_rank > 3) return 0;
  if (s->mb < 1 || s->ic < 1 || s->oc < 1 || s->groups < 1) return 0;
  if (s->ic % s->groups != 0 || s->oc % s->groups != 0) return 0;
  if (s->activation < 0 || s->activation > 2 || (s->bias != 0 && s->bias != 1)) return 0;
  for (int i = 0; i < s->spatial_rank; ++i) {
    if (s->in[i] < 1 || s->out[i] < 1 || s->kernel[i] < 1 || s->stride[i] < 1) return 0;
    if (s->dilation[i] < 1 || s->pad_begin[i] < 0) return 0;
  }
  return 1;
}

/* 1 when `a` and `b` are the same convolution. */
static inline int kf_conv_shape_equal(const kf_conv_shape *a, const kf_conv_shape *b) {
  if (a->layout != b->layout || a->spatial_rank != b->spatial_rank || a->mb != b->mb ||
      a->ic != b->ic || a->oc != b->oc || a->groups != b->groups || a->bias != b->bias ||
      a->activation != b->activation) {
    return 0;
  }
  if (a->activation == 2 && (a->clamp_min != b->clamp_min || a->clamp_max != b->clamp_max)) {
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


#endif /* KF_CONV_SHAPE_DEFINED */

)";

// The kf_conv_shape initialiser of `d`.
std::string shape_literal(const ConvDesc& d) {
  std::ostringstream out;
  auto array = [&](const std::array<int64_t, kMaxSpatialRank>& values) {
    out << "{";
    for (int i = 0; i < 3; ++i) out << (i ? ", " : "") << (i < d.spatial_rank ? values[i] : 0);
    out << "}, ";
  };
  out << "{" << (d.layout == Layout::kNHWC ? 0 : 1) << ", " << d.spatial_rank << ", " << d.mb
      << ", " << d.ic << ", " << d.oc << ", " << d.groups << ", ";
  array(d.in);
  array(d.out);
  array(d.kernel);
  array(d.stride);
  array(d.dilation);
  array(d.pad_begin);
  out << (d.bias ? 1 : 0) << ", " << static_cast<int>(d.activation) << ", "
      << c_float_literal(d.clamp_min) << ", " << c_float_literal(d.clamp_max) << "}";
  return out.str();
}

class ConvDispatch : public OpDispatch {
 public:
  std::string family() const override { return "conv"; }

  /// Convolutions in NHWC or NCHW. Declared-blocked (nchw16c) workloads keep only their own
  /// per-workload functions: the shape-agnostic kernel has no blocked variant.
  bool covers(const OpDesc& desc) const override {
    const auto* conv = dynamic_cast<const ConvDesc*>(&desc);
    return conv != nullptr && conv->layout != Layout::kNCHW16c;
  }

  std::string header_text(const std::vector<DispatchItem>& items,
                          const std::string& name) const override;

  llvm::Error write_generic_objects(const Halide::Target& target, const std::string& name,
                                    const std::string& dir,
                                    std::vector<std::string>& objects) const override;
};

std::string ConvDispatch::header_text(const std::vector<DispatchItem>& items,
                                      const std::string& name) const {
  std::ostringstream out;
  out << kSharedDefinitions;
  for (const char* layout : {"nhwc", "nchw"}) {
    out << "int " << name << "_conv_generic_" << layout
        << "_halide(struct halide_buffer_t *input, struct halide_buffer_t *weights,\n"
        << "    struct halide_buffer_t *bias, int32_t stride_w, int32_t stride_h, "
           "int32_t stride_d,\n"
        << "    int32_t dilation_w, int32_t dilation_h, int32_t dilation_d, int32_t pad_w,\n"
        << "    int32_t pad_h, int32_t pad_d, int32_t groups, bool has_bias, int32_t "
           "activation,\n"
        << "    float clamp_min, float clamp_max, struct halide_buffer_t *output);\n";
  }
  out << R"(
/** Any convolution `s` (see kf_conv_shape), with the generic, shape-agnostic kernel: correct
 * for every valid shape, and much slower than a tuned kernel. Returns 0, KF_DISPATCH_BAD_SHAPE
 * or a Halide error code. */
static inline int )"
      << name << R"(_conv_generic(const kf_conv_shape *s, const float *input,
    const float *weights, const float *bias, float *output) {
  if (!kf_conv_shape_valid(s) || (s->bias && !bias)) return KF_DISPATCH_BAD_SHAPE;
  const int r = s->spatial_rank, nhwc = s->layout == 0;
  int in[3], out[3], k[3];
  for (int i = 0; i < 3; ++i) {
    in[i] = kf_spatial(s->in, r, i, 1);
    out[i] = kf_spatial(s->out, r, i, 1);
    k[i] = kf_spatial(s->kernel, r, i, 1);
  }
  const int cpg = s->ic / s->groups;
  int input_shape[5], weight_shape[5], output_shape[5];
  if (nhwc) {
    const int is[5] = {s->mb, in[0], in[1], in[2], s->ic};
    const int ws[5] = {k[0], k[1], k[2], cpg, s->oc};
    const int os[5] = {s->mb, out[0], out[1], out[2], s->oc};
    memcpy(input_shape, is, sizeof is);
    memcpy(weight_shape, ws, sizeof ws);
    memcpy(output_shape, os, sizeof os);
  } else {
    const int is[5] = {s->mb, s->ic, in[0], in[1], in[2]};
    const int ws[5] = {s->oc, cpg, k[0], k[1], k[2]};
    const int os[5] = {s->mb, s->oc, out[0], out[1], out[2]};
    memcpy(input_shape, is, sizeof is);
    memcpy(weight_shape, ws, sizeof ws);
    memcpy(output_shape, os, sizeof os);
  }
  static const float no_bias = 0.0f;
  const int bias_shape[1] = {s->bias ? s->oc : 1};
  halide_dimension_t input_dim[5], weight_dim[5], bias_dim[1], output_dim[5];
  halide_buffer_t input_buf, weight_buf, bias_buf, output_buf;
  kf_float_buffer(&input_buf, input_dim, input, input_shape, 5);
  kf_float_buffer(&weight_buf, weight_dim, weights, weight_shape, 5);
  kf_float_buffer(&bias_buf, bias_dim, s->bias ? bias : &no_bias, bias_shape, 1);
  kf_float_buffer(&output_buf, output_dim, output, output_shape, 5);
  /* The kernel's spatial parameters run innermost first (w, h, d). */
  const int w = 2, h = 1, d = 0;
  int stride[3], dilation[3], pad[3];
  for (int i = 0; i < 3; ++i) {
    stride[i] = kf_spatial(s->stride, r, i, 1);
    dilation[i] = kf_spatial(s->dilation, r, i, 1);
    pad[i] = kf_spatial(s->pad_begin, r, i, 0);
  }
  return (nhwc ? )"
      << name << "_conv_generic_nhwc_halide : " << name << R"(_conv_generic_nchw_halide)(
      &input_buf, &weight_buf, &bias_buf, stride[w], stride[h], stride[d], dilation[w],
      dilation[h], dilation[d], pad[w], pad[h], pad[d], s->groups, s->bias != 0, s->activation,
      s->clamp_min, s->clamp_max, &output_buf);
}
)";

  std::vector<DispatchCase> cases;
  for (const DispatchItem& d : items) {
    const auto& conv = static_cast<const ConvDesc&>(*d.item->desc);
    std::vector<std::string> arguments = {"input", "weights"};
    if (conv.bias) arguments.push_back("bias");
    arguments.push_back("output");
    cases.push_back(
        {shape_literal(conv), d.item->function_name,
         tuned_call_text(d.item->function_name, arguments, d.packs_weights ? "weights" : "")});
  }
  out << dispatch_function_text(
      name, "conv",
      "const float *input,\n    const float *weights, const float *bias, float *output",
      "input, weights, bias, output", "kf_conv_shape_valid(s) && (!s->bias || bias)", cases);
  return out.str();
}

llvm::Error ConvDispatch::write_generic_objects(const Halide::Target& target,
                                                const std::string& name, const std::string& dir,
                                                std::vector<std::string>& objects) const {
  for (const Layout layout : {Layout::kNHWC, Layout::kNCHW}) {
    const std::string suffix = layout == Layout::kNHWC ? "nhwc" : "nchw";
    if (llvm::Error error = write_generic_object(
            [&] {
              GenericConvPipeline generic = make_generic_conv_pipeline(layout, target);
              return GenericKernel{generic.pipeline, generic.algorithm.arguments()};
            },
            name + "_conv_generic_" + suffix + "_halide", target, dir, objects)) {
      return error;
    }
  }
  return llvm::Error::success();
}

}  // namespace

std::string conv_shape_definitions() { return kSharedDefinitions; }

std::string conv_shape_literal(const ConvDesc& desc) { return shape_literal(desc); }

const OpDispatch& conv_dispatch() {
  static const ConvDispatch instance;
  return instance;
}

}  // namespace kf
