// The image_blob family's dispatch (jit/op_dispatch.h): kf_image_blob_shape,
// `<lib>_image_blob_generic()` over the shape-agnostic pre-processing kernel
// (schedules/image_blob_generic_schedule.h) compiled for NCHW and NHWC outputs, and
// `<lib>_image_blob()`.
#include <sstream>

#include "dsl/image_blob_desc.h"
#include "jit/op_dispatch.h"
#include "schedules/image_blob_generic_schedule.h"

namespace kf {

namespace {

constexpr const char* kShapeDefinitions = R"(#ifndef KF_IMAGE_BLOB_SHAPE_DEFINED
#define KF_IMAGE_BLOB_SHAPE_DEFINED
/** Image pre-processing as OpenCV's blobFromImage, for the dispatch functions
 * (<lib>_image_blob): a batch of u8 images [mb][ih][iw][ic] (BGR for 3 channels, BGRA for 4)
 * becomes float32 out[n][c][y][x] (layout 1, NCHW) or out[n][y][x][c] (layout 0, NHWC) =
 *   scale * (image[n][y][x][s(c)] - mean[c]) / stddev[c],  s(c) = 2 - c for c < 3 when swap_rb
 *   ic        1, 3 or 4 (swap_rb needs 3 or 4)
 *   mean      per output channel (after the swap), the first ic entries
 *   stddev    per output channel, positive; 1 for none (OpenCV has none) */
typedef struct kf_image_blob_shape {
  int layout, mb, ih, iw, ic, swap_rb;
  float scale, mean[4], stddev[4];
} kf_image_blob_shape;

/* 1 when the dispatch can compute `s`, 0 otherwise. */
static inline int kf_image_blob_shape_valid(const kf_image_blob_shape *s) {
  if (s->layout < 0 || s->layout > 1 || s->mb < 1 || s->ih < 1 || s->iw < 1) return 0;
  if (s->ic != 1 && s->ic != 3 && s->ic != 4) return 0;
  if ((s->swap_rb != 0 && s->swap_rb != 1) || (s->swap_rb && s->ic < 3)) return 0;
  if ((long long)s->mb * s->ih * s->iw * s->ic > 2147483647LL) return 0;
  for (int c = 0; c < s->ic; ++c) {
    if (!(s->stddev[c] > 0.0f) || s->stddev[c] != s->stddev[c]) return 0;
  }
  return 1;
}

/* 1 when `a` and `b` (both valid) are the same pre-processing. */
static inline int kf_image_blob_shape_equal(const kf_image_blob_shape *a,
                                            const kf_image_blob_shape *b) {
  if (a->layout != b->layout || a->mb != b->mb || a->ih != b->ih || a->iw != b->iw ||
      a->ic != b->ic || a->swap_rb != b->swap_rb || a->scale != b->scale) {
    return 0;
  }
  for (int c = 0; c < a->ic; ++c) {
    if (a->mean[c] != b->mean[c] || a->stddev[c] != b->stddev[c]) return 0;
  }
  return 1;
}
#endif /* KF_IMAGE_BLOB_SHAPE_DEFINED */

)";

// The kf_image_blob_shape initialiser of `d`.
std::string shape_literal(const ImageBlobDesc& d) {
  std::ostringstream out;
  out << "{" << (d.layout == BlobLayout::kNhwc ? 0 : 1) << ", " << d.mb << ", " << d.ih << ", "
      << d.iw << ", " << d.ic << ", " << (d.swap_rb ? 1 : 0) << ", "
      << c_float_literal(static_cast<float>(d.scale)) << ", {";
  for (int c = 0; c < 4; ++c) {
    out << (c ? ", " : "") << c_float_literal(c < d.ic ? static_cast<float>(d.mean_of(c)) : 0);
  }
  out << "}, {";
  for (int c = 0; c < 4; ++c) {
    const float stddev = c < d.ic && !d.stddev.empty() ? static_cast<float>(d.stddev[c]) : 1.0f;
    out << (c ? ", " : "") << c_float_literal(stddev);
  }
  out << "}}";
  return out.str();
}

class ImageBlobDispatch : public OpDispatch {
 public:
  std::string family() const override { return "image_blob"; }

  bool covers(const OpDesc& desc) const override {
    return dynamic_cast<const ImageBlobDesc*>(&desc) != nullptr;
  }

  std::string header_text(const std::vector<DispatchItem>& items,
                          const std::string& name) const override {
    std::ostringstream out;
    out << kShapeDefinitions;
    for (const char* layout : {"nhwc", "nchw"}) {
      out << "int " << name << "_image_blob_generic_" << layout
          << "_halide(struct halide_buffer_t *image, bool swap_rb,\n"
          << "    float mean0, float mean1, float mean2, float mean3, float factor0, float "
             "factor1,\n"
          << "    float factor2, float factor3, struct halide_buffer_t *output);\n";
    }
    out << R"(
/** Any pre-processing `s` (see kf_image_blob_shape), with the generic, shape-agnostic kernel:
 * correct for every valid shape, slower than a tuned kernel. Returns 0, KF_DISPATCH_BAD_SHAPE or
 * a Halide error code. */
static inline int )"
        << name << R"(_image_blob_generic(const kf_image_blob_shape *s, const uint8_t *image,
    float *output) {
  if (!kf_image_blob_shape_valid(s) || !image || !output) return KF_DISPATCH_BAD_SHAPE;
  const int image_shape[4] = {s->mb, s->ih, s->iw, s->ic};
  const int nchw_shape[4] = {s->mb, s->ic, s->ih, s->iw};
  halide_dimension_t image_dim[4], output_dim[4];
  halide_buffer_t image_buf, output_buf;
  kf_dense_buffer(&image_buf, image_dim, image, halide_type_uint, 8, image_shape, 4);
  kf_float_buffer(&output_buf, output_dim, output, s->layout == 1 ? nchw_shape : image_shape, 4);
  float mean[4] = {0, 0, 0, 0}, factor[4] = {1, 1, 1, 1};
  for (int c = 0; c < s->ic; ++c) {
    mean[c] = s->mean[c];
    factor[c] = (float)((double)s->scale / (double)s->stddev[c]);
  }
  return (s->layout == 1 ? )"
        << name << "_image_blob_generic_nchw_halide : " << name
        << R"(_image_blob_generic_nhwc_halide)(
      &image_buf, s->swap_rb != 0, mean[0], mean[1], mean[2], mean[3], factor[0], factor[1],
      factor[2], factor[3], &output_buf);
}

)";
    std::vector<DispatchCase> cases;
    for (const DispatchItem& d : items) {
      const auto& blob = static_cast<const ImageBlobDesc&>(*d.item->desc);
      cases.push_back({shape_literal(blob), d.item->function_name,
                       tuned_call_text(d.item->function_name, {"image", "output"})});
    }
    out << dispatch_function_text(name, "image_blob", "const uint8_t *image, float *output",
                                  "image, output",
                                  "kf_image_blob_shape_valid(s) && image && output", cases);
    return out.str();
  }

  llvm::Error write_generic_objects(const Halide::Target& target, const std::string& name,
                                    const std::string& dir,
                                    std::vector<std::string>& objects) const override {
    for (const BlobLayout layout : {BlobLayout::kNhwc, BlobLayout::kNchw}) {
      const std::string suffix = layout == BlobLayout::kNhwc ? "nhwc" : "nchw";
      if (llvm::Error error = write_generic_object(
              [&] {
                GenericImageBlobPipeline generic = make_generic_image_blob_pipeline(layout, target);
                return GenericKernel{generic.pipeline, generic.algorithm.arguments()};
              },
              name + "_image_blob_generic_" + suffix + "_halide", target, dir, objects)) {
        return error;
      }
    }
    return llvm::Error::success();
  }
};

}  // namespace

const OpDispatch& image_blob_dispatch() {
  static const ImageBlobDispatch instance;
  return instance;
}

}  // namespace kf
