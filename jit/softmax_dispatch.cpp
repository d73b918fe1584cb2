// The softmax family's dispatch (jit/op_dispatch.h): kf_softmax_shape, `<lib>_softmax_generic()`
// over the shape-agnostic softmax (schedules/softmax_generic_schedule.h), and `<lib>_softmax()`.
// Shapes are compared by their (outer, axis, inner) view: two softmaxes with the same view are
// the same computation on the same memory, so a tuned kernel serves both.
#include <sstream>

#include "dsl/softmax_desc.h"
#include "jit/op_dispatch.h"
#include "schedules/softmax_generic_schedule.h"

namespace kf {

namespace {

constexpr const char* kShapeDefinitions = R"(#ifndef KF_SOFTMAX_SHAPE_DEFINED
#define KF_SOFTMAX_SHAPE_DEFINED
/** A softmax's shape for the dispatch functions (<lib>_softmax), as benchdnn states it:
 *   rank    number of logical dims, 1 to 5
 *   dims    logical sizes N, C, then spatial (D, H, W), the first `rank` entries
 *   axis    the logical dim normalised over (1 = channels)
 *   layout  0: channels last in memory (N, spatial..., C) for rank >= 3; 1: the logical order
 *           (rank 1 and 2 are the same either way)
 * Tensors are dense float32 arrays in that memory order; the output has the input's shape. */
typedef struct kf_softmax_shape {
  int rank, dims[5], axis, layout;
} kf_softmax_shape;

/* 1 when the dispatch can compute `s`, 0 otherwise. */
static inline int kf_softmax_shape_valid(const kf_softmax_shape *s) {
  long long elements = 1;
  if (s->rank < 1 || s->rank > 5 || s->axis < 0 || s->axis >= s->rank) return 0;
  if (s->layout < 0 || s->layout > 1) return 0;
  for (int i = 0; i < s->rank; ++i) {
    if (s->dims[i] < 1) return 0;
    elements *= s->dims[i];
    if (elements > 2147483647LL) return 0;
  }
  return 1;
}

/* The (outer, axis, inner) view of a valid `s`: the dims outside the axis in memory fused into
 * view[0], the axis view[1], the dims inside it view[2]. */
static inline void kf_softmax_view(const kf_softmax_shape *s, int view[3]) {
  int physical[5], position = s->axis;
  for (int i = 0; i < s->rank; ++i) physical[i] = s->dims[i];
  if (s->layout == 0 && s->rank >= 3) {
    for (int i = 1; i + 1 < s->rank; ++i) physical[i] = s->dims[i + 1];
    physical[s->rank - 1] = s->dims[1];
    position = s->axis == 0 ? 0 : s->axis == 1 ? s->rank - 1 : s->axis - 1;
  }
  view[0] = view[2] = 1;
  view[1] = physical[position];
  for (int i = 0; i < position; ++i) view[0] *= physical[i];
  for (int i = position + 1; i < s->rank; ++i) view[2] *= physical[i];
}

/* 1 when `a` and `b` (both valid) are the same computation: equal views. */
static inline int kf_softmax_shape_equal(const kf_softmax_shape *a, const kf_softmax_shape *b) {
  int va[3], vb[3];
  kf_softmax_view(a, va);
  kf_softmax_view(b, vb);
  return va[0] == vb[0] && va[1] == vb[1] && va[2] == vb[2];
}
#endif /* KF_SOFTMAX_SHAPE_DEFINED */

)";

// The kf_softmax_shape initialiser of `d`.
std::string shape_literal(const SoftmaxDesc& d) {
  std::ostringstream out;
  out << "{" << d.rank() << ", {";
  for (int i = 0; i < 5; ++i) out << (i ? ", " : "") << (i < d.rank() ? d.dims[i] : 0);
  out << "}, " << d.axis << ", " << (d.layout == Layout::kNHWC ? 0 : 1) << "}";
  return out.str();
}

class SoftmaxDispatch : public OpDispatch {
 public:
  std::string family() const override { return "softmax"; }

  bool covers(const OpDesc& desc) const override {
    return dynamic_cast<const SoftmaxDesc*>(&desc) != nullptr;
  }

  std::string header_text(const std::vector<DispatchItem>& items,
                          const std::string& name) const override {
    std::ostringstream out;
    out << kShapeDefinitions << "int " << name
        << "_softmax_generic_halide(struct halide_buffer_t *input, struct halide_buffer_t "
           "*output);\n\n"
        << "/** Any softmax `s` (see kf_softmax_shape), with the generic, shape-agnostic kernel:\n"
        << " * correct for every valid shape, slower than a tuned kernel. Returns 0,\n"
        << " * KF_DISPATCH_BAD_SHAPE or a Halide error code. */\n"
        << "static inline int " << name
        << "_softmax_generic(const kf_softmax_shape *s, const float *input,\n"
        << "    float *output) {\n"
        << "  if (!kf_softmax_shape_valid(s) || !input || !output) return KF_DISPATCH_BAD_SHAPE;\n"
        << "  int view[3];\n"
        << "  kf_softmax_view(s, view);\n"
        << "  halide_dimension_t input_dim[3], output_dim[3];\n"
        << "  halide_buffer_t input_buf, output_buf;\n"
        << "  kf_float_buffer(&input_buf, input_dim, input, view, 3);\n"
        << "  kf_float_buffer(&output_buf, output_dim, output, view, 3);\n"
        << "  return " << name << "_softmax_generic_halide(&input_buf, &output_buf);\n}\n\n";
    std::vector<DispatchCase> cases;
    for (const DispatchItem& d : items) {
      const auto& softmax = static_cast<const SoftmaxDesc&>(*d.item->desc);
      cases.push_back({shape_literal(softmax), d.item->function_name,
                       tuned_call_text(d.item->function_name, {"input", "output"})});
    }
    out << dispatch_function_text(name, "softmax", "const float *input, float *output",
                                  "input, output", "kf_softmax_shape_valid(s) && input && output",
                                  cases);
    return out.str();
  }

  llvm::Error write_generic_objects(const Halide::Target& target, const std::string& name,
                                    const std::string& dir,
                                    std::vector<std::string>& objects) const override {
    return write_generic_object(
        [&] {
          GenericSoftmaxPipeline generic = make_generic_softmax_pipeline(target);
          return GenericKernel{generic.pipeline, generic.algorithm.arguments()};
        },
        name + "_softmax_generic_halide", target, dir, objects);
  }
};

}  // namespace

const OpDispatch& softmax_dispatch() {
  static const SoftmaxDispatch instance;
  return instance;
}

}  // namespace kf
