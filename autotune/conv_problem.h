// ConvProblem: the tensors of one convolution workload for tuning and testing: deterministic
// random input, weights and bias, the naive reference output (computed once), an output buffer,
// and the correctness check every candidate must pass before it is timed.
#pragma once

#include <HalideBuffer.h>

#include <cstdint>
#include <vector>

#include "dsl/conv_desc.h"

namespace kf {

class ConvProblem {
 public:
  /// Fills input, weights and bias from `seed` (uniform in [-1, 1]) and computes the reference.
  ConvProblem(const ConvDesc& desc, uint64_t seed = 1);

  const ConvDesc& desc() const { return desc_; }

  /// Buffers in the order of ScheduledConv::arguments followed by the output.
  std::vector<halide_buffer_t*> buffers();

  /// Largest |out - ref| / (1 + |ref|) over the output buffer.
  double max_error() const;

  /// Error bound for this workload: grows with the reduction length (ic/g x kernel taps).
  double tolerance() const;

  /// Sets every output element to NaN, so a kernel that skips an element cannot pass.
  void poison_output();

  const float* output() const { return output_.data(); }
  const std::vector<float>& reference() const { return reference_; }

 private:
  ConvDesc desc_;
  Halide::Runtime::Buffer<float> input_, weights_, bias_, output_;
  std::vector<float> reference_;
};

/// A Halide::Runtime::Buffer with the dense shape `shape_outermost_first` (reversed into
/// Halide's innermost-first order).
Halide::Runtime::Buffer<float> make_dense_buffer(const std::vector<int64_t>& shape_outermost_first);

}  // namespace kf
