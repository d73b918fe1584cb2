// ReorderDesc: conversion of one activation tensor between memory layouts (op "reorder").
//
// Descriptor grammar (benchdnn-style entries, then the conversion, '_' separators optional
// between entries):
//   [mbN]icN[idN][ihN]iwN_SRC_to_DST[_n"NAME"]     e.g. "mb2ic17ih5iw7_nchw_to_nchw16c"
// mb defaults to 2 (benchdnn); as in benchdnn a missing iw is copied from ih and ih from id, and
// the spatial rank is that of the outermost size given (iw: 1D, ih: 2D, id: 3D).
// SRC and DST are one of three layouts, spelled for any rank by their 2D names or by the
// rank's own names (case-insensitive):
//   channels first  nchw     (1D ncw,    3D ncdhw)     shape {N, C, spatial...}
//   channels last   nhwc     (1D nwc,    3D ndhwc)     shape {N, spatial..., C}
//   blocked         nchw16c  (1D ncw16c, 3D ncdhw16c)  shape {N, ceil(C/16), spatial..., 16}
// oneDNN's nChw16c: blocks of 16 channels innermost; the channels past C in the last block are
// zero in a converted output (part of the semantics) and ignored when converting back.
// The canonical text uses the rank's own names: "mb2ic17ih5iw7_nchw_to_nchw16c",
// "mb1ic3iw9_nwc_to_ncw16c".
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dsl/conv_desc.h"
#include "dsl/op_desc.h"

namespace kf {

/// The layouts a reorder converts between.
enum class ReorderLayout { kChannelsFirst, kChannelsLast, kBlocked16 };

struct ReorderDesc final : public OpDesc {
  int spatial_rank = 2;  ///< 1, 2 or 3
  int64_t mb = 2;
  int64_t ic = 0;
  std::array<int64_t, kMaxSpatialRank> in{};  ///< spatial sizes, outermost first
  ReorderLayout src = ReorderLayout::kChannelsFirst;
  ReorderLayout dst = ReorderLayout::kBlocked16;
  std::string name;

  /// Channel blocks of the blocked layout: ceil(ic / 16).
  int64_t channel_blocks() const { return (ic + kChannelBlock - 1) / kChannelBlock; }
  /// Dense shape of a tensor in `layout`, outermost first.
  std::vector<int64_t> shape(ReorderLayout layout) const;
  /// Name of `layout` for this rank, e.g. "nchw16c", "nwc".
  std::string layout_name(ReorderLayout layout) const;

  /// A reorder computes nothing: 0.
  double flops() const override { return 0.0; }

  // OpDesc: op "reorder"; input in src, output in dst.
  std::string op() const override { return "reorder"; }
  std::string to_string() const override;
  std::string key() const override;
  std::string layer_name() const override { return name; }
  void set_batch(int64_t batch) override;
  /// Always InputError: a reorder states both of its layouts in the descriptor.
  void set_layout(const std::string& layout) override;
  std::vector<TensorSpec> inputs() const override;
  TensorSpec output() const override;
  void reference(const std::vector<const float*>& inputs, float* output) const override;
  /// 0: a layout conversion copies values exactly.
  double tolerance() const override { return 0.0; }
  std::unique_ptr<OpDesc> clone() const override { return std::make_unique<ReorderDesc>(*this); }

  bool operator==(const ReorderDesc& other) const;
  bool operator!=(const ReorderDesc& other) const { return !(*this == other); }
};

/// Checks every rule; throws InputError naming the field ("mb", "ic", "iw", "layout", "n") and
/// the rule. Rules: rank 1 to 3; sizes positive and at most 2^31 - 1; each tensor at most
/// 2^31 - 1 elements; source and destination layouts differ; the name has no quotes, whitespace,
/// control characters or "*N" suffix.
void validate(const ReorderDesc& desc);

/// Parses one descriptor (grammar above) and returns the "*N" multiplicity of the name through
/// `multiplicity` when given. Throws InputError (field "descriptor" for malformed text).
ReorderDesc parse_reorder(const std::string& text, int* multiplicity = nullptr);

/// Canonical text that parses back to an equal descriptor.
std::string to_string(const ReorderDesc& desc);

/// Naive conversion from desc.src to desc.dst, zero-filling the padded channels of a blocked
/// output.
void reorder_reference(const ReorderDesc& desc, const float* input, float* output);

}  // namespace kf
