// DeconvDesc arithmetic (FLOPs, shapes), its OpDesc methods, validate(), and the PyTorch and
// TensorFlow front doors (deconv_from_pytorch, deconv_from_tensorflow, tf_output_range, tf_pads).
// Every failure throws InputError naming the entry at fault and the rule it broke.
#include "dsl/deconv_desc.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "dsl/input_error.h"

namespace kf {
namespace {

constexpr int64_t kMaxEntry = INT32_MAX;

std::string dim_letter(int rank, int i) {
  return std::string(1, "dhw"[kMaxSpatialRank - rank + i]);
}
std::string str(int64_t v) { return std::to_string(v); }

void check_entry(const std::string& field, int64_t value, int64_t min) {
  if (value < min) {
    throw InputError(
        field, (min == 1 ? "must be positive, got " : "must be non-negative, got ") + str(value));
  }
  if (value > kMaxEntry) {
    throw InputError(field, "must be at most " + str(kMaxEntry) + ", got " + str(value));
  }
}

int64_t checked_product(const std::vector<int64_t>& dims, const char* tensor) {
  int64_t product = 1;
  for (int64_t d : dims) {
    if (__builtin_mul_overflow(product, d, &product)) {
      throw InputError("descriptor", std::string("the ") + tensor +
                                         " tensor has too many elements for a 64-bit count");
    }
  }
  return product;
}

void validate_name(const std::string& name) {
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || std::isspace(u) || std::iscntrl(u)) {
      throw InputError(
          "n", "name \"" + name + "\" must not contain quotes, whitespace or control characters");
    }
  }
  size_t digits = 0;
  while (digits < name.size() &&
         std::isdigit(static_cast<unsigned char>(name[name.size() - 1 - digits]))) {
    ++digits;
  }
  if (digits > 0 && digits < name.size() && name[name.size() - 1 - digits] == '*') {
    throw InputError("n", "name \"" + name + "\" must not end in \"*N\" (that suffix states how " +
                              "often a layer occurs in a shape file)");
  }
}

void validate_dim(const DeconvDesc& d, int i) {
  const std::string l = dim_letter(d.spatial_rank, i);
  check_entry("i" + l, d.in[i], 1);
  check_entry("o" + l, d.out[i], 1);
  check_entry("k" + l, d.kernel[i], 1);
  check_entry("s" + l, d.stride[i], 1);
  check_entry("d" + l, d.dilation[i], 1);
  check_entry("p" + l, d.pad_begin[i], 0);
  const int64_t limit = std::max(d.stride[i], d.dilation[i]);
  const int64_t ext = d.dilated_kernel(i);
  const int64_t full = (d.in[i] - 1) * d.stride[i] + ext;  // output size without any padding
  if (d.pad_end[i] <= -limit) {
    throw InputError("o" + l, "output size " + str(d.out[i]) + " leaves pad_end " +
                                  str(d.pad_end[i]) + ", but pad_end must be greater than " +
                                  "-max(s" + l + ", dilation) = " + str(-limit) +
                                  " (PyTorch: output_padding < max(stride, dilation))");
  }
  if (d.out[i] != full - d.pad_begin[i] - d.pad_end[i]) {
    throw InputError("o" + l, "given " + str(d.out[i]) + " but (i" + l + " - 1) * s" + l + " - p" +
                                  l + " - pad_end + (k" + l + " - 1) * dilation + 1 = " +
                                  str(full - d.pad_begin[i] - d.pad_end[i]));
  }
}

// Pairs (input pixel, tap) of one dim whose output pixel lies inside [0, out).
int64_t useful_pairs(const DeconvDesc& d, int i) {
  int64_t count = 0;
  for (int64_t x = 0; x < d.in[i]; ++x) {
    for (int64_t k = 0; k < d.kernel[i]; ++k) {
      const int64_t o = x * d.stride[i] - d.pad_begin[i] + k * d.dilation[i];
      count += o >= 0 && o < d.out[i];
    }
  }
  return count;
}

const char* activation_layout(const DeconvDesc& d) {
  static const char* kNhwc[] = {"", "NWC", "NHWC", "NDHWC"};
  static const char* kNchw[] = {"", "NCW", "NCHW", "NCDHW"};
  return d.layout == Layout::kNHWC ? kNhwc[d.spatial_rank] : kNchw[d.spatial_rank];
}

const char* weight_layout(const DeconvDesc& d) {
  static const char* kTf[] = {"", "WOI", "HWOI", "DHWOI"};
  static const char* kPt[] = {"", "IOW", "IOHW", "IODHW"};
  return d.weights == DeconvWeights::kTensorFlow ? kTf[d.spatial_rank] : kPt[d.spatial_rank];
}

}  // namespace

DeconvWeights default_deconv_weights(Layout layout, int64_t groups) {
  return layout == Layout::kNHWC && groups == 1 ? DeconvWeights::kTensorFlow
                                                : DeconvWeights::kPyTorch;
}

double DeconvDesc::flops() const {
  double f =
      2.0 * static_cast<double>(mb) * static_cast<double>(oc) * static_cast<double>(ic / groups);
  for (int i = 0; i < spatial_rank; ++i) f *= static_cast<double>(useful_pairs(*this, i));
  return f;
}

std::vector<int64_t> DeconvDesc::input_shape() const {
  std::vector<int64_t> shape{mb};
  if (layout == Layout::kNCHW) shape.push_back(ic);
  shape.insert(shape.end(), in.begin(), in.begin() + spatial_rank);
  if (layout == Layout::kNHWC) shape.push_back(ic);
  return shape;
}

std::vector<int64_t> DeconvDesc::weight_shape() const {
  std::vector<int64_t> shape;
  if (weights == DeconvWeights::kPyTorch) shape = {ic, oc / groups};
  shape.insert(shape.end(), kernel.begin(), kernel.begin() + spatial_rank);
  if (weights == DeconvWeights::kTensorFlow) shape.insert(shape.end(), {oc, ic});
  return shape;
}

std::vector<int64_t> DeconvDesc::output_shape() const {
  std::vector<int64_t> shape{mb};
  if (layout == Layout::kNCHW) shape.push_back(oc);
  shape.insert(shape.end(), out.begin(), out.begin() + spatial_rank);
  if (layout == Layout::kNHWC) shape.push_back(oc);
  return shape;
}

std::string DeconvDesc::to_string() const { return kf::to_string(*this); }

void DeconvDesc::set_batch(int64_t batch) {
  mb = batch;
  validate(*this);
}

void DeconvDesc::set_layout(const std::string& text) {
  if (text == "nhwc") {
    layout = Layout::kNHWC;
  } else if (text == "nchw") {
    layout = Layout::kNCHW;
  } else {
    throw InputError("--layout",
                     "must be nhwc or nchw (channels last or first), got '" + text + "'");
  }
  weights = default_deconv_weights(layout, groups);
}

std::vector<TensorSpec> DeconvDesc::inputs() const {
  std::vector<TensorSpec> specs = {{"input", input_shape(), activation_layout(*this)},
                                   {"weights", weight_shape(), weight_layout(*this)}};
  if (bias) specs.push_back({"bias", {oc}, "[oc]"});
  return specs;
}

TensorSpec DeconvDesc::output() const {
  return {"output", output_shape(), activation_layout(*this)};
}

double DeconvDesc::tolerance() const {
  // Each output sums at most icg * prod(ceil(k / s)) products in f32 (sub-pixel form).
  int64_t reduction = ic / groups;
  for (int i = 0; i < spatial_rank; ++i) {
    reduction *= (kernel[i] + stride[i] - 1) / stride[i];
  }
  return 1e-5 + 2e-7 * static_cast<double>(reduction);
}

bool DeconvDesc::operator==(const DeconvDesc& o) const {
  if (spatial_rank != o.spatial_rank || mb != o.mb || groups != o.groups || ic != o.ic ||
      oc != o.oc || bias != o.bias || relu != o.relu || layout != o.layout ||
      weights != o.weights || name != o.name) {
    return false;
  }
  const int n = std::clamp(spatial_rank, 1, kMaxSpatialRank);
  for (int i = 0; i < n; ++i) {
    if (in[i] != o.in[i] || out[i] != o.out[i] || kernel[i] != o.kernel[i] ||
        stride[i] != o.stride[i] || dilation[i] != o.dilation[i] ||
        pad_begin[i] != o.pad_begin[i] || pad_end[i] != o.pad_end[i]) {
      return false;
    }
  }
  return true;
}

void validate(const DeconvDesc& desc) {
  if (desc.spatial_rank < 1 || desc.spatial_rank > kMaxSpatialRank) {
    throw InputError("descriptor", "spatial rank must be 1, 2 or 3, got " + str(desc.spatial_rank));
  }
  check_entry("mb", desc.mb, 1);
  check_entry("g", desc.groups, 1);
  check_entry("ic", desc.ic, 1);
  check_entry("oc", desc.oc, 1);
  for (const auto& [channels, what] : {std::pair{desc.ic, "ic"}, std::pair{desc.oc, "oc"}}) {
    if (channels % desc.groups != 0) {
      throw InputError("g", std::string(what) + " " + str(channels) +
                                " is not divisible by groups " + str(desc.groups));
    }
  }
  if (desc.weights == DeconvWeights::kTensorFlow && desc.groups != 1) {
    throw InputError("g", "TensorFlow weights ([k..., oc, ic], tag wtf) have no groups, got g" +
                              str(desc.groups) + "; use PyTorch weights (tag wpt)");
  }
  for (int i = 0; i < desc.spatial_rank; ++i) validate_dim(desc, i);
  validate_name(desc.name);
  checked_product(desc.input_shape(), "input");
  checked_product(desc.weight_shape(), "weight");
  checked_product(desc.output_shape(), "output");
}

DeconvDesc deconv_from_pytorch(const PyTorchDeconvArgs& a) {
  DeconvDesc d;
  d.spatial_rank = a.spatial_rank;
  d.mb = a.mb;
  d.ic = a.in_channels;
  d.oc = a.out_channels;
  d.groups = a.groups;
  d.bias = a.bias;
  d.layout = a.layout;
  d.weights = DeconvWeights::kPyTorch;
  const int rank = std::clamp(a.spatial_rank, 1, kMaxSpatialRank);
  for (int i = 0; i < rank; ++i) {
    const std::string l = dim_letter(rank, i);
    check_entry("padding", a.padding[i], 0);
    check_entry("output_padding", a.output_padding[i], 0);
    const int64_t limit = std::max(a.stride[i], a.dilation[i]);
    if (a.output_padding[i] >= limit) {
      throw InputError("output_padding",
                       "must be smaller than max(stride, dilation) = " + str(limit) + " in dim " +
                           l + ", got " + str(a.output_padding[i]));
    }
    d.in[i] = a.in[i];
    d.kernel[i] = a.kernel[i];
    d.stride[i] = a.stride[i];
    d.dilation[i] = a.dilation[i];
    d.pad_begin[i] = a.padding[i];
    d.pad_end[i] = a.padding[i] - a.output_padding[i];
    d.out[i] = (a.in[i] - 1) * a.stride[i] - 2 * a.padding[i] + a.dilation[i] * (a.kernel[i] - 1) +
               a.output_padding[i] + 1;
  }
  validate(d);
  return d;
}

std::pair<int64_t, int64_t> tf_output_range(TfDeconvPadding padding, int64_t in, int64_t kernel,
                                            int64_t stride, int64_t dilation) {
  if (padding == TfDeconvPadding::kSame) return {(in - 1) * stride + 1, in * stride};
  const int64_t ext = (kernel - 1) * dilation + 1;
  return {(in - 1) * stride + ext, in * stride + ext - 1};
}

std::pair<int64_t, int64_t> tf_pads(TfDeconvPadding padding, int64_t in, int64_t out,
                                    int64_t kernel, int64_t stride, int64_t dilation) {
  const int64_t ext = (kernel - 1) * dilation + 1;
  const int64_t full = (in - 1) * stride + ext;  // out + pad_begin + pad_end
  const int64_t begin =
      padding == TfDeconvPadding::kSame ? std::max<int64_t>(full - out, 0) / 2 : 0;
  return {begin, full - out - begin};
}

DeconvDesc deconv_from_tensorflow(const TfDeconvArgs& a) {
  DeconvDesc d;
  d.spatial_rank = a.spatial_rank;
  d.mb = a.mb;
  d.ic = a.in_channels;
  d.oc = a.out_channels;
  d.bias = a.bias;
  d.layout = a.layout;
  d.weights = DeconvWeights::kTensorFlow;
  const int rank = std::clamp(a.spatial_rank, 1, kMaxSpatialRank);
  for (int i = 0; i < rank; ++i) {
    const std::string l = dim_letter(rank, i);
    check_entry("i" + l, a.in[i], 1);
    check_entry("k" + l, a.kernel[i], 1);
    check_entry("s" + l, a.stride[i], 1);
    check_entry("d" + l, a.dilation[i], 1);
    const auto [lo, hi] =
        tf_output_range(a.padding, a.in[i], a.kernel[i], a.stride[i], a.dilation[i]);
    if (a.output_shape[i] < lo || a.output_shape[i] > hi) {
      throw InputError("output_shape",
                       "dim " + l + " is " + str(a.output_shape[i]) + ", but with input " +
                           str(a.in[i]) + ", stride " + str(a.stride[i]) + ", kernel " +
                           str(a.kernel[i]) + " and " +
                           (a.padding == TfDeconvPadding::kSame ? "SAME" : "VALID") +
                           " padding it must be in [" + str(lo) + ", " + str(hi) +
                           "] (conv on the output must give back the input size)");
    }
    const auto [begin, end] =
        tf_pads(a.padding, a.in[i], a.output_shape[i], a.kernel[i], a.stride[i], a.dilation[i]);
    d.in[i] = a.in[i];
    d.out[i] = a.output_shape[i];
    d.kernel[i] = a.kernel[i];
    d.stride[i] = a.stride[i];
    d.dilation[i] = a.dilation[i];
    d.pad_begin[i] = begin;
    d.pad_end[i] = end;
  }
  validate(d);
  return d;
}

}  // namespace kf
