// DeconvDesc: one transposed convolution ("deconvolution", the ConvTransposeDesc of DESIGN.md),
// 1D, 2D or 3D, as a user states it, plus the framework front doors that produce one.
//
// Semantics (PyTorch's ConvTranspose / TensorFlow's conv_transpose / oneDNN's deconvolution):
// every input pixel i scatters `weights * input` to the output pixels o = i * stride - pad_begin
// + tap * dilation, so along each spatial dim
//   out = (in - 1) * stride - pad_begin - pad_end + dilation * (kernel - 1) + 1.
// PyTorch's output_padding and TensorFlow's explicit output_shape are represented by the output
// size, i.e. by a smaller (possibly negative) pad_end; output pixels that no input pixel reaches
// get the bias only.
//
// Spatial arrays are indexed outermost first and hold `spatial_rank` meaningful entries (rank 1:
// {w}, rank 2: {h, w}, rank 3: {d, h, w}); dilation is stored the PyTorch way (1 = dense).
//
// Weight layouts (DeconvWeights), per the frameworks:
//   kPyTorch     [ic][oc/groups][k...]   TensorSpec layout "IOW", "IOHW", "IODHW"
//   kTensorFlow  [k...][oc][ic]          TensorSpec layout "WOI", "HWOI", "DHWOI" (groups == 1)
// Default: PyTorch for NCHW; TensorFlow for NHWC when groups == 1, PyTorch for grouped NHWC
// (TensorFlow has no grouped transposed convolution). Descriptor tags "wpt" / "wtf" override it.
// Activations are NCHW-like (NCW, NCHW, NCDHW) or NHWC-like (NWC, NHWC, NDHWC); bias is [oc].
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "dsl/conv_desc.h"
#include "dsl/op_desc.h"

namespace kf {

/// Memory layout of a transposed convolution's weights (see the file comment).
enum class DeconvWeights { kPyTorch, kTensorFlow };

/// The weight layout a descriptor gets when its text names none.
DeconvWeights default_deconv_weights(Layout layout, int64_t groups);

struct DeconvDesc;
std::string workload_key(const DeconvDesc& desc);

struct DeconvDesc final : public OpDesc {
  using Dims = std::array<int64_t, kMaxSpatialRank>;

  int spatial_rank = 2;  ///< 1, 2 or 3
  int64_t mb = 2;        ///< batch; benchdnn's default when a descriptor omits it
  int64_t groups = 1;
  int64_t ic = 0;  ///< input channels (the small side's channels), all groups
  int64_t oc = 0;  ///< output channels, all groups
  Dims in{};       ///< input spatial sizes (the small side)
  Dims out{};      ///< output spatial sizes
  Dims kernel{};   ///< kernel spatial sizes
  Dims stride{1, 1, 1};
  Dims dilation{1, 1, 1};  ///< 1 = dense (PyTorch meaning)
  Dims pad_begin{};        ///< output pixels cropped at the start
  Dims pad_end{};          ///< output pixels cropped at the end; negative adds bias-only pixels
  bool bias = false;
  bool relu = false;
  Layout layout = Layout::kNHWC;
  DeconvWeights weights = DeconvWeights::kTensorFlow;
  std::string name;  ///< benchdnn's n"..." without quotes; may be empty

  /// (kernel - 1) * dilation + 1 along spatial dim `i`.
  int64_t dilated_kernel(int i) const { return (kernel[i] - 1) * dilation[i] + 1; }

  /// Multiply-adds that touch no inserted zero (each input pixel times each tap that lands
  /// inside the output), 2 FLOPs each; bias and activation not counted.
  double flops() const override;

  // OpDesc: op "deconv"; inputs input, weights and (with bias) bias, in the user's layouts.
  std::string op() const override { return "deconv"; }
  std::string to_string() const override;
  std::string key() const override { return "deconv:" + workload_key(*this); }
  std::string layer_name() const override { return name; }
  void set_batch(int64_t batch) override;
  /// Sets the activation layout and that layout's default weight layout.
  void set_layout(const std::string& layout) override;
  std::vector<TensorSpec> inputs() const override;
  TensorSpec output() const override;
  void reference(const std::vector<const float*>& inputs, float* output) const override;
  double tolerance() const override;
  std::unique_ptr<OpDesc> clone() const override { return std::make_unique<DeconvDesc>(*this); }

  /// Shapes of the user-visible tensors, outermost dimension first.
  std::vector<int64_t> input_shape() const;
  std::vector<int64_t> weight_shape() const;
  std::vector<int64_t> output_shape() const;

  bool operator==(const DeconvDesc& other) const;
  bool operator!=(const DeconvDesc& other) const { return !(*this == other); }
};

/// Checks every rule; throws InputError naming the field (benchdnn's spelling: "ih", "kw", "g",
/// "oh" ...) and the rule. Rules: sizes positive and at most 2^31 - 1; groups divide ic and oc;
/// TensorFlow weights only with groups == 1; pad_begin >= 0; pad_end > -max(stride, dilation)
/// (PyTorch's output_padding < max(stride, dilation)); out == (in - 1) * stride - pad_begin -
/// pad_end + dilated kernel; name without quotes, whitespace or a "*N" suffix.
void validate(const DeconvDesc& desc);

/// PyTorch's torch.nn.ConvTranspose{1,2,3}d: padding on both sides of each dim, output_padding
/// added at the end (output_padding < max(stride, dilation), else InputError "output_padding").
struct PyTorchDeconvArgs {
  int spatial_rank = 2;
  int64_t mb = 1, in_channels = 0, out_channels = 0, groups = 1;
  DeconvDesc::Dims in{}, kernel{}, stride{1, 1, 1}, padding{}, output_padding{}, dilation{1, 1, 1};
  bool bias = false;
  Layout layout = Layout::kNCHW;
};
DeconvDesc deconv_from_pytorch(const PyTorchDeconvArgs& args);

/// TensorFlow's padding modes of tf.nn.conv{1,2,3}d_transpose.
enum class TfDeconvPadding { kSame, kValid };

/// tf.nn.conv{1,2,3}d_transpose(input, filters [k..., out, in], output_shape, strides, padding,
/// dilations): the gradient of tf.nn.conv with that padding, so conv on the output must give back
/// the input size. Illegal output sizes throw InputError "output_shape" with the legal range.
struct TfDeconvArgs {
  int spatial_rank = 2;
  int64_t mb = 1, in_channels = 0, out_channels = 0;
  DeconvDesc::Dims in{}, kernel{}, stride{1, 1, 1}, dilation{1, 1, 1}, output_shape{};
  TfDeconvPadding padding = TfDeconvPadding::kSame;
  bool bias = false;
  Layout layout = Layout::kNHWC;
};
DeconvDesc deconv_from_tensorflow(const TfDeconvArgs& args);

/// Legal output sizes [lo, hi] of one dim for TensorFlow: SAME [(in-1)*s+1, in*s]; VALID
/// [(in-1)*s + ext, in*s + ext - 1] with ext = (k-1)*d+1.
std::pair<int64_t, int64_t> tf_output_range(TfDeconvPadding padding, int64_t in, int64_t kernel,
                                            int64_t stride, int64_t dilation);

/// Pads {begin, end} TensorFlow implies for a legal output size: the forward conv's padding
/// (SAME: total max((in-1)*s + ext - out, 0), the odd pixel at the end; VALID: none), with
/// pad_end then lowered so that the output-size formula holds exactly (negative when the forward
/// conv leaves trailing output pixels unread).
std::pair<int64_t, int64_t> tf_pads(TfDeconvPadding padding, int64_t in, int64_t out,
                                    int64_t kernel, int64_t stride, int64_t dilation);

/// Computes `desc` naively in scatter form (double accumulation) on dense tensors in the user's
/// layouts (DeconvDesc::input_shape/weight_shape/output_shape); `bias` may be null without bias.
void deconv_reference(const DeconvDesc& desc, const float* input, const float* weights,
                      const float* bias, float* output);

/// Parses a benchdnn deconvolution descriptor ("mb1ic256ih8oc128oh16kh4sh2ph1"; i* is the small
/// side) with the conv driver's grammar and deductions for deconvolution (out = (i-1)*s +
/// (k-1)*(d+1) - 2p + 1 when o is missing; p = ((i-1)*s - o + (k-1)*(d+1) + 1) / 2 when p is
/// missing; right pad derived), plus tags separated by '_': "bia", "relu", "nchw"/"nhwc",
/// "wpt"/"wtf" (weights, see the file comment), "same"/"valid" (TensorFlow padding: o is the
/// output_shape, p must be absent). Throws InputError on malformed text or invalid problems.
DeconvDesc parse_deconv(const std::string& text);

/// Like parse_deconv; also returns the "*N" multiplicity of the name (1 when absent).
std::pair<DeconvDesc, int> parse_deconv_entry(const std::string& text);

/// Canonical text: every entry explicit, then the tags; parse_deconv(to_string(d)) == d.
std::string to_string(const DeconvDesc& desc);

/// The canonical text without the name.
std::string workload_key(const DeconvDesc& desc);

}  // namespace kf
