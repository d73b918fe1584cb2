// ConvDesc arithmetic (FLOPs, tensor shapes and sizes), equality, and validate(): the one place
// that decides whether a convolution problem is well formed. Every failure throws InputError
// naming the benchdnn entry at fault ("ih", "kw", "g", ...) and the rule it broke.
#include "dsl/conv_desc.h"

#include <cctype>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "dsl/input_error.h"

namespace kf {
namespace {

// Largest value any size, stride, dilation or left pad may take. Keeping every entry below 2^31
// keeps all derived quantities (extents, padded sizes, (o - 1) * s) far from int64 overflow.
constexpr int64_t kMaxEntry = INT32_MAX;
// Largest magnitude of a derived right pad (a sum of products of two entries).
constexpr int64_t kMaxPadEnd = int64_t{1} << 62;

// Spatial entry suffix of dimension `i` of a rank-`rank` problem: rank 2 -> "h", "w".
std::string dim_letter(int rank, int i) {
  return std::string(1, "dhw"[kMaxSpatialRank - rank + i]);
}

void check_positive(const std::string& field, int64_t value) {
  if (value <= 0) throw InputError(field, "must be positive, got " + std::to_string(value));
  if (value > kMaxEntry) {
    throw InputError(
        field, "must be at most " + std::to_string(kMaxEntry) + ", got " + std::to_string(value));
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

int64_t product(const std::vector<int64_t>& dims) {
  int64_t p = 1;
  for (int64_t d : dims) p *= d;
  return p;
}

// A "*N" suffix of a name is a multiplicity, so a stored name must not end in one.
bool ends_in_multiplicity(const std::string& name) {
  size_t digits = 0;
  while (digits < name.size() &&
         std::isdigit(static_cast<unsigned char>(name[name.size() - 1 - digits]))) {
    ++digits;
  }
  return digits > 0 && digits < name.size() && name[name.size() - 1 - digits] == '*';
}

void validate_name(const std::string& name) {
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || std::isspace(u) || std::iscntrl(u)) {
      throw InputError(
          "n",
          "name \"" + name + "\" must not contain quotes, whitespace or control " + "characters");
    }
  }
  if (ends_in_multiplicity(name)) {
    throw InputError("n", "name \"" + name + "\" must not end in \"*N\" (that suffix states how " +
                              "often a layer occurs in a shape file)");
  }
}

void validate_dim(const ConvDesc& d, int i) {
  const std::string l = dim_letter(d.spatial_rank, i);
  check_positive("i" + l, d.in[i]);
  check_positive("k" + l, d.kernel[i]);
  check_positive("o" + l, d.out[i]);
  check_positive("s" + l, d.stride[i]);
  if (d.dilation[i] < 1 || d.dilation[i] > kMaxEntry) {
    throw InputError("d" + l, "dilation must be between 1 (dense, PyTorch meaning; benchdnn's d" +
                                  l + "0) and " + std::to_string(kMaxEntry) + ", got " +
                                  std::to_string(d.dilation[i]));
  }
  if (d.pad_begin[i] < 0) {
    throw InputError("p" + l, "must be non-negative, got " + std::to_string(d.pad_begin[i]));
  }
  if (d.pad_begin[i] > kMaxEntry) {
    throw InputError("p" + l, "must be at most " + std::to_string(kMaxEntry) + ", got " +
                                  std::to_string(d.pad_begin[i]));
  }
  if (d.pad_end[i] > kMaxPadEnd || d.pad_end[i] < -kMaxPadEnd) {
    throw InputError("o" + l, "right pad " + std::to_string(d.pad_end[i]) + " is out of range");
  }
  const int64_t ext = d.dilated_kernel(i);
  const std::string sizes = "i" + l + " " + std::to_string(d.in[i]) + " + p" + l + " " +
                            std::to_string(d.pad_begin[i]) + " + pad_end " +
                            std::to_string(d.pad_end[i]);
  if (d.pad_end[i] <= -d.stride[i]) {
    throw InputError("o" + l, "output size " + std::to_string(d.out[i]) + " is too small: it " +
                                  "leaves pad_end " + std::to_string(d.pad_end[i]) + " (the last " +
                                  std::to_string(-d.pad_end[i]) +
                                  " input elements unread), but pad_end must be greater than -s" +
                                  l + " = " + std::to_string(-d.stride[i]));
  }
  const int64_t padded = d.in[i] + d.pad_begin[i] + d.pad_end[i];
  if (ext > padded) {
    std::string extent = "dilated kernel extent " + std::to_string(ext);
    if (d.dilation[i] > 1) {
      extent += " ((k" + l + " " + std::to_string(d.kernel[i]) + " - 1) * dilation " +
                std::to_string(d.dilation[i]) + " + 1)";
    }
    throw InputError(
        "k" + l, extent + " exceeds padded input " + std::to_string(padded) + " (" + sizes + ")");
  }
  if (padded - ext != (d.out[i] - 1) * d.stride[i]) {
    throw InputError(
        "o" + l, "given " + std::to_string(d.out[i]) + " but " + sizes + " - extent " +
                     std::to_string(ext) + " = " + std::to_string(padded - ext) + " must equal (o" +
                     l + " - 1) * s" + l + " = " + std::to_string((d.out[i] - 1) * d.stride[i]) +
                     "; for this output size pad_end must be " +
                     std::to_string((d.out[i] - 1) * d.stride[i] - d.in[i] + ext - d.pad_begin[i]));
  }
}

}  // namespace

double ConvDesc::flops() const {
  double f =
      2.0 * static_cast<double>(mb) * static_cast<double>(oc) * static_cast<double>(ic / groups);
  for (int i = 0; i < spatial_rank; ++i) {
    f *= static_cast<double>(out[i]) * static_cast<double>(kernel[i]);
  }
  return f;
}

int64_t ConvDesc::input_elements() const { return product(input_shape()); }
int64_t ConvDesc::weight_elements() const { return product(weight_shape()); }
int64_t ConvDesc::output_elements() const { return product(output_shape()); }

namespace {

// An activation tensor of `channels` x `spatial` (rank entries, outermost first) in `layout`.
std::vector<int64_t> activation_shape(Layout layout, int64_t mb, int64_t channels,
                                      const std::array<int64_t, kMaxSpatialRank>& spatial,
                                      int rank) {
  std::vector<int64_t> shape{mb};
  if (layout == Layout::kNCHW) shape.push_back(channels);
  if (layout == Layout::kNCHW16c) shape.push_back(channel_blocks(channels));
  shape.insert(shape.end(), spatial.begin(), spatial.begin() + rank);
  if (layout == Layout::kNHWC) shape.push_back(channels);
  if (layout == Layout::kNCHW16c) shape.push_back(kChannelBlock);
  return shape;
}

}  // namespace

std::vector<int64_t> ConvDesc::input_shape() const {
  return activation_shape(layout, mb, ic, in, spatial_rank);
}

std::vector<int64_t> ConvDesc::weight_shape() const {
  std::vector<int64_t> shape;
  if (layout != Layout::kNHWC) shape = {oc, ic / groups};
  shape.insert(shape.end(), kernel.begin(), kernel.begin() + spatial_rank);
  if (layout == Layout::kNHWC) shape.insert(shape.end(), {ic / groups, oc});
  return shape;
}

std::vector<int64_t> ConvDesc::output_shape() const {
  return activation_shape(layout, mb, oc, out, spatial_rank);
}

bool ConvDesc::operator==(const ConvDesc& o) const {
  if (spatial_rank != o.spatial_rank || mb != o.mb || groups != o.groups || ic != o.ic ||
      oc != o.oc || bias != o.bias || activation != o.activation || layout != o.layout ||
      (activation == Activation::kClamp &&
       (clamp_min != o.clamp_min || clamp_max != o.clamp_max)) ||
      name != o.name) {
    return false;
  }
  // Only the first spatial_rank entries are meaningful; an invalid rank compares everything.
  const int n =
      spatial_rank >= 1 && spatial_rank <= kMaxSpatialRank ? spatial_rank : kMaxSpatialRank;
  for (int i = 0; i < n; ++i) {
    if (in[i] != o.in[i] || out[i] != o.out[i] || kernel[i] != o.kernel[i] ||
        stride[i] != o.stride[i] || dilation[i] != o.dilation[i] ||
        pad_begin[i] != o.pad_begin[i] || pad_end[i] != o.pad_end[i]) {
      return false;
    }
  }
  return true;
}

void validate(const ConvDesc& desc) {
  if (desc.spatial_rank < 1 || desc.spatial_rank > kMaxSpatialRank) {
    throw InputError("descriptor",
                     "spatial rank must be 1, 2 or 3, got " + std::to_string(desc.spatial_rank));
  }
  check_positive("mb", desc.mb);
  check_positive("g", desc.groups);
  check_positive("ic", desc.ic);
  check_positive("oc", desc.oc);
  if (desc.ic % desc.groups != 0) {
    throw InputError("g", "ic " + std::to_string(desc.ic) + " is not divisible by groups " +
                              std::to_string(desc.groups));
  }
  if (desc.oc % desc.groups != 0) {
    throw InputError("g", "oc " + std::to_string(desc.oc) + " is not divisible by groups " +
                              std::to_string(desc.groups));
  }
  if (desc.layout == Layout::kNCHW16c && desc.groups > 1 && desc.oc % kChannelBlock != 0) {
    throw InputError("oc",
                     "a grouped convolution in the blocked layout nchw16c needs a multiple "
                     "of 16 output channels, got " +
                         std::to_string(desc.oc));
  }
  for (int i = 0; i < desc.spatial_rank; ++i) validate_dim(desc, i);
  if (desc.activation == Activation::kClamp &&
      !(std::isfinite(desc.clamp_min) && std::isfinite(desc.clamp_max) &&
        desc.clamp_min < desc.clamp_max)) {
    throw InputError("clamp", "needs finite bounds with LO < HI, got " +
                                  std::to_string(desc.clamp_min) + ":" +
                                  std::to_string(desc.clamp_max));
  }
  validate_name(desc.name);
  checked_product(desc.input_shape(), "input");
  checked_product(desc.weight_shape(), "weight");
  checked_product(desc.output_shape(), "output");
}

}  // namespace kf
