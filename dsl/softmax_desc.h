// SoftmaxDesc: softmax over one axis of a dense 1D..5D tensor, as a user states it.
//
// Descriptor grammar (benchdnn's softmax problem plus KernelForge tags, '_' separated):
//   DIMS[_axisK][_nchw|_nhwc][_n"NAME"]      e.g. "2x19x128x256_axis1_nhwc"
// DIMS are the logical sizes N x C [x D] [x H] x W (1 to 5 of them, benchdnn's "NxCxDxHxW" with
// trailing dims removed). The axis refers to the logical dims (benchdnn's --axis, default 1 = C).
// The layout says where C lives in memory: nchw (benchdnn's abx, the default) keeps the logical
// order; nhwc moves C innermost (N, spatial..., C). For 1- and 2-dim tensors both layouts are the
// same memory and print as nchw. benchdnn option lines ("--axis=3") are rejected with a message
// that names the tag to use instead, since each line of a shape file is parsed on its own.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dsl/conv_desc.h"
#include "dsl/op_desc.h"

namespace kf {

constexpr int kMaxSoftmaxRank = 5;

struct SoftmaxDesc final : public OpDesc {
  std::vector<int64_t> dims;  ///< logical sizes N, C, spatial... (outermost first)
  int axis = 1;               ///< logical dim the softmax runs over (benchdnn's --axis)
  Layout layout = Layout::kNCHW;
  std::string name;  ///< benchdnn's n"..." without quotes; may be empty

  int rank() const { return static_cast<int>(dims.size()); }
  /// Dense shape in memory, outermost first: dims, with C moved innermost for nhwc (rank >= 3).
  std::vector<int64_t> physical_shape() const;
  /// Position of logical dim `logical` in physical_shape().
  int physical_dim(int logical) const;
  /// Number of elements the softmax normalises together (dims[axis]).
  int64_t axis_size() const { return dims[axis]; }

  /// Five operations per element: max, subtract, exp, add, scale.
  double flops() const override;

  // OpDesc: op "softmax"; one input, output of the same shape and layout.
  std::string op() const override { return "softmax"; }
  std::string to_string() const override;
  std::string key() const override;
  std::string layer_name() const override { return name; }
  void set_batch(int64_t batch) override;
  void set_layout(const std::string& layout) override;
  std::vector<TensorSpec> inputs() const override;
  TensorSpec output() const override;
  void reference(const std::vector<const float*>& inputs, float* output) const override;
  double tolerance() const override;
  std::unique_ptr<OpDesc> clone() const override { return std::make_unique<SoftmaxDesc>(*this); }

  bool operator==(const SoftmaxDesc& other) const;
  bool operator!=(const SoftmaxDesc& other) const { return !(*this == other); }
};

/// Checks every rule; throws InputError naming the field ("dims", "axis", "mb", "n") and the
/// rule. Rules: 1 to 5 dims, each positive and at most 2^31 - 1; at most 2^31 - 1 elements
/// (Halide's 32-bit indexing); 0 <= axis < number of dims; a name without quotes, whitespace,
/// control characters or a "*N" suffix.
void validate(const SoftmaxDesc& desc);

/// Parses one descriptor (grammar above); also returns the "*N" multiplicity of the name.
/// Throws InputError for malformed text (field "descriptor") or invalid problems.
SoftmaxDesc parse_softmax(const std::string& text, int* multiplicity = nullptr);

/// Canonical text "DIMS_axisK_LAYOUT[_n"NAME"]" that parses back to an equal descriptor.
std::string to_string(const SoftmaxDesc& desc);

/// The same softmax over the same memory as the smallest tensor that keeps it: the physical
/// dims outside the axis fused into one outer dim and those inside it into one inner dim:
/// dims {outer, axis, inner} (axis 1, NCHW) or {outer, axis} when nothing lies inside the axis
/// (a 1x1 inner dim is dropped; so are outer ones). Kernels declared over this view vectorise
/// along all the contiguous elements inside the axis (1024 floats for 2x16x128x2x4 on axis 1,
/// not the 4 of its innermost dim), and the caller's dense buffer is passed reshaped, which moves
/// no data. The name is kept.
SoftmaxDesc canonical_view(const SoftmaxDesc& desc);

/// Naive softmax in double on a dense tensor in desc's physical layout.
void softmax_reference(const SoftmaxDesc& desc, const float* input, float* output);

}  // namespace kf
