// Ahead-of-time emission: scheduled workloads of any op become one static library (the Halide
// runtime included once) and a C header with a plain-pointer function per workload, for one
// target or for several of one architecture with a run-time choice by CPU features.
#pragma once

#include <Halide.h>
#include <llvm/Support/Error.h>

#include <memory>
#include <string>
#include <vector>

#include "jit/emit_targets.h"
#include "schedules/op_template.h"

namespace kf {

/// A workload's schedule for one target of a library.
struct EmitSchedule {
  const Template* tmpl = nullptr;
  Config config;
  std::string note;  ///< provenance shown in the header (e.g. "tuned: 0.81 ms")
};

/// One workload to emit: what it computes, how it is scheduled, and what it is called.
struct EmitItem {
  std::shared_ptr<const OpDesc> desc;
  const Template* tmpl = nullptr;
  Config config;
  std::string function_name;  ///< C identifier of the user-facing function
  std::string note;           ///< provenance shown in the header (e.g. "tuned: 0.81 ms")
  /// For a library of several targets: the schedule for each target, in the order of
  /// emit_library's target list. Empty when tmpl, config and note serve every target.
  std::vector<EmitSchedule> per_target;
};

/// Writes `out_dir`/lib`name`.a, `out_dir`/`name`.h and a copy of HalideRuntime.h (the header
/// needs its halide_buffer_t). Objects are compiled for `targets` (Halide CPU targets that need
/// not include the host), each kernel through the same LLVM IR passes as the JIT. With one
/// target each function's kernel is `<fn>_halide`; with several, every workload is compiled
/// once per target (`<fn>_t<i>_halide` for targets[i]) and the header's function calls the
/// first target whose features this CPU has (halide_can_use_target_features), the last one
/// without a check: pass the targets in dispatch_order(). The Halide runtime is compiled once,
/// for the last target. Each function takes the op's tensors (OpDesc::inputs(), then the
/// output) as plain pointers in the user's layout, `const float *` or `const uint8_t *` per
/// TensorSpec::type. Returns an llvm::Error for Halide failures, targets that break
/// dispatch_order's rules, or file-system errors.
llvm::Error emit_library(const std::vector<EmitItem>& items,
                         const std::vector<Halide::Target>& targets, const std::string& out_dir,
                         const std::string& name);

/// emit_library for a single target.
llvm::Error emit_library(const std::vector<EmitItem>& items, const Halide::Target& target,
                         const std::string& out_dir, const std::string& name);

/// Makes `text` a valid C identifier fragment (letters, digits, '_').
std::string c_identifier(const std::string& text);

/// The C header text for `items` compiled for `targets` (exposed for tests).
std::string library_header(const std::vector<EmitItem>& items, const std::string& name,
                           const std::vector<Halide::Target>& targets);

/// library_header for a single target.
std::string library_header(const std::vector<EmitItem>& items, const std::string& name,
                           const Halide::Target& target);

}  // namespace kf
