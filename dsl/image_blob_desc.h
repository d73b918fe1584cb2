// ImageBlobDesc: image pre-processing as OpenCV's cv::dnn::blobFromImage (op "image_blob"): a
// batch of 8-bit images in HWC order (BGR for 3 channels, BGRA for 4) becomes an f32 tensor,
// NCHW by default, with per-channel mean subtraction, a scale factor, an optional R/B swap and
// an optional per-channel standard deviation (PyTorch's Normalize).
//
// Semantics, exactly blobFromImage(image, scalefactor, size = the image's, mean, swapRB,
// crop = false) for every image n of the batch:
//   out[n][c][y][x] = scale * (in[n][y][x][s(c)] - mean[c]) / std[c]
//   s(c) = 2 - c for c < 3 when swaprb, else c      (channel 3, alpha, is never moved)
// std[c] = 1 unless given. The mean is given in the order of the OUTPUT channels, i.e. after the
// swap: OpenCV documents "(mean-R, mean-G, mean-B) order if image has BGR ordering and swapRB is
// true", and its implementation swaps mean[0] and mean[2] before subtracting from the BGR image,
// which is the same thing. The mean is subtracted first, then the result is multiplied by the
// scale (OpenCV: images -= mean; images *= scalefactor).
//
// Hand-worked (also tests/dsl/image_blob_reference_test.cpp): one BGR pixel (B=10, G=20, R=30),
// scale 0.5, mean 1:2:3, swaprb: out = [0.5*(30-1), 0.5*(20-2), 0.5*(10-3)] = [14.5, 9, 3.5];
// without swaprb: [0.5*(10-1), 0.5*(20-2), 0.5*(30-3)] = [4.5, 9, 13.5].
//
// Kernels state (float(in) - float(mean[c])) * float(scale / std[c]) in f32 (with no std, OpenCV's
// own f32 order); Halide's simplifier may reassociate it (the x86 code is one fma of in * factor
// and -mean * factor), so results agree with OpenCV within a few ulps, not bit for bit.
// OpenCV subtracts a 1-channel image's mean[2] when swapRB is set (it swaps the 4-entry Scalar
// anyway); here swaprb needs 3 or 4 channels instead.
//
// Descriptor grammar (benchdnn-style entries and tags; '_' separators are optional after integer
// entries, while scale, mean and std run to the next '_'):
//   [mbN]ihNiwNicN[_scaleF][_meanF:F:F][_stdF:F:F][_swaprb][_nchw|_nhwc][_n"NAME"]
//   e.g. "mb1ih224iw224ic3_scale0.017_mean103.9:116.8:123.7_swaprb"
// mb defaults to 1, a missing iw copies ih, scale defaults to 1, mean to zeros, std to ones; the
// output layout defaults to nchw. The parser drops an all-zero mean and an all-one std (so equal
// workloads have equal keys); the canonical text prints mb, ih, iw, ic and scale always, mean and
// std when present, swaprb when set, nhwc when chosen, numbers in their shortest round-trip form.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dsl/op_desc.h"

namespace kf {

/// Layout of the f32 output (the input is always NHWC u8).
enum class BlobLayout { kNchw, kNhwc };

struct ImageBlobDesc final : public OpDesc {
  int64_t mb = 1;
  int64_t ih = 0;
  int64_t iw = 0;
  int64_t ic = 3;  ///< 1 (gray), 3 (BGR) or 4 (BGRA)
  double scale = 1.0;
  std::vector<double> mean;    ///< one per channel, in output channel order (after the swap)
  std::vector<double> stddev;  ///< empty (all ones) or one per channel, output order
  bool swap_rb = false;
  BlobLayout layout = BlobLayout::kNchw;
  std::string name;

  /// Input channel read by output channel `c`: 2 - c for c < 3 when swap_rb, else c.
  int64_t source_channel(int64_t c) const { return swap_rb && c < 3 ? 2 - c : c; }
  /// Mean of output channel `c` (0 when no mean is given).
  double mean_of(int64_t c) const { return mean.empty() ? 0.0 : mean[c]; }
  /// scale / std[c]: what (in - mean) is multiplied by.
  double factor_of(int64_t c) const { return stddev.empty() ? scale : scale / stddev[c]; }

  /// One subtraction and one multiplication per output element.
  double flops() const override;

  // OpDesc: op "image_blob"; input "image" NHWC u8 (test values 0..255), output NCHW or NHWC f32.
  std::string op() const override { return "image_blob"; }
  std::string to_string() const override;
  std::string key() const override;
  std::string layer_name() const override { return name; }
  void set_batch(int64_t batch) override;
  /// Sets the output layout: "nchw" or "nhwc"; InputError with field "--layout" otherwise.
  void set_layout(const std::string& layout) override;
  std::vector<TensorSpec> inputs() const override;
  TensorSpec output() const override;
  /// inputs[0] holds the u8 image as exact floats (OpDesc::reference).
  void reference(const std::vector<const float*>& inputs, float* output) const override;
  /// f32 rounding of one subtraction and one multiplication (and of the folded constants).
  double tolerance() const override { return 2e-6; }
  std::unique_ptr<OpDesc> clone() const override { return std::make_unique<ImageBlobDesc>(*this); }

  bool operator==(const ImageBlobDesc& other) const;
  bool operator!=(const ImageBlobDesc& other) const { return !(*this == other); }
};

/// Checks every rule; throws InputError naming the field and the rule:
///   mb, ih, iw   between 1 and 2^31 - 1; each tensor at most 2^31 - 1 elements ("descriptor")
///   ic           1, 3 or 4
///   swaprb       needs ic >= 3
///   mean         empty or exactly ic values, all finite
///   std          empty or exactly ic values, all finite and positive
///   scale        finite and non-zero
///   n            no quotes, whitespace, control characters or "*N" suffix
void validate(const ImageBlobDesc& desc);

/// Parses one descriptor (grammar above); returns the "*N" multiplicity of the name through
/// `multiplicity` when given. Throws InputError (field "descriptor" for malformed text).
ImageBlobDesc parse_image_blob(const std::string& text, int* multiplicity = nullptr);

/// Canonical text that parses back to an equal descriptor.
std::string to_string(const ImageBlobDesc& desc);

/// The naive reference in double precision: `image` is the NHWC u8 batch, `output` the f32 blob
/// in desc.layout.
void image_blob_reference(const ImageBlobDesc& desc, const uint8_t* image, float* output);

}  // namespace kf
