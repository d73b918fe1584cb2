// The pieces every op family's dispatch shares: the common C definitions, the exact-match
// dispatch function, the call of a tuned kernel (packing first when it packs), the registry.
#include "jit/op_dispatch.h"

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "jit/halide_errors.h"

namespace kf {

// Each family's instance, defined in its own file (jit/<family>_dispatch.cpp).
const OpDispatch& conv_dispatch();
const OpDispatch& softmax_dispatch();
const OpDispatch& image_blob_dispatch();
const OpDispatch& reorder_dispatch();
const OpDispatch& norm_dispatch();
const OpDispatch& deconv_dispatch();
const OpDispatch& resize_conv_dispatch();

const std::vector<const OpDispatch*>& op_dispatches() {
  static const std::vector<const OpDispatch*> all = {
      &conv_dispatch(), &softmax_dispatch(), &image_blob_dispatch(), &reorder_dispatch(),
      &norm_dispatch(), &deconv_dispatch(),  &resize_conv_dispatch()};
  return all;
}

namespace {

// "kfnet_layer1_pack_weights" -> "KFNET_LAYER1_PACK_WEIGHTS".
std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

std::string dispatch_common_text() {
  std::ostringstream out;
  out << "#ifndef KF_DISPATCH_COMMON_DEFINED\n#define KF_DISPATCH_COMMON_DEFINED\n"
      << "#include <stdbool.h>\n#include <stdlib.h>\n#include <string.h>\n\n"
      << "/* Returned by the dispatch functions for a shape they cannot compute, and when packing\n"
      << " * a tuned kernel's weights ran out of memory. */\n"
      << "#define KF_DISPATCH_BAD_SHAPE (" << kDispatchBadShape << ")\n"
      << "#define KF_DISPATCH_OUT_OF_MEMORY (" << kDispatchOutOfMemory << ")\n"
      << R"(
/* A dense array over `data` (`shape` outermost first, `dims` of them, elements of Halide type
 * `code` and `bits`) as a halide_buffer_t; `dim` has room for `dims` entries. */
static inline void kf_dense_buffer(halide_buffer_t *buffer, halide_dimension_t *dim,
                                   const void *data, int code, int bits, const int *shape,
                                   int dims) {
  int stride = 1;
  for (int d = 0; d < dims; ++d) {
    const int extent = shape[dims - 1 - d];
    dim[d].min = 0;
    dim[d].extent = extent;
    dim[d].stride = stride;
    dim[d].flags = 0;
    stride *= extent;
  }
  buffer->device = 0;
  buffer->device_interface = NULL;
  buffer->flags = 0;
  buffer->padding = NULL;
  buffer->host = (uint8_t *)data;
  buffer->type.code = (halide_type_code_t)code;
  buffer->type.bits = (uint8_t)bits;
  buffer->type.lanes = 1;
  buffer->dimensions = dims;
  buffer->dim = dim;
}

/* Spatial entry i (0 = d, 1 = h, 2 = w) of `values`, the first `rank` entries of a shape's
 * spatial array (outermost first): `absent` for the outer dims a 1-D or 2-D shape lacks. */
static inline int kf_spatial(const int *values, int rank, int i, int absent) {
  return i < 3 - rank ? absent : values[i - (3 - rank)];
}

/* kf_dense_buffer for float32 data. */
static inline void kf_float_buffer(halide_buffer_t *buffer, halide_dimension_t *dim,
                                   const float *data, const int *shape, int dims) {
  kf_dense_buffer(buffer, dim, data, halide_type_float, 32, shape, dims);
}
#endif /* KF_DISPATCH_COMMON_DEFINED */

)";
  return out.str();
}

std::string tuned_call_text(const std::string& fn, const std::vector<std::string>& arguments,
                            const std::string& packs_role) {
  std::ostringstream call;
  for (size_t i = 0; i < arguments.size(); ++i) {
    const bool packed = !packs_role.empty() && arguments[i] == packs_role;
    call << (i ? ", " : "") << (packed ? "packed" : arguments[i]);
  }
  std::ostringstream out;
  if (packs_role.empty()) {
    out << "      return " << fn << "(" << call.str() << ");\n";
    return out.str();
  }
  const std::string pack = fn + "_pack_" + packs_role;
  out << "      float *packed = (float *)malloc(sizeof(float) * " << upper(pack) << "_ELEMENTS);\n"
      << "      if (!packed) return KF_DISPATCH_OUT_OF_MEMORY;\n"
      << "      int status = " << pack << "(" << packs_role << ", packed);\n"
      << "      if (status == 0) status = " << fn << "(" << call.str() << ");\n"
      << "      free(packed);\n      return status;\n";
  return out.str();
}

std::string dispatch_function_text(const std::string& name, const std::string& family,
                                   const std::string& parameters, const std::string& arguments,
                                   const std::string& valid,
                                   const std::vector<DispatchCase>& cases) {
  const std::string shape_type = "kf_" + family + "_shape";
  const std::string generic = name + "_" + family + "_generic";
  std::ostringstream out;
  out << "/** The " << family << " `s` (see " << shape_type
      << "): with its tuned kernel when this library has\n * one for exactly this shape (";
  for (size_t i = 0; i < cases.size(); ++i) out << (i ? ", " : "") << cases[i].function_name;
  out << "), else with " << generic << "().\n"
      << " * Tuned kernels whose schedule packs weights pack them at every call here: call\n"
      << " * them directly, with weights packed once, where speed matters. Returns 0,\n"
      << " * KF_DISPATCH_BAD_SHAPE, KF_DISPATCH_OUT_OF_MEMORY or a Halide error code. */\n"
      << "static inline int " << name << "_" << family << "(const " << shape_type << " *s, "
      << parameters << ") {\n"
      << "  if (!(" << valid << ")) return KF_DISPATCH_BAD_SHAPE;\n";
  for (const DispatchCase& c : cases) {
    out << "  {\n    static const " << shape_type << " tuned = " << c.shape_literal << ";\n"
        << "    if (" << shape_type << "_equal(s, &tuned)) {\n"
        << c.call << "    }\n  }\n";
  }
  out << "  return " << generic << "(s, " << arguments << ");\n}\n\n";

  out << "/** The name of the function " << name << "_" << family
      << "() calls for `s`: a tuned kernel,\n * \"" << generic
      << "\", or NULL for a shape it cannot compute. */\n"
      << "static inline const char *" << name << "_" << family << "_kernel_name(const "
      << shape_type << " *s) {\n"
      << "  if (!" << shape_type << "_valid(s)) return NULL;\n";
  for (const DispatchCase& c : cases) {
    out << "  {\n    static const " << shape_type << " tuned = " << c.shape_literal << ";\n"
        << "    if (" << shape_type << "_equal(s, &tuned)) return \"" << c.function_name
        << "\";\n  }\n";
  }
  out << "  return \"" << generic << "\";\n}\n\n";
  return out.str();
}

std::string c_float_literal(float value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.9ef", static_cast<double>(value));
  return text;
}

llvm::Error write_generic_object(const std::function<GenericKernel()>& build,
                                 const std::string& function, const Halide::Target& target,
                                 const std::string& dir, std::vector<std::string>& objects) {
  const std::string object = (std::filesystem::path(dir) / (function + ".o")).string();
  if (llvm::Error error = catch_halide_errors([&] {
        GenericKernel kernel = build();
        kernel.pipeline.compile_to_module(kernel.arguments, function, target)
            .compile({{Halide::OutputFileType::object, object}});
      })) {
    return error;
  }
  objects.push_back(object);
  return llvm::Error::success();
}

}  // namespace kf
