// Ahead-of-time emission: scheduled workloads of any op become one static library (the Halide
// runtime included once) and a C header with a plain-pointer function per workload.
#pragma once

#include <Halide.h>
#include <llvm/Support/Error.h>

#include <memory>
#include <string>
#include <vector>

#include "schedules/op_template.h"

namespace kf {

/// One workload to emit: what it computes, how it is scheduled, and what it is called.
struct EmitItem {
  std::shared_ptr<const OpDesc> desc;
  const Template* tmpl = nullptr;
  Config config;
  std::string function_name;  ///< C identifier of the user-facing function
  std::string note;           ///< provenance shown in the header (e.g. "tuned: 0.81 ms")
};

/// Writes `out_dir`/lib`name`.a, `out_dir`/`name`.h and a copy of HalideRuntime.h (the header
/// needs its halide_buffer_t). Objects are compiled for `target` (any Halide CPU target; it need
/// not be the host). Each function takes the op's tensors (OpDesc::inputs(), then the output) as
/// plain pointers in the user's layout, `const float *` or `const uint8_t *` per TensorSpec::type.
/// Returns an llvm::Error for Halide failures or file-system errors.
llvm::Error emit_library(const std::vector<EmitItem>& items, const Halide::Target& target,
                         const std::string& out_dir, const std::string& name);

/// Makes `text` a valid C identifier fragment (letters, digits, '_').
std::string c_identifier(const std::string& text);

/// The C header text for `items` (exposed for tests).
std::string library_header(const std::vector<EmitItem>& items, const std::string& name,
                           const Halide::Target& target);

}  // namespace kf
