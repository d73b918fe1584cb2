// emit_library: AOT compilation of scheduled workloads into lib<name>.a + <name>.h.
//
// Each workload is lowered with Target::NoRuntime into its own object; the runtime is compiled
// once (compile_standalone_runtime) and all objects are archived with Halide's
// create_static_library. The header wraps each Halide entry point (which takes halide_buffer_t*)
// in a static inline C function taking plain pointers, with shapes fixed at generation time.
//
// Several targets: Halide's compile_multitarget would build the dispatching wrapper, but it
// compiles each sub-module itself, so our LLVM IR pass (non-temporal stores) could not run on
// them. So every workload is compiled once per target here (names suffixed _t<i>), and the
// header's wrapper asks the runtime's halide_can_use_target_features, with the feature bits
// compile_multitarget would pass, which target to call. The runtime is compiled for the last
// (fallback) target, as compile_multitarget does.
#include "jit/emitter.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "dsl/input_error.h"
#include "jit/emit_targets.h"
#include "jit/halide_errors.h"
#include "jit/library_thread_pool.h"
#include "jit/nontemporal_stores.h"
#include "jit/op_dispatch.h"

namespace kf {

namespace fs = std::filesystem;

namespace {

std::string shape_text(const std::vector<int64_t>& shape) {
  std::string text;
  for (int64_t d : shape) text += "[" + std::to_string(d) + "]";
  return text;
}

// C type of a pointer to elements of `type`.
const char* c_element_type(ElementType type) {
  return type == ElementType::kU8 ? "uint8_t" : "float";
}

// C statements declaring a dense halide_buffer_t `var` over `pointer` with `shape`
// (outermost first) and elements of `type`.
std::string buffer_setup(const std::string& var, const std::string& pointer,
                         const std::vector<int64_t>& shape, ElementType type) {
  std::ostringstream out;
  const int dims = static_cast<int>(shape.size());
  out << "  halide_dimension_t " << var << "_dim[" << dims << "] = {";
  int64_t stride = 1;
  for (int d = 0; d < dims; ++d) {
    const int64_t extent = shape[dims - 1 - d];
    out << (d ? ", " : "") << "{0, " << extent << ", " << stride << ", 0}";
    stride *= extent;
  }
  out << "};\n";
  // Each field set: "= {0}" draws -Wmissing-field-initializers from a C++ compiler, and memset
  // -Wclass-memaccess.
  out << "  halide_buffer_t " << var << ";\n";
  out << "  " << var << ".device = 0;\n";
  out << "  " << var << ".device_interface = NULL;\n";
  out << "  " << var << ".flags = 0;\n";
  out << "  " << var << ".padding = NULL;\n";
  out << "  " << var << ".host = (uint8_t *)" << pointer << ";\n";
  const bool u8 = type == ElementType::kU8;
  out << "  " << var << ".type.code = " << (u8 ? "halide_type_uint" : "halide_type_float") << ";\n";
  out << "  " << var << ".type.bits = " << (u8 ? 8 : 32) << ";\n";
  out << "  " << var << ".type.lanes = 1;\n";
  out << "  " << var << ".dimensions = " << dims << ";\n";
  out << "  " << var << ".dim = " << var << "_dim;\n";
  return out.str();
}

// "resnet_layer1_pack_weights" -> "RESNET_LAYER1_PACK_WEIGHTS".
std::string upper_identifier(const std::string& identifier) {
  std::string upper = identifier;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper;
}

llvm::Error file_error(const std::string& what, const std::string& path) {
  return llvm::make_error<llvm::StringError>(what + ": " + path, llvm::inconvertibleErrorCode());
}

// Lowers `pipeline` as the function `function` for `target` and writes its object file to
// `object`, through the same LLVM IR passes as the JIT (non-temporal stores into
// `streaming_buffers`).
llvm::Error write_object(const Halide::Pipeline& pipeline,
                         const std::vector<Halide::Argument>& arguments,
                         const std::string& function, const Halide::Target& target,
                         const std::vector<std::string>& streaming_buffers,
                         const std::string& object) {
  llvm::LLVMContext context;
  auto module = lower_to_llvm(
      [&] { return Halide::Pipeline(pipeline).compile_to_module(arguments, function, target); },
      context);
  if (!module) return module.takeError();
  mark_nontemporal_stores(**module, streaming_buffers);
  return catch_halide_errors([&] {
    std::unique_ptr<llvm::raw_fd_ostream> out = Halide::make_raw_fd_ostream(object);
    Halide::compile_llvm_module_to_object(**module, *out);
  });
}

}  // namespace

std::string c_identifier(const std::string& text) {
  std::string id;
  for (char c : text) id += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (id.empty() || std::isdigit(static_cast<unsigned char>(id[0]))) id = "_" + id;
  return id;
}

namespace {

// Name suffix of target `index` of `count`: none for a single target.
std::string target_suffix(size_t index, size_t count) {
  return count > 1 ? "_t" + std::to_string(index) : "";
}

// The schedule of `item` for target `index` of the library.
EmitSchedule schedule_of(const EmitItem& item, size_t index) {
  if (item.per_target.empty()) return EmitSchedule{item.tmpl, item.config, item.note};
  return item.per_target.at(index);
}

// One workload scheduled for one target of the library.
struct Variant {
  EmitSchedule schedule;
  ScheduledPipeline scheduled;
  std::string suffix;  // of its symbols: "" or "_t<i>"
  std::string target;  // its target, for the header
};

std::vector<Variant> variants_of(const EmitItem& item, const std::vector<Halide::Target>& targets) {
  std::vector<Variant> variants;
  for (size_t i = 0; i < targets.size(); ++i) {
    Variant v;
    v.schedule = schedule_of(item, i);
    v.scheduled =
        schedule_op(*item.desc, *v.schedule.tmpl, v.schedule.config, emission_target(targets[i]));
    v.suffix = target_suffix(i, targets.size());
    v.target = targets[i].to_string();
    variants.push_back(std::move(v));
  }
  return variants;
}

const PackStage* pack_of(const Variant& variant, int input_index) {
  for (const PackStage& pack : variant.scheduled.packs) {
    if (pack.input_index == input_index) return &pack;
  }
  return nullptr;
}

// Indents every line of `block` by two spaces.
std::string indented(const std::string& block) {
  std::string out;
  size_t begin = 0;
  while (begin < block.size()) {
    const size_t end = block.find('\n', begin);
    const size_t stop = end == std::string::npos ? block.size() : end + 1;
    out += "  " + block.substr(begin, stop - begin);
    begin = stop;
  }
  return out;
}

// A function body that runs blocks[i] for target i: the block itself for one target, else a
// choice by <name>_select_target() (the last block is the fallback).
std::string dispatch_body(const std::vector<std::string>& blocks, const std::string& select) {
  if (blocks.size() == 1) return blocks[0];
  std::string out = "  const int target = " + select + "();\n";
  for (size_t i = 0; i + 1 < blocks.size(); ++i) {
    out += "  if (target == " + std::to_string(i) + ") {\n" + indented(blocks[i]) + "  }\n";
  }
  return out + blocks.back();
}

// The header's declarations and wrappers of one workload.
std::string item_text(const EmitItem& item, const std::vector<Variant>& variants,
                      const std::string& select) {
  std::ostringstream out;
  const OpDesc& d = *item.desc;
  const std::string fn = item.function_name;
  const bool multi = variants.size() > 1;
  const std::vector<TensorSpec> user_inputs = d.inputs();
  const TensorSpec output = d.output();

  // Inputs packed ahead of the calls (by any target's schedule): one function each, and the
  // kernel takes the packed tensor. A target whose schedule reads that input as given gets a
  // copy of it in the packed array.
  std::vector<TensorSpec> inputs = user_inputs;
  // Per variant, the tensors its kernel reads (packed shape or the copy's).
  std::vector<std::vector<TensorSpec>> variant_inputs(variants.size(), user_inputs);
  for (int p = 0; p < static_cast<int>(user_inputs.size()); ++p) {
    bool packed = false;
    for (const Variant& v : variants) packed = packed || pack_of(v, p);
    if (!packed) continue;
    const TensorSpec& user = user_inputs[p];
    const std::string packed_role = "packed_" + user.role;
    const std::string pack_fn = fn + "_pack_" + user.role;
    int64_t elements = 0;
    std::vector<std::string> blocks;
    for (size_t i = 0; i < variants.size(); ++i) {
      const Variant& v = variants[i];
      const PackStage* pack = pack_of(v, p);
      if (pack) {
        out << "int " << fn << v.suffix << "_pack_" << user.role
            << "_halide(struct halide_buffer_t *" << user.role << ", struct halide_buffer_t *"
            << packed_role << ");\n\n";
        elements = std::max(elements, element_count(pack->packed_shape));
        // The user's tensor as this variant's pipeline views it.
        const std::vector<std::vector<int64_t>>& views = v.scheduled.argument_views;
        const std::vector<int64_t>& user_shape =
            static_cast<size_t>(p) < views.size() && !views[p].empty() ? views[p] : user.shape;
        blocks.push_back(
            buffer_setup(user.role + "_buf", user.role, user_shape, user.type) +
            buffer_setup(packed_role + "_buf", packed_role, pack->packed_shape, ElementType::kF32) +
            "  return " + fn + v.suffix + "_pack_" + user.role + "_halide(&" + user.role +
            "_buf, &" + packed_role + "_buf);\n");
        variant_inputs[i][p] = TensorSpec{packed_role, pack->packed_shape, pack->packed_layout};
      } else {
        elements = std::max(elements, element_count(user.shape));
        blocks.push_back("  memcpy(" + packed_role + ", " + user.role + ", " +
                         std::to_string(element_count(user.shape)) + " * sizeof(*" + user.role +
                         "));\n  return 0;\n");
        variant_inputs[i][p] = user;
        variant_inputs[i][p].role = packed_role;
      }
    }
    const std::string macro = upper_identifier(pack_fn) + "_ELEMENTS";
    out << "/** Packs " << fn << "'s " << user.role << " " << user.layout << " "
        << element_type_name(user.type) << " " << shape_text(user.shape) << "\n";
    if (!multi) {
      const PackStage& pack = *pack_of(variants[0], p);
      out << " * into " << packed_role << " " << shape_text(pack.packed_shape) << " ("
          << pack.packed_layout << "),\n";
    } else {
      out << " * into " << packed_role << ", laid out for the target this CPU runs:\n";
      for (size_t i = 0; i < variants.size(); ++i) {
        const PackStage* pack = pack_of(variants[i], p);
        out << " *   " << variants[i].target << ": "
            << (pack ? shape_text(pack->packed_shape) + " (" + pack->packed_layout + ")"
                     : std::string("a copy"))
            << "\n";
      }
    }
    out << (multi ? " * It is an array of " : " * an array of ") << macro
        << " floats. Call it once\n"
        << " * when the weights are loaded; " << fn << " reads only the packed copy. */\n"
        << "#define " << macro << " " << elements << "\n"
        << "static inline int " << pack_fn << "(const " << c_element_type(user.type) << " *"
        << user.role << ", float *" << packed_role << ") {\n"
        << dispatch_body(blocks, select) << "}\n\n";
    // What the user passes: the one target's packed tensor, or an array of `elements` laid out
    // for whichever target runs.
    if (!multi) {
      const PackStage& pack = *pack_of(variants[0], p);
      inputs[p] = TensorSpec{packed_role, pack.packed_shape,
                             pack.packed_layout + ", from " + pack_fn + "()"};
    } else {
      inputs[p] = TensorSpec{packed_role, {elements}, "from " + pack_fn + "()"};
    }
  }

  // Streaming-store kernels need an aligned output: a cached-store twin serves the others.
  for (size_t i = 0; i < variants.size(); ++i) {
    const Variant& v = variants[i];
    for (const char* suffix : {"", "_unaligned"}) {
      if (*suffix && v.scheduled.output_alignment <= 1) break;
      out << "int " << fn << v.suffix << suffix << "_halide(";
      for (const TensorSpec& t : variant_inputs[i]) {
        out << "struct halide_buffer_t *" << t.role << ", ";
      }
      out << "struct halide_buffer_t *" << output.role << ");\n";
    }
  }
  out << "\n";

  out << "/** " << d.op() << " " << d.to_string() << "\n"
      << " * " << (d.layer_name().empty() ? "" : d.layer_name() + ": ") << d.flops() * 1e-9
      << " GFLOP;";
  if (!multi) {
    const EmitSchedule& s = variants[0].schedule;
    out << " " << s.tmpl->name() << " v" << s.tmpl->version() << " {" << s.note << "}\n";
  } else {
    out << " per target (the first this CPU runs is used):\n";
    for (const Variant& v : variants) {
      out << " *   " << v.target << ": " << v.schedule.tmpl->name() << " v"
          << v.schedule.tmpl->version() << " {" << v.schedule.note << "}\n";
    }
  }
  for (const TensorSpec& t : inputs) {
    out << " * " << t.role << " " << t.layout << " " << element_type_name(t.type) << " "
        << shape_text(t.shape) << "\n";
  }
  out << " * " << output.role << " " << output.layout << " " << element_type_name(output.type)
      << " " << shape_text(output.shape) << " (written)";
  for (const Variant& v : variants) {
    const int alignment = v.scheduled.output_alignment;
    if (alignment <= 1) continue;
    if (multi) out << "\n * On " << v.target << ":";
    out << "\n * The output is written with streaming (non-temporal) stores when its address is "
           "a\n"
        << " * multiple of " << alignment << " bytes, and through the caches otherwise.";
  }
  out << " */\n";
  out << "static inline int " << fn << "(";
  for (const TensorSpec& t : inputs) {
    out << "const " << c_element_type(t.type) << " *" << t.role << ", ";
  }
  out << c_element_type(output.type) << " *" << output.role << ") {\n";
  std::vector<std::string> blocks;
  for (size_t i = 0; i < variants.size(); ++i) {
    const Variant& v = variants[i];
    const int alignment = v.scheduled.output_alignment;
    // Each tensor under the shape the kernel takes it (a reshaped view, a packed tensor, or the
    // user's shape).
    const std::vector<std::vector<int64_t>>& views = v.scheduled.argument_views;
    auto kernel_shape = [&](size_t index, const TensorSpec& t) {
      const bool packed = index < user_inputs.size() && pack_of(v, static_cast<int>(index));
      return !packed && index < views.size() && !views[index].empty() ? views[index] : t.shape;
    };
    std::string block;
    for (size_t p = 0; p < variant_inputs[i].size(); ++p) {
      const TensorSpec& t = variant_inputs[i][p];
      block += buffer_setup(t.role + "_buf", t.role, kernel_shape(p, t), t.type);
    }
    block += buffer_setup(output.role + "_buf", output.role,
                          kernel_shape(variant_inputs[i].size(), output), output.type);
    std::string arguments;
    for (const TensorSpec& t : variant_inputs[i]) arguments += "&" + t.role + "_buf, ";
    arguments += "&" + output.role + "_buf";
    if (alignment > 1) {
      block += "  if ((uintptr_t)" + output.role + " % " + std::to_string(alignment) +
               " != 0) {\n    return " + fn + v.suffix + "_unaligned_halide(" + arguments +
               ");\n  }\n";
    }
    block += "  return " + fn + v.suffix + "_halide(" + arguments + ");\n";
    blocks.push_back(block);
  }
  out << dispatch_body(blocks, select) << "}\n\n";
  return out.str();
}

}  // namespace

std::string library_header(const std::vector<EmitItem>& items, const std::string& name,
                           const std::vector<Halide::Target>& targets) {
  const std::string guard = "KF_" + c_identifier(name) + "_H";
  const std::string select = name + "_select_target";
  const bool multi = targets.size() > 1;
  std::ostringstream out;
  out << "/* " << name << ".h: kernels generated by KernelForge.\n";
  if (!multi) {
    out << " * Target: " << targets.at(0).to_string() << "\n";
  } else {
    out << " * Targets, each function taking the first whose CPU features this CPU has:\n";
    for (const Halide::Target& target : targets) out << " *   " << target.to_string() << "\n";
    out << " * (the last is the fallback; the Halide runtime is compiled for it).\n";
  }
  out << " * Link lib" << name << ".a (it contains the Halide runtime) and -lpthread -ldl.\n"
      << " * Every function returns 0 on success or a negative Halide error code. Tensors are\n"
      << " * dense arrays of the element type listed with each (float32 or uint8); shapes are\n"
      << " * listed outermost dimension first. Tensors whose addresses are multiples of 64 bytes\n"
      << " * run fastest (a vector that straddles two cache lines costs two accesses). */\n"
      << "#ifndef " << guard << "\n#define " << guard << "\n\n"
      << "#include <stdint.h>\n#include <string.h>\n\n#include \"HalideRuntime.h\"\n\n"
      << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";
  out << library_thread_pool_header(name, library_gets_thread_pool(targets.back()));
  if (multi) out << select_function(targets, select);
  std::vector<bool> packs_weights;
  for (const EmitItem& item : items) {
    const std::vector<Variant> variants = variants_of(item, targets);
    out << item_text(item, variants, select);
    bool packs = false;
    for (const Variant& v : variants) packs = packs || !v.scheduled.packs.empty();
    packs_weights.push_back(packs);
  }
  // Each op family gets one function for any shape (tuned kernels where they fit).
  bool common_written = false;
  for (const OpDispatch* dispatch : op_dispatches()) {
    std::vector<DispatchItem> covered;
    for (size_t i = 0; i < items.size(); ++i) {
      if (dispatch->covers(*items[i].desc)) covered.push_back({&items[i], packs_weights[i]});
    }
    if (covered.empty()) continue;
    if (!common_written) out << dispatch_common_text();
    common_written = true;
    out << dispatch->header_text(covered, name);
  }
  out << "#ifdef __cplusplus\n}  /* extern \"C\" */\n#endif\n\n#endif /* " << guard << " */\n";
  return out.str();
}

std::string library_header(const std::vector<EmitItem>& items, const std::string& name,
                           const Halide::Target& target) {
  return library_header(items, name, std::vector<Halide::Target>{target});
}

llvm::Error emit_library(const std::vector<EmitItem>& items,
                         const std::vector<Halide::Target>& targets, const std::string& out_dir,
                         const std::string& name) {
  const std::string problem = targets_problem(targets);
  if (!problem.empty()) {
    return llvm::make_error<llvm::StringError>("targets: " + problem,
                                               llvm::inconvertibleErrorCode());
  }
  for (const EmitItem& item : items) {
    if (!item.per_target.empty() && item.per_target.size() != targets.size()) {
      return llvm::make_error<llvm::StringError>(
          item.function_name + ": per_target has " + std::to_string(item.per_target.size()) +
              " schedules for " + std::to_string(targets.size()) + " targets",
          llvm::inconvertibleErrorCode());
    }
  }
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) return file_error("cannot create output directory (" + ec.message() + ")", out_dir);
  const fs::path objects_dir = fs::path(out_dir) / (name + "_objects");
  fs::create_directories(objects_dir, ec);
  if (ec) return file_error("cannot create directory (" + ec.message() + ")", objects_dir);

  std::vector<std::string> objects;
  for (size_t t = 0; t < targets.size(); ++t) {
    const Halide::Target kernel_target = emission_target(targets[t]);
    const std::string target_name = target_suffix(t, targets.size());
    for (const EmitItem& item : items) {
      const EmitSchedule schedule = schedule_of(item, t);
      const std::string fn = item.function_name + target_name;
      const std::string object = (objects_dir / (fn + ".o")).string();
      ScheduledPipeline scheduled;
      if (llvm::Error error = catch_halide_errors([&] {
            scheduled = schedule_op(*item.desc, *schedule.tmpl, schedule.config, kernel_target);
          })) {
        return error;
      }
      if (llvm::Error error = write_object(scheduled.pipeline, scheduled.arguments, fn + "_halide",
                                           kernel_target, scheduled.streaming_stores, object)) {
        return error;
      }
      objects.push_back(object);
      if (scheduled.output_alignment > 1) {
        const std::string twin_object = (objects_dir / (fn + "_unaligned.o")).string();
        ScheduledPipeline cached;
        if (llvm::Error error = catch_halide_errors([&] {
              cached = schedule_op(*item.desc, *schedule.tmpl, schedule.config, kernel_target,
                                   OutputStores::kCached);
            })) {
          return error;
        }
        if (llvm::Error error =
                write_object(cached.pipeline, cached.arguments, fn + "_unaligned_halide",
                             kernel_target, {}, twin_object)) {
          return error;
        }
        objects.push_back(twin_object);
      }
      const std::vector<TensorSpec> inputs = item.desc->inputs();
      for (const PackStage& pack : scheduled.packs) {
        const std::string pack_fn = fn + "_pack_" + inputs.at(pack.input_index).role;
        const std::string pack_object = (objects_dir / (pack_fn + ".o")).string();
        if (llvm::Error error = write_object(pack.pipeline, pack.arguments, pack_fn + "_halide",
                                             kernel_target, {}, pack_object)) {
          return error;
        }
        objects.push_back(pack_object);
      }
    }
  }
  // The shape-agnostic kernels behind each family's dispatch, for the fallback target.
  for (const OpDispatch* dispatch : op_dispatches()) {
    const bool used = std::any_of(items.begin(), items.end(), [&](const EmitItem& item) {
      return dispatch->covers(*item.desc);
    });
    if (!used) continue;
    if (llvm::Error error = dispatch->write_generic_objects(emission_target(targets.back()), name,
                                                            objects_dir.string(), objects)) {
      return error;
    }
  }
  // One runtime, for the fallback target: every CPU that runs the library can run it.
  const std::string runtime = (objects_dir / "halide_runtime.o").string();
  const Halide::Target runtime_target = targets.back()
                                            .without_feature(Halide::Target::NoRuntime)
                                            .without_feature(Halide::Target::JIT);
  // The thread pool the tuner timed the kernels on (jit/library_thread_pool.h).
  if (library_gets_thread_pool(runtime_target)) {
    const std::string pool = (objects_dir / "kf_thread_pool.o").string();
    if (llvm::Error error = write_library_thread_pool(pool)) return error;
    objects.push_back(pool);
  }
  const std::string library = (fs::path(out_dir) / ("lib" + name + ".a")).string();
  std::string header_text;
  if (llvm::Error error = catch_halide_errors([&] {
        Halide::compile_standalone_runtime(runtime, runtime_target);
        objects.push_back(runtime);
        fs::remove(library);
        Halide::create_static_library(objects, runtime_target, library);
        header_text = library_header(items, name, targets);
      })) {
    return error;
  }

  const fs::path header = fs::path(out_dir) / (name + ".h");
  std::ofstream(header) << header_text;
  if (!fs::exists(header)) return file_error("cannot write header", header.string());
  fs::copy_file(KF_HALIDE_RUNTIME_HEADER, fs::path(out_dir) / "HalideRuntime.h",
                fs::copy_options::overwrite_existing, ec);
  if (ec) return file_error("cannot copy HalideRuntime.h (" + ec.message() + ")", out_dir);
  fs::remove_all(objects_dir, ec);
  return llvm::Error::success();
}

llvm::Error emit_library(const std::vector<EmitItem>& items, const Halide::Target& target,
                         const std::string& out_dir, const std::string& name) {
  return emit_library(items, std::vector<Halide::Target>{target}, out_dir, name);
}

}  // namespace kf
