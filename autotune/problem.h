// Problem: the tensors of one workload for tuning and testing: deterministic random inputs, the
// naive reference output (computed once), an output buffer, and the correctness check every
// candidate must pass before it is timed. Works for any OpDesc.
#pragma once

#include <HalideBuffer.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "dsl/conv_desc.h"
#include "dsl/op_desc.h"

namespace kf {

class Problem {
 public:
  /// Fills every input from `seed`, uniformly in its TensorSpec's test range, and computes the
  /// reference.
  explicit Problem(const OpDesc& desc, uint64_t seed = 1);
  virtual ~Problem() = default;

  const OpDesc& op() const { return *desc_; }

  /// Buffers in the order of the pipeline's arguments (OpDesc::inputs()) followed by the output.
  std::vector<halide_buffer_t*> buffers();

  /// Largest |out - ref| / (1 + |ref|) over the output (infinity if any output is NaN).
  double max_error() const;

  /// Error bound for this workload (OpDesc::tolerance()).
  double tolerance() const { return desc_->tolerance(); }

  /// Sets every output element to NaN, so a kernel that skips an element cannot pass.
  void poison_output();

  const float* output() const { return output_.data(); }
  const float* input(size_t i) const { return inputs_.at(i).data(); }
  const std::vector<float>& reference() const { return reference_; }

 private:
  std::unique_ptr<OpDesc> desc_;
  std::vector<Halide::Runtime::Buffer<float>> inputs_;
  Halide::Runtime::Buffer<float> output_;
  std::vector<float> reference_;
};

/// A Problem of a convolution, with its descriptor at hand.
class ConvProblem : public Problem {
 public:
  explicit ConvProblem(const ConvDesc& desc, uint64_t seed = 1)
      : Problem(desc, seed), conv_(desc) {}
  const ConvDesc& desc() const { return conv_; }

 private:
  ConvDesc conv_;
};

/// A Halide::Runtime::Buffer with the dense shape `shape_outermost_first` (reversed into
/// Halide's innermost-first order).
Halide::Runtime::Buffer<float> make_dense_buffer(const std::vector<int64_t>& shape_outermost_first);

}  // namespace kf
