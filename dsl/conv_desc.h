// ConvDesc: one forward convolution problem (1D, 2D or 3D spatial), as a user states it.
//
// Spatial arrays are indexed outermost first and hold `spatial_rank` meaningful entries:
//   rank 1: {w}         rank 2: {h, w}        rank 3: {d, h, w}
// Dilation is stored the PyTorch way (1 = dense kernel); benchdnn's 0-based dilation is converted
// at the parsing boundary. Padding is explicit per side; pad_end may be negative by less than the
// stride (the last input rows are then never read), as in oneDNN.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "dsl/op_desc.h"

namespace kf {

/// Memory layout of activations at the API. Weights follow the framework convention of the
/// layout: NCHW pairs with PyTorch's OIHW ([oc][ic/g][kh][kw]); NHWC pairs with TensorFlow's
/// HWIO ([kh][kw][ic/g][oc]). Bias is always [oc].
/// kNCHW16c is oneDNN's blocked nChw16c (1D nCw16c, 3D nCdhw16c), for convolutions only:
/// activations {N, ceil(C/16), spatial..., 16}, channel c at block c / 16, lane c % 16, with
/// OIHW weights as for NCHW. The lanes past C in the last block are never read from an input and
/// are written as zero in an output, so blocked layers chain without conversions.
enum class Layout { kNCHW, kNHWC, kNCHW16c };

/// Channels per block of the blocked layout (kNCHW16c).
constexpr int64_t kChannelBlock = 16;

/// Blocks of kChannelBlock channels holding `channels` channels: ceil(channels / 16).
inline int64_t channel_blocks(int64_t channels) {
  return (channels + kChannelBlock - 1) / kChannelBlock;
}

/// Activation fused into the convolution's epilogue. kClamp is min(max(x, clamp_min),
/// clamp_max) (ReLU6 is clamp 0..6).
enum class Activation { kNone, kRelu, kClamp };

constexpr int kMaxSpatialRank = 3;

struct ConvDesc;
std::string workload_key(const ConvDesc& desc);

struct ConvDesc final : public OpDesc {
  int spatial_rank = 2;  ///< 1, 2 or 3
  int64_t mb = 2;        ///< batch; benchdnn's default when a descriptor omits it
  int64_t groups = 1;
  int64_t ic = 0;                                 ///< input channels (all groups)
  int64_t oc = 0;                                 ///< output channels (all groups)
  std::array<int64_t, kMaxSpatialRank> in{};      ///< input spatial sizes
  std::array<int64_t, kMaxSpatialRank> out{};     ///< output spatial sizes
  std::array<int64_t, kMaxSpatialRank> kernel{};  ///< kernel spatial sizes
  std::array<int64_t, kMaxSpatialRank> stride{1, 1, 1};
  std::array<int64_t, kMaxSpatialRank> dilation{1, 1, 1};  ///< 1 = dense (PyTorch meaning)
  std::array<int64_t, kMaxSpatialRank> pad_begin{};
  std::array<int64_t, kMaxSpatialRank> pad_end{};
  bool bias = false;
  Activation activation = Activation::kNone;
  float clamp_min = 0.0f;  ///< used when activation == kClamp
  float clamp_max = 0.0f;  ///< used when activation == kClamp
  Layout layout = Layout::kNHWC;
  std::string name;  ///< benchdnn's n"..." without quotes; may be empty

  /// Extent of the dilated kernel along spatial dim `i`: (k - 1) * dilation + 1.
  int64_t dilated_kernel(int i) const { return (kernel[i] - 1) * dilation[i] + 1; }

  /// Multiply-adds counted as 2 FLOPs each (bias and activation not counted).
  double flops() const override;

  // OpDesc: op "conv"; inputs input, weights and (with bias) bias, in the user's layout.
  std::string op() const override { return "conv"; }
  std::string to_string() const override;
  std::string key() const override { return "conv:" + workload_key(*this); }
  std::string layer_name() const override { return name; }
  void set_batch(int64_t batch) override;
  void set_layout(const std::string& layout) override;
  std::vector<TensorSpec> inputs() const override;
  TensorSpec output() const override;
  void reference(const std::vector<const float*>& inputs, float* output) const override;
  double tolerance() const override;
  std::unique_ptr<OpDesc> clone() const override { return std::make_unique<ConvDesc>(*this); }

  /// Element counts of the user-visible tensors.
  int64_t input_elements() const;
  int64_t weight_elements() const;
  int64_t output_elements() const;

  /// Shapes of the user-visible tensors, outermost dimension first, in the user's layout.
  /// Input: NCHW -> {mb, ic, spatial...}; NHWC -> {mb, spatial..., ic};
  /// NCHW16c -> {mb, ceil(ic/16), spatial..., 16}.
  /// Weights: NCHW and NCHW16c -> {oc, ic/g, k...}; NHWC -> {k..., ic/g, oc}.
  std::vector<int64_t> input_shape() const;
  std::vector<int64_t> weight_shape() const;
  std::vector<int64_t> output_shape() const;

  bool operator==(const ConvDesc& other) const;
  bool operator!=(const ConvDesc& other) const { return !(*this == other); }
};

/// Checks every rule a convolution must satisfy; throws InputError naming the field (benchdnn's
/// spelling, e.g. "ih", "kw", "g") and the rule. Rules: sizes positive; groups divide ic and oc;
/// pad_begin >= 0 and pad_end > -stride; in the blocked layout a grouped convolution has a
/// multiple of 16 output channels; the dilated kernel fits the padded input; the output
/// size equals (in + pad_begin + pad_end - dilated_kernel) / stride + 1 exactly (the division
/// leaves no remainder, so pad_end is the one benchdnn derives from the output size). Also: every
/// entry is at most 2^31 - 1, tensor element counts fit in int64, and the name contains no quote,
/// whitespace or control character and does not end in a "*N" multiplicity suffix.
void validate(const ConvDesc& desc);

/// Parses one benchdnn convolution descriptor (e.g. "mb1ic64ih56oc64oh56kh3ph1n\"name\""),
/// followed by optional KernelForge tags separated by '_' or written anywhere an entry may be:
/// "bia" (bias), "relu" (fused ReLU), "clampLO:HI" (fused clamp to [LO, HI], decimal numbers,
/// e.g. "clamp0:6" for ReLU6), "nchw" / "nhwc" / "nchw16c" (layout; default nhwc; "nchw16c" is
/// the blocked layout of any rank). A tag must be
/// followed by '_' or end the text ("..._kh3_nchw_relu_n\"x\"", "bia_relu_ic3..."). As in
/// benchdnn, an unquoted name runs to the end of the text, so tags go before it or after a quoted
/// name. A "*N" suffix of the name (a multiplicity) is removed; see parse_conv_entry.
/// "same" / "valid" select TensorFlow's padding (tf.nn.conv1d/2d/3d) instead of p and o entries:
/// SAME gives ceil(in / stride) outputs with max((out - 1) * stride + extent - in, 0) padding in
/// total, the odd pixel at the end; VALID pads nothing. They resolve to explicit pads, so the
/// canonical text (and the database key) is the same as for the equivalent explicit padding.
/// Surrounding whitespace is ignored; whitespace inside the descriptor is an error.
/// Applies benchdnn's defaults and deductions (mb=2, g=1, stride 1, 0-based dilation, missing w
/// copied from h and h from d, output size or left pad deduced, right pad derived), then
/// validates. Throws InputError on malformed text or invalid problems.
ConvDesc parse_conv(const std::string& text);

/// Prints the canonical descriptor: benchdnn's grammar with every entry explicit, followed by
/// KernelForge's tags, such that parse_conv(to_string(d)) == d.
std::string to_string(const ConvDesc& desc);

/// A short stable key for databases and caches: the canonical descriptor without its name.
std::string workload_key(const ConvDesc& desc);

/// One line of a shape file: the descriptor and how often the layer occurs ("*N" suffix of the
/// name in benchdnn's files; 1 when absent).
struct ShapeEntry {
  ConvDesc desc;
  int multiplicity = 1;
  int line = 0;  ///< 1-based line number in the file
};

/// Like parse_conv, and also returns the multiplicity stated by a "*N" suffix of the name (1 when
/// absent) in ShapeEntry::multiplicity; ShapeEntry::line is 0.
ShapeEntry parse_conv_entry(const std::string& text);

/// Reads a benchdnn shape file: '#' starts a comment, blank lines are skipped, every other line
/// is one descriptor. If `mb_override` > 0 it replaces every descriptor's batch (benchdnn's --mb).
/// Errors carry the file name and line number in the field.
std::vector<ShapeEntry> read_conv_shape_file(const std::string& path, int64_t mb_override = 0);

/// Parses `text` as a descriptor, or, if it names an existing file, reads it as a shape file.
std::vector<ShapeEntry> parse_conv_list(const std::string& text_or_path, int64_t mb_override = 0);

}  // namespace kf
