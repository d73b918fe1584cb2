// Problem: the tensors of one workload for tuning and testing: deterministic random inputs, the
// naive reference output (computed once), an output buffer, and the correctness check every
// candidate must pass before it is timed. Works for any OpDesc: inputs have the element type of
// their TensorSpec (f32 or u8); the output is f32.
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
  /// Fills every input from `seed`, uniformly in its TensorSpec's test range (u8: integers in
  /// [test_min, test_max]), and computes the reference. An f32 input draws exactly the values it
  /// drew before u8 existed, so recorded results of f32 ops do not change. Throws
  /// std::logic_error when the output is not f32 or a u8 range is not inside [0, 255].
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
  /// Element type of input `i` (OpDesc::inputs()[i].type).
  ElementType input_type(size_t i) const { return types_.at(i); }
  /// Data of f32 input `i`; std::logic_error when input `i` is not f32.
  const float* input(size_t i) const;
  /// Data of u8 input `i`; std::logic_error when input `i` is not u8.
  const uint8_t* input_u8(size_t i) const;
  const std::vector<float>& reference() const { return reference_; }

 private:
  friend class ProblemPlacement;
  std::unique_ptr<OpDesc> desc_;
  std::vector<Halide::Runtime::Buffer<>> inputs_;  ///< typed per OpDesc::inputs()
  std::vector<ElementType> types_;
  Halide::Runtime::Buffer<float> output_;
  std::vector<float> reference_;
};

/// A Problem's inputs copied into fresh memory, with an output of its own: the same values at
/// other addresses, hence on other pages. A kernel's speed can depend on where its tensors lie
/// (cache sets, page placement), so the tuner times candidates over several placements
/// (autotune/trial_measurement.h). The Problem must outlive its placements.
class ProblemPlacement {
 public:
  explicit ProblemPlacement(const Problem& problem);

  /// Buffers in the order of Problem::buffers(): the copied inputs, then this placement's output.
  std::vector<halide_buffer_t*> buffers();
  /// Problem::max_error() for this placement's output (against the Problem's reference).
  double max_error() const;
  /// Sets every element of this placement's output to NaN.
  void poison_output();

 private:
  const Problem* problem_;
  std::vector<Halide::Runtime::Buffer<>> inputs_;
  Halide::Runtime::Buffer<float> output_;
};

/// Largest |out - ref| / (1 + |ref|) over `reference.size()` elements of `output` (infinity if
/// any output is NaN).
double max_normalized_error(const float* output, const std::vector<float>& reference);

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

/// The same with elements of `type`.
Halide::Runtime::Buffer<> make_dense_buffer(const std::vector<int64_t>& shape_outermost_first,
                                            ElementType type);

}  // namespace kf
