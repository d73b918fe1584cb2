// Per-op dispatch in emitted libraries. Every op family (conv, deconv, norm, softmax, ...) whose
// workloads a library holds gets, in the library's header:
//   - a shape struct `kf_<family>_shape` (guarded, so headers of several libraries combine),
//   - `<lib>_<family>_generic(shape, tensors...)`: a shape-agnostic kernel, compiled once into
//     the library, correct for every valid shape and slower than a tuned one,
//   - `<lib>_<family>(shape, tensors...)`: the tuned kernel when the library has one for exactly
//     that shape, the generic kernel otherwise,
//   - `<lib>_<family>_kernel_name(shape)`: which of them a shape goes to.
// An OpDispatch describes one family; the emitter asks every registered one (op_dispatches())
// which workloads it covers, writes its header text and compiles its generic objects.
// dispatch_function_text() writes the exact-match dispatch every family shares.
#pragma once

#include <Halide.h>
#include <llvm/Support/Error.h>

#include <functional>
#include <string>
#include <vector>

#include "dsl/conv_desc.h"
#include "jit/emitter.h"

namespace kf {

/// What `<lib>_<family>()` and `<lib>_<family>_generic()` return for a shape they cannot
/// compute (a size below 1, an unknown layout or kind, a missing tensor).
constexpr int kDispatchBadShape = -2001;
/// What `<lib>_<family>()` returns when packing a tuned kernel's weights ran out of memory.
constexpr int kDispatchOutOfMemory = -2002;

/// One covered workload as a family's header text sees it.
struct DispatchItem {
  const EmitItem* item = nullptr;
  /// Whether the workload's function takes packed weights (the dispatch then packs into a
  /// temporary buffer on each call; the function `<fn>_pack_<role>` exists).
  bool packs_weights = false;
};

class OpDispatch {
 public:
  virtual ~OpDispatch() = default;

  /// The family's name in C identifiers: "conv" gives kf_conv_shape and `<lib>_conv()`.
  virtual std::string family() const = 0;

  /// True when `desc` belongs to this family (its workloads are dispatched here).
  virtual bool covers(const OpDesc& desc) const = 0;

  /// The C text for library `name`: shape struct (guarded), generic wrapper, dispatch and
  /// kernel-name functions. Placed inside the header's extern "C" block after the per-workload
  /// functions, which it may call. `items` are the covered workloads, in library order.
  virtual std::string header_text(const std::vector<DispatchItem>& items,
                                  const std::string& name) const = 0;

  /// Compiles the generic kernel(s) for `target` (lowered without the runtime) into `dir`,
  /// named `<name>_<family>_generic*`, and appends the object paths to `objects`.
  virtual llvm::Error write_generic_objects(const Halide::Target& target, const std::string& name,
                                            const std::string& dir,
                                            std::vector<std::string>& objects) const = 0;
};

/// The C definitions of kf_conv_shape and its functions (guarded, so they may appear in a
/// header more than once): families whose shape embeds a convolution (resize_conv) emit them.
std::string conv_shape_definitions();

/// The kf_conv_shape initialiser of `desc`.
std::string conv_shape_literal(const ConvDesc& desc);

/// Every registered family, in the order the header lists them.
const std::vector<const OpDispatch*>& op_dispatches();

/// The C definitions every family's text uses, guarded to appear once per translation unit:
/// KF_DISPATCH_BAD_SHAPE, KF_DISPATCH_OUT_OF_MEMORY and
/// `kf_dense_buffer(buffer, dim, data, type_code, bits, shape, dims)`, which describes a dense
/// array (shape outermost first) as a halide_buffer_t.
std::string dispatch_common_text();

/// One tuned workload of an exact-match dispatch.
struct DispatchCase {
  std::string shape_literal;  ///< C initialiser of the family's shape struct
  std::string function_name;  ///< the workload's function
  /// C statements (indented 6) run on a match, ending in a return: the call of the tuned
  /// function; tuned_call_text() writes them.
  std::string call;
};

/// The statements that call tuned function `fn` with `arguments` (a C argument list); when
/// `packs_role` is not empty, the tensor of that role (the C variable of the same name) is
/// packed into a temporary first by `<fn>_pack_<role>` and the packed copy passed instead.
std::string tuned_call_text(const std::string& fn, const std::vector<std::string>& arguments,
                            const std::string& packs_role = "");

/// `<name>_<family>()` and `<name>_<family>_kernel_name()`: on a shape equal
/// (kf_<family>_shape_equal) to a case's, its call; otherwise `<name>_<family>_generic()`.
/// `parameters` is the C parameter list after the shape pointer, `arguments` the names it
/// passes on, and `valid` a C condition on `s` (and the parameters) under which a call may
/// proceed (else KF_DISPATCH_BAD_SHAPE).
std::string dispatch_function_text(const std::string& name, const std::string& family,
                                   const std::string& parameters, const std::string& arguments,
                                   const std::string& valid,
                                   const std::vector<DispatchCase>& cases);

/// A C float literal that reads back as exactly `value` ("6.000000000e+00f").
std::string c_float_literal(float value);

/// A generic kernel ready to compile: its pipeline and its arguments (the output comes last in
/// the generated function).
struct GenericKernel {
  Halide::Pipeline pipeline;
  std::vector<Halide::Argument> arguments;
};

/// Declares and schedules a generic kernel with `build`, compiles it to `<dir>/<function>.o`
/// as C function `function` for `target` and appends the path to `objects`. Halide errors
/// (from `build` or the compile) come back as the llvm::Error.
llvm::Error write_generic_object(const std::function<GenericKernel()>& build,
                                 const std::string& function, const Halide::Target& target,
                                 const std::string& dir, std::vector<std::string>& objects);

}  // namespace kf
