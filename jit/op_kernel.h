// OpKernel: a compiled op as callers use it — the compute kernel, plus the kernels of its
// weight-packing stages and the packed tensors they produced. Ops without packing stages are a
// compute kernel alone; ops with them are prepared once (weights packed) and then run any number
// of times, the packed tensors standing in for the user's weights.
#pragma once

#include <HalideBuffer.h>
#include <llvm/Support/Error.h>

#include <cstdint>
#include <string>
#include <vector>

#include "jit/kernel.h"
#include "schedules/op_template.h"

namespace kf {

class JitSession;

class OpKernel {
 public:
  /// What run() returns when the op packs weights and prepare() has not succeeded (Halide's own
  /// error codes are small negative numbers; this one is outside their range).
  static constexpr int kNotPrepared = -1000;

  /// One packing stage: its compiled kernel and the tensor it fills.
  struct PackedInput {
    int input_index = 0;
    Kernel kernel;
    Halide::Runtime::Buffer<void> packed;
    std::vector<int64_t> shape;  ///< outermost first
    std::string layout;
  };

  OpKernel() = default;
  OpKernel(Kernel compute, std::vector<PackedInput> packs)
      : compute_(std::move(compute)), packs_(std::move(packs)) {}

  /// True when the op has packing stages (prepare() must run before run()).
  bool needs_prepare() const { return !packs_.empty(); }
  /// True when run() may be called: no packing stage, or prepare() succeeded.
  bool prepared() const { return packs_.empty() || prepared_; }

  /// Runs every packing stage on its input in `buffers` (the array run() takes: inputs in
  /// OpDesc::inputs() order, then the output) and keeps the packed tensors. Call it again when
  /// the weights change: run() reads only the packed copy. Returns 0 or a Halide error code.
  int prepare(halide_buffer_t* const* buffers, int count);

  /// Runs the compute kernel on `buffers` (inputs in OpDesc::inputs() order, then the output),
  /// with each packed input replaced by its packed tensor. Returns 0, a Halide error code, or
  /// kNotPrepared.
  int run(halide_buffer_t* const* buffers, int count) const;

  /// The compute kernel (for its name) and the packing stages.
  const Kernel& compute() const { return compute_; }
  const std::vector<PackedInput>& packs() const { return packs_; }
  bool valid() const { return compute_.valid(); }

 private:
  Kernel compute_;
  std::vector<PackedInput> packs_;
  bool prepared_ = false;
};

/// Compiles `scheduled` — its compute pipeline and each packing stage — in `session`.
llvm::Expected<OpKernel> compile_op(JitSession& session, const ScheduledPipeline& scheduled);

}  // namespace kf
