// The reorder family's dispatch (jit/op_dispatch.h): kf_reorder_shape, `<lib>_reorder_generic()`
// over the shape-agnostic layout conversion (schedules/reorder_generic_schedule.h) compiled for
// the six (source, destination) pairs, and `<lib>_reorder()`. Shapes are compared by their 1-D
// view (the spatial dims fused): equal views are the same conversion of the same memory.
#include <sstream>

#include "dsl/reorder_desc.h"
#include "jit/op_dispatch.h"
#include "schedules/reorder_generic_schedule.h"

namespace kf {

namespace {

constexpr const char* kShapeDefinitions = R"(#ifndef KF_REORDER_SHAPE_DEFINED
#define KF_REORDER_SHAPE_DEFINED
/** A layout conversion for the dispatch functions (<lib>_reorder):
 *   src, dst      0: channels first [mb][ic][spatial...] (NCHW and kin),
 *                 1: channels last [mb][spatial...][ic] (NHWC and kin),
 *                 2: blocked [mb][ceil(ic/16)][spatial...][16] (oneDNN's nChw16c); a blocked
 *                 output has zeros past channel ic, a blocked input's are ignored
 *   spatial_rank  1 to 3; in[] holds that many spatial sizes, outermost first
 * Tensors are dense float32 arrays. */
typedef struct kf_reorder_shape {
  int src, dst, spatial_rank, mb, ic, in[3];
} kf_reorder_shape;

/* Elements of a tensor of `s` in `layout`, or -1 past 2^31 - 1. */
static inline long long kf_reorder_elements(const kf_reorder_shape *s, int layout) {
  long long count = (long long)s->mb * (layout == 2 ? (s->ic + 15) / 16 * 16 : s->ic);
  for (int i = 0; i < s->spatial_rank; ++i) count *= s->in[i];
  return count > 2147483647LL ? -1 : count;
}

/* 1 when the dispatch can compute `s`, 0 otherwise. */
static inline int kf_reorder_shape_valid(const kf_reorder_shape *s) {
  if (s->src < 0 || s->src > 2 || s->dst < 0 || s->dst > 2 || s->src == s->dst) return 0;
  if (s->spatial_rank < 1 || s->spatial_rank > 3 || s->mb < 1 || s->ic < 1) return 0;
  for (int i = 0; i < s->spatial_rank; ++i) {
    if (s->in[i] < 1) return 0;
  }
  return kf_reorder_elements(s, 2) > 0 && kf_reorder_elements(s, 0) > 0;
}

/* The spatial sizes of valid `s` multiplied: its 1-D view. */
static inline int kf_reorder_pixels(const kf_reorder_shape *s) {
  int pixels = 1;
  for (int i = 0; i < s->spatial_rank; ++i) pixels *= s->in[i];
  return pixels;
}

/* 1 when `a` and `b` (both valid) are the same conversion of the same memory. */
static inline int kf_reorder_shape_equal(const kf_reorder_shape *a, const kf_reorder_shape *b) {
  return a->src == b->src && a->dst == b->dst && a->mb == b->mb && a->ic == b->ic &&
         kf_reorder_pixels(a) == kf_reorder_pixels(b);
}

/* The 1-D view of valid `s` in `layout`, outermost first, in `shape`; returns its dims. */
static inline int kf_reorder_view(const kf_reorder_shape *s, int layout, int shape[4]) {
  const int pixels = kf_reorder_pixels(s);
  shape[0] = s->mb;
  if (layout == 0) {
    shape[1] = s->ic;
    shape[2] = pixels;
    return 3;
  }
  if (layout == 1) {
    shape[1] = pixels;
    shape[2] = s->ic;
    return 3;
  }
  shape[1] = (s->ic + 15) / 16;
  shape[2] = pixels;
  shape[3] = 16;
  return 4;
}
#endif /* KF_REORDER_SHAPE_DEFINED */

)";

const ReorderLayout kLayouts[] = {ReorderLayout::kChannelsFirst, ReorderLayout::kChannelsLast,
                                  ReorderLayout::kBlocked16};

// "nchw", "nhwc" or "nchw16c": the 2-D names, in C identifiers.
const char* layout_word(ReorderLayout layout) {
  switch (layout) {
    case ReorderLayout::kChannelsFirst:
      return "nchw";
    case ReorderLayout::kChannelsLast:
      return "nhwc";
    default:
      return "nchw16c";
  }
}

// The kf_reorder_shape initialiser of `d`.
std::string shape_literal(const ReorderDesc& d) {
  std::ostringstream out;
  out << "{" << static_cast<int>(d.src) << ", " << static_cast<int>(d.dst) << ", " << d.spatial_rank
      << ", " << d.mb << ", " << d.ic << ", {";
  for (int i = 0; i < 3; ++i) out << (i ? ", " : "") << (i < d.spatial_rank ? d.in[i] : 0);
  out << "}}";
  return out.str();
}

class ReorderDispatch : public OpDispatch {
 public:
  std::string family() const override { return "reorder"; }

  bool covers(const OpDesc& desc) const override {
    return dynamic_cast<const ReorderDesc*>(&desc) != nullptr;
  }

  std::string header_text(const std::vector<DispatchItem>& items,
                          const std::string& name) const override {
    std::ostringstream out;
    out << kShapeDefinitions;
    for (const ReorderLayout src : kLayouts) {
      for (const ReorderLayout dst : kLayouts) {
        if (src == dst) continue;
        out << "int " << generic_function(name, src, dst)
            << "(struct halide_buffer_t *input, int32_t channels,\n"
            << "    struct halide_buffer_t *output);\n";
      }
    }
    out << "\n/** Any layout conversion `s` (see kf_reorder_shape), with the generic, "
           "shape-agnostic\n * kernel of its layout pair: correct for every valid shape, slower "
           "than a tuned kernel.\n * Returns 0, KF_DISPATCH_BAD_SHAPE or a Halide error code. */\n"
        << "static inline int " << name
        << "_reorder_generic(const kf_reorder_shape *s, const float *input,\n"
        << "    float *output) {\n"
        << "  if (!kf_reorder_shape_valid(s) || !input || !output) return KF_DISPATCH_BAD_SHAPE;\n"
        << "  int input_shape[4], output_shape[4];\n"
        << "  const int input_dims = kf_reorder_view(s, s->src, input_shape);\n"
        << "  const int output_dims = kf_reorder_view(s, s->dst, output_shape);\n"
        << "  halide_dimension_t input_dim[4], output_dim[4];\n"
        << "  halide_buffer_t input_buf, output_buf;\n"
        << "  kf_float_buffer(&input_buf, input_dim, input, input_shape, input_dims);\n"
        << "  kf_float_buffer(&output_buf, output_dim, output, output_shape, output_dims);\n";
    for (const ReorderLayout src : kLayouts) {
      for (const ReorderLayout dst : kLayouts) {
        if (src == dst) continue;
        out << "  if (s->src == " << static_cast<int>(src)
            << " && s->dst == " << static_cast<int>(dst) << ") {\n"
            << "    return " << generic_function(name, src, dst)
            << "(&input_buf, s->ic, &output_buf);\n  }\n";
      }
    }
    out << "  return KF_DISPATCH_BAD_SHAPE;\n}\n\n";
    std::vector<DispatchCase> cases;
    for (const DispatchItem& d : items) {
      const auto& reorder = static_cast<const ReorderDesc&>(*d.item->desc);
      cases.push_back({shape_literal(reorder), d.item->function_name,
                       tuned_call_text(d.item->function_name, {"input", "output"})});
    }
    out << dispatch_function_text(name, "reorder", "const float *input, float *output",
                                  "input, output", "kf_reorder_shape_valid(s) && input && output",
                                  cases);
    return out.str();
  }

  llvm::Error write_generic_objects(const Halide::Target& target, const std::string& name,
                                    const std::string& dir,
                                    std::vector<std::string>& objects) const override {
    for (const ReorderLayout src : kLayouts) {
      for (const ReorderLayout dst : kLayouts) {
        if (src == dst) continue;
        if (llvm::Error error = write_generic_object(
                [&] {
                  GenericReorderPipeline generic = make_generic_reorder_pipeline(src, dst, target);
                  return GenericKernel{generic.pipeline, generic.algorithm.arguments()};
                },
                generic_function(name, src, dst), target, dir, objects)) {
          return error;
        }
      }
    }
    return llvm::Error::success();
  }

 private:
  static std::string generic_function(const std::string& name, ReorderLayout src,
                                      ReorderLayout dst) {
    return name + "_reorder_generic_" + layout_word(src) + "_to_" + layout_word(dst) + "_halide";
  }
};

}  // namespace

const OpDispatch& reorder_dispatch() {
  static const ReorderDispatch instance;
  return instance;
}

}  // namespace kf
