// OpKernel: a compiled op as callers use it — the compute kernel, plus the kernels of its
// weight-packing stages and the packed tensors they produced. Ops without packing stages are a
// compute kernel alone; ops with them are prepared once (weights packed) and then run any number
// of times, the packed tensors standing in for the user's weights. A kernel with streaming stores
// needs an aligned output; it may carry a second, cached-store kernel for outputs that are not.
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
  /// What run() returns when the compute kernel requires an aligned output (streaming stores),
  /// the output is not aligned, and there is no fallback kernel.
  static constexpr int kUnalignedOutput = -1001;
  /// What run() returns when the kernel takes a reshaped view of a tensor
  /// (ScheduledPipeline::argument_views) and the buffer given is not dense or does not hold the
  /// view's number of elements.
  static constexpr int kViewMismatch = -1002;

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

  /// Declares that the compute kernel requires an output aligned to `alignment` bytes, and
  /// gives the kernel (same op, same packed inputs, cached stores) that run() calls for
  /// outputs that are not; `fallback` may be invalid (run() then returns kUnalignedOutput).
  void set_output_alignment(int alignment, Kernel fallback) {
    output_alignment_ = alignment;
    unaligned_fallback_ = std::move(fallback);
  }
  /// Declares that the kernels take each tensor (inputs, then the output) reshaped to `views`
  /// (ScheduledPipeline::argument_views; an empty entry or list: as given). run() describes the
  /// caller's dense buffers with these shapes, which moves no data.
  void set_argument_views(std::vector<std::vector<int64_t>> views) { views_ = std::move(views); }

  /// Bytes the output address must be a multiple of for the compute kernel (1: any).
  int output_alignment() const { return output_alignment_; }

  /// True when the op has packing stages (prepare() must run before run()).
  bool needs_prepare() const { return !packs_.empty(); }
  /// True when run() may be called: no packing stage, or prepare() succeeded.
  bool prepared() const { return packs_.empty() || prepared_; }

  /// Runs every packing stage on its input in `buffers` (the array run() takes: inputs in
  /// OpDesc::inputs() order, then the output) and keeps the packed tensors. Call it again when
  /// the weights change: run() reads only the packed copy. An input with an argument view is
  /// read through it. Returns 0, a Halide error code or kViewMismatch.
  int prepare(halide_buffer_t* const* buffers, int count);

  /// Gives every packed tensor fresh memory of the same shape (the old memory is freed) and
  /// marks the kernel unprepared: prepare() must run again. The tuner uses it to time a kernel
  /// with its packed weights at another place in memory (autotune/trial_measurement.h).
  void move_packed_tensors();

  /// Runs the compute kernel on `buffers` (inputs in OpDesc::inputs() order, then the output),
  /// with each packed input replaced by its packed tensor; through the fallback kernel when the
  /// output is not aligned as the compute kernel requires, and with each tensor reshaped to its
  /// argument view. Returns 0, a Halide error code, kNotPrepared, kUnalignedOutput or
  /// kViewMismatch.
  int run(halide_buffer_t* const* buffers, int count) const;

  /// The compute kernel (for its name) and the packing stages.
  const Kernel& compute() const { return compute_; }
  const std::vector<PackedInput>& packs() const { return packs_; }
  bool valid() const { return compute_.valid(); }

 private:
  Kernel compute_;
  std::vector<PackedInput> packs_;
  bool prepared_ = false;
  int output_alignment_ = 1;
  Kernel unaligned_fallback_;
  std::vector<std::vector<int64_t>> views_;
};

/// Compiles `scheduled` — its compute pipeline and each packing stage — in `session`. When the
/// pipeline requires an aligned output, `unaligned_fallback` (the same op scheduled with
/// OutputStores::kCached) is compiled too and serves unaligned outputs; without it they are
/// refused with kUnalignedOutput (enough where the caller allocates the output, as the tuner).
/// With a `cache_key` (autotune/kernel_key.h), each pipeline is compiled under that key plus its
/// role, so the session shares and the object cache keeps them (JitSession::compile).
llvm::Expected<OpKernel> compile_op(JitSession& session, const ScheduledPipeline& scheduled,
                                    const ScheduledPipeline* unaligned_fallback = nullptr,
                                    const std::string& cache_key = "");

}  // namespace kf
