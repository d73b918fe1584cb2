// The normalisation family's dispatch (jit/op_dispatch.h): kf_norm_shape for bnorm, gnorm,
// inorm, lnorm and rmsnorm, `<lib>_norm_generic()` over the six shape-agnostic kernels
// (schedules/norm_generic_schedule.h), and `<lib>_norm()`. Shapes are compared by their
// canonical views: equal views are the same computation on the same memory.
#include <sstream>

#include "dsl/norm_desc.h"
#include "jit/op_dispatch.h"
#include "schedules/norm_generic_schedule.h"

namespace kf {

namespace {

constexpr const char* kShapeDefinitions = R"(#ifndef KF_NORM_SHAPE_DEFINED
#define KF_NORM_SHAPE_DEFINED
/** A normalisation for the dispatch functions (<lib>_norm). Variance is biased and epsilon sits
 * inside the square root (PyTorch's definitions).
 *   kind          0 bnorm (inference: given mean and variance), 1 gnorm, 2 inorm (gnorm with
 *                 one group per channel), 3 lnorm, 4 rmsnorm
 *   bnorm, gnorm, inorm: layout 0 channels last [mb][spatial...][ic], 1 channels first
 *                 [mb][ic][spatial...]; spatial_rank 0 to 3 sizes in spatial[], outermost
 *                 first; groups divides ic (gnorm only); mean, variance, gamma, beta are [ic]
 *   lnorm, rmsnorm: a dense tensor of `rank` (1 to 6) dims[], normalised over its last
 *                 norm_dims dims; gamma and beta have the shape of those dims
 * Tensors are dense float32 arrays; the output has the input's shape. Tensors a kind does not
 * take (bnorm takes all four; gnorm, inorm, lnorm gamma and beta; rmsnorm gamma) may be NULL. */
typedef struct kf_norm_shape {
  int kind, layout, mb, ic, groups, spatial_rank, spatial[3];
  int rank, dims[6], norm_dims;
  float epsilon;
} kf_norm_shape;

/* The canonical view of valid `s`: view[0..2] = rows, normalised elements, 1 (lnorm, rmsnorm) or
 * mb, pixels, ic (the others); the element count, or -1 past 2^31 - 1 or for a bad size. */
static inline long long kf_norm_view(const kf_norm_shape *s, int view[3]) {
  long long a = 1, b = 1;
  if (s->kind >= 3) {
    if (s->rank < 1 || s->rank > 6 || s->norm_dims < 1 || s->norm_dims > s->rank) return -1;
    for (int i = 0; i < s->rank; ++i) {
      if (s->dims[i] < 1) return -1;
      if (i < s->rank - s->norm_dims) a *= s->dims[i];
      else b *= s->dims[i];
      if (a * b > 2147483647LL) return -1;
    }
    view[0] = (int)a, view[1] = (int)b, view[2] = 1;
    return a * b;
  }
  if (s->spatial_rank < 0 || s->spatial_rank > 3 || s->mb < 1 || s->ic < 1) return -1;
  for (int i = 0; i < s->spatial_rank; ++i) {
    if (s->spatial[i] < 1) return -1;
    b *= s->spatial[i];
    if (b > 2147483647LL) return -1;
  }
  if ((long long)s->mb * s->ic * b > 2147483647LL) return -1;
  view[0] = s->mb, view[1] = (int)b, view[2] = s->ic;
  return (long long)s->mb * s->ic * b;
}

/* The group count `s` normalises with (gnorm: groups; inorm: ic; others: 1). */
static inline int kf_norm_groups(const kf_norm_shape *s) {
  return s->kind == 1 ? s->groups : s->kind == 2 ? s->ic : 1;
}

/* 1 when the dispatch can compute `s`, 0 otherwise. */
static inline int kf_norm_shape_valid(const kf_norm_shape *s) {
  int view[3];
  if (s->kind < 0 || s->kind > 4 || !(s->epsilon > 0.0f) || s->epsilon > 3.4e38f) return 0;
  if (s->kind < 3 && (s->layout < 0 || s->layout > 1)) return 0;
  if (s->kind == 1 && (s->groups < 1 || s->ic % s->groups != 0)) return 0;
  return kf_norm_view(s, view) > 0;
}

/* 1 when `a` and `b` (both valid) are the same computation: kind, epsilon and canonical view. */
static inline int kf_norm_shape_equal(const kf_norm_shape *a, const kf_norm_shape *b) {
  int va[3], vb[3];
  if (a->kind != b->kind || a->epsilon != b->epsilon) return 0;
  if (a->kind < 3 && (a->layout != b->layout || kf_norm_groups(a) != kf_norm_groups(b))) return 0;
  kf_norm_view(a, va);
  kf_norm_view(b, vb);
  return va[0] == vb[0] && va[1] == vb[1] && va[2] == vb[2];
}

/* 1 when the tensors `s`'s kind takes are given. */
static inline int kf_norm_tensors_given(const kf_norm_shape *s, const float *mean,
                                        const float *variance, const float *gamma,
                                        const float *beta) {
  if (!gamma) return 0;
  if (s->kind == 0 && (!mean || !variance)) return 0;
  return s->kind == 4 || beta != NULL;
}
#endif /* KF_NORM_SHAPE_DEFINED */

)";

// The kf_norm_shape initialiser of `d`.
std::string shape_literal(const NormDesc& d) {
  std::ostringstream out;
  out << "{" << static_cast<int>(d.kind) << ", " << (d.layout == NormLayout::kNHWC ? 0 : 1) << ", ";
  if (d.row_wise()) {
    out << "0, 0, 0, 0, {0, 0, 0}, " << d.dims.size() << ", {";
    for (int i = 0; i < 6; ++i) {
      out << (i ? ", " : "") << (i < static_cast<int>(d.dims.size()) ? d.dims[i] : 0);
    }
    out << "}, " << d.norm_dims;
  } else {
    out << d.mb << ", " << d.ic << ", " << d.groups << ", " << d.spatial_rank << ", {";
    for (int i = 0; i < 3; ++i) out << (i ? ", " : "") << (i < d.spatial_rank ? d.spatial[i] : 0);
    out << "}, 0, {0, 0, 0, 0, 0, 0}, 0";
  }
  out << ", " << c_float_literal(static_cast<float>(d.epsilon)) << "}";
  return out.str();
}

// The generic kernels: C name suffix, kind, layout, and their tensor parameters.
struct GenericVariant {
  const char* suffix;
  NormKind kind;
  NormLayout layout;
  const char* tensors;  // C parameters after input
};
const GenericVariant kVariants[] = {
    {"lnorm", NormKind::kLayer, NormLayout::kNHWC, "gamma, beta"},
    {"rmsnorm", NormKind::kRms, NormLayout::kNHWC, "gamma"},
    {"bnorm_nhwc", NormKind::kBatch, NormLayout::kNHWC, "mean, variance, gamma, beta"},
    {"bnorm_nchw", NormKind::kBatch, NormLayout::kNCHW, "mean, variance, gamma, beta"},
    {"gnorm_nhwc", NormKind::kGroup, NormLayout::kNHWC, "gamma, beta"},
    {"gnorm_nchw", NormKind::kGroup, NormLayout::kNCHW, "gamma, beta"},
};

// "gamma, beta" -> "struct halide_buffer_t *gamma, struct halide_buffer_t *beta, " and
// "&gamma_buf, &beta_buf, ".
std::string buffer_list(const std::string& tensors, bool declare) {
  std::string out;
  std::istringstream in(tensors);
  std::string name;
  while (std::getline(in, name, ',')) {
    name.erase(0, name.find_first_not_of(' '));
    out += declare ? "struct halide_buffer_t *" + name + ", " : "&" + name + "_buf, ";
  }
  return out;
}

class NormDispatch : public OpDispatch {
 public:
  std::string family() const override { return "norm"; }

  bool covers(const OpDesc& desc) const override {
    return dynamic_cast<const NormDesc*>(&desc) != nullptr;
  }

  std::string header_text(const std::vector<DispatchItem>& items,
                          const std::string& name) const override {
    std::ostringstream out;
    out << kShapeDefinitions;
    for (const GenericVariant& v : kVariants) {
      out << "int " << name << "_norm_generic_" << v.suffix
          << "_halide(struct halide_buffer_t *input,\n    " << buffer_list(v.tensors, true)
          << "float epsilon, int32_t groups, struct halide_buffer_t *output);\n";
    }
    out << R"(
/** Any normalisation `s` (see kf_norm_shape), with the generic, shape-agnostic kernel of its
 * kind: correct for every valid shape, slower than a tuned kernel. Returns 0,
 * KF_DISPATCH_BAD_SHAPE or a Halide error code. */
static inline int )"
        << name << R"(_norm_generic(const kf_norm_shape *s, const float *input,
    const float *mean, const float *variance, const float *gamma, const float *beta,
    float *output) {
  int view[3];
  if (!kf_norm_shape_valid(s) || !input || !output ||
      !kf_norm_tensors_given(s, mean, variance, gamma, beta)) {
    return KF_DISPATCH_BAD_SHAPE;
  }
  kf_norm_view(s, view);
  const int row_wise = s->kind >= 3, nhwc = s->layout == 0;
  /* Input and output views, outermost first; parameters [elements per row] or [ic]. */
  const int rows_shape[2] = {view[0], view[1]};
  const int nhwc_shape[3] = {view[0], view[1], view[2]};
  const int nchw_shape[3] = {view[0], view[2], view[1]};
  const int *shape = row_wise ? rows_shape : nhwc ? nhwc_shape : nchw_shape;
  const int dims = row_wise ? 2 : 3;
  const int params[1] = {row_wise ? view[1] : view[2]};
  halide_dimension_t input_dim[3], output_dim[3], mean_dim[1], variance_dim[1], gamma_dim[1],
      beta_dim[1];
  halide_buffer_t input_buf, output_buf, mean_buf, variance_buf, gamma_buf, beta_buf;
  kf_float_buffer(&input_buf, input_dim, input, shape, dims);
  kf_float_buffer(&output_buf, output_dim, output, shape, dims);
  kf_float_buffer(&mean_buf, mean_dim, mean, params, 1);
  kf_float_buffer(&variance_buf, variance_dim, variance, params, 1);
  kf_float_buffer(&gamma_buf, gamma_dim, gamma, params, 1);
  kf_float_buffer(&beta_buf, beta_dim, beta, params, 1);
  const int groups = kf_norm_groups(s);
)";
    for (const GenericVariant& v : kVariants) {
      const bool row_wise = v.kind == NormKind::kLayer || v.kind == NormKind::kRms;
      std::ostringstream condition;
      if (v.kind == NormKind::kGroup) {
        condition << "(s->kind == 1 || s->kind == 2)";
      } else {
        condition << "s->kind == " << static_cast<int>(v.kind);
      }
      if (!row_wise) condition << " && " << (v.layout == NormLayout::kNHWC ? "nhwc" : "!nhwc");
      out << "  if (" << condition.str() << ") {\n    return " << name << "_norm_generic_"
          << v.suffix << "_halide(&input_buf, " << buffer_list(v.tensors, false)
          << "s->epsilon,\n        groups, &output_buf);\n  }\n";
    }
    out << "  return KF_DISPATCH_BAD_SHAPE;\n}\n\n";

    std::vector<DispatchCase> cases;
    for (const DispatchItem& d : items) {
      const auto& norm = static_cast<const NormDesc&>(*d.item->desc);
      std::vector<std::string> arguments;
      for (const TensorSpec& spec : norm.inputs()) arguments.push_back(spec.role);
      arguments.push_back("output");
      cases.push_back({shape_literal(norm), d.item->function_name,
                       tuned_call_text(d.item->function_name, arguments)});
    }
    out << dispatch_function_text(
        name, "norm",
        "const float *input, const float *mean,\n    const float *variance, const float *gamma, "
        "const float *beta, float *output",
        "input, mean, variance, gamma, beta, output",
        "kf_norm_shape_valid(s) && input && output &&\n        kf_norm_tensors_given(s, mean, "
        "variance, gamma, beta)",
        cases);
    return out.str();
  }

  llvm::Error write_generic_objects(const Halide::Target& target, const std::string& name,
                                    const std::string& dir,
                                    std::vector<std::string>& objects) const override {
    for (const GenericVariant& v : kVariants) {
      if (llvm::Error error = write_generic_object(
              [&] {
                GenericNormPipeline generic = make_generic_norm_pipeline(v.kind, v.layout, target);
                return GenericKernel{generic.pipeline, generic.algorithm.arguments()};
              },
              name + "_norm_generic_" + v.suffix + "_halide", target, dir, objects)) {
        return error;
      }
    }
    return llvm::Error::success();
  }
};

}  // namespace

const OpDispatch& norm_dispatch() {
  static const NormDispatch instance;
  return instance;
}

}  // namespace kf
