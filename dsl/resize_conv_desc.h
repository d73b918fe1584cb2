// ResizeConvDesc: resize-convolution, the artefact-free alternative to transposed convolution:
// the input is upsampled by an integer factor (nearest or multilinear) and then convolved, as one
// op (one fused kernel, no upsampled tensor in memory).
//
// Semantics (PyTorch nn.Upsample(scale_factor=f, mode=..., align_corners=False) followed by
// nn.Conv{1,2,3}d), per spatial dim, upsampled size U = in * f, upsampled index u in [0, U):
//   nearest   src = floor(u / f)
//   bilinear  s = (u + 0.5) / f - 0.5 (half-pixel centres), s = max(s, 0); i0 = floor(s),
//             i1 = min(i0 + 1, in - 1), lambda = s - i0; value = (1 - lambda) * x[i0] +
//             lambda * x[i1]. For rank 1 and 3 this is PyTorch's 'linear' and 'trilinear'
//             (the tensor product of the 1D rule over every spatial dim); the tag is "bilinear"
//             for every rank ("linear" and "trilinear" are accepted as synonyms).
// The convolution then sees the upsampled tensor with its own zero padding, stride, dilation,
// groups, bias and activation, exactly as a ConvDesc: `conv` below is that convolution, whose
// `in` sizes are the upsampled sizes. One factor applies to every spatial dim.
//
// Text: a conv descriptor of the *small* input plus "_upN" and a mode tag, e.g.
//   mb1ic64ih28oc32oh56kh3ph1_up2_nearest     (oh deduced from ih * 2 when omitted)
// Conv's deductions and rules (output size, pads, SAME/VALID) apply to the upsampled sizes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "dsl/conv_desc.h"
#include "dsl/op_desc.h"

namespace kf {

/// How the input is upsampled (see the file comment).
enum class ResizeMode { kNearest, kBilinear };

/// The canonical tag of `mode`: "nearest" or "bilinear".
const char* resize_mode_tag(ResizeMode mode);

struct ResizeConvDesc final : public OpDesc {
  int64_t factor = 2;  ///< integer upsampling factor, the same for every dim
  ResizeMode mode = ResizeMode::kNearest;
  ConvDesc conv;  ///< the convolution of the upsampled tensor (conv.in = input size * factor)

  /// Input (small) spatial size along dim `i` (outermost first): conv.in[i] / factor.
  int64_t input_size(int i) const { return conv.in[i] / factor; }

  /// The convolution's FLOPs on the upsampled input (conv.flops()); the interpolation (at most
  /// 2^rank multiply-adds per upsampled element, amortised over oc * taps) is not counted, so
  /// GFLOP/s compare directly with upsample-then-conv in another library.
  double flops() const override { return conv.flops(); }

  // OpDesc: op "resize_conv"; inputs input (small, user layout), weights and (with bias) bias.
  std::string op() const override { return "resize_conv"; }
  std::string to_string() const override;
  std::string key() const override;
  std::string layer_name() const override { return conv.name; }
  void set_batch(int64_t batch) override;
  void set_layout(const std::string& layout) override;
  std::vector<TensorSpec> inputs() const override;
  TensorSpec output() const override;
  void reference(const std::vector<const float*>& inputs, float* output) const override;
  double tolerance() const override;
  std::unique_ptr<OpDesc> clone() const override { return std::make_unique<ResizeConvDesc>(*this); }

  /// Shape of the small input in the user's layout, outermost first.
  std::vector<int64_t> input_shape() const;
  /// Shape of the upsampled tensor (the convolution's input), outermost first.
  std::vector<int64_t> upsampled_shape() const { return conv.input_shape(); }

  bool operator==(const ResizeConvDesc& other) const {
    return factor == other.factor && mode == other.mode && conv == other.conv;
  }
  bool operator!=(const ResizeConvDesc& other) const { return !(*this == other); }
};

/// Checks every rule; throws InputError naming the field and the rule. Rules: "up" (the factor)
/// is an integer >= 1 and in * factor stays at most 2^31 - 1; "mode" is a known enumerator; each
/// conv.in is a multiple of the factor; then every rule of validate(ConvDesc) on the upsampled
/// sizes (those messages get a note naming the upsampled sizes).
void validate(const ResizeConvDesc& desc);

/// Parses a resize-conv descriptor (see the file comment): conv's grammar and tags (parse_conv)
/// with i* the small input, plus "upN" (required; an integer >= 1) and a mode tag "nearest"
/// (default) or "bilinear" (synonyms "linear", "trilinear"), each followed by '_' or the end.
/// Known but unsupported modes ("bicubic", "cubic", "area", "nearest-exact") are an InputError
/// with field "mode". Returns the descriptor and the "*N" multiplicity of the name.
std::pair<ResizeConvDesc, int> parse_resize_conv_entry(const std::string& text);

/// parse_resize_conv_entry without the multiplicity.
ResizeConvDesc parse_resize_conv(const std::string& text);

/// Canonical text: conv's canonical text with i* the small input, then "_upN_<mode>", then the
/// name; parse_resize_conv(to_string(d)) == d.
std::string to_string(const ResizeConvDesc& desc);

/// Upsamples `input` (the small tensor, in desc.conv.layout) into `upsampled` (upsampled_shape())
/// by the rule of desc.mode, computed in double from the formula of the file comment.
void resize_reference(const ResizeConvDesc& desc, const float* input, float* upsampled);

}  // namespace kf
