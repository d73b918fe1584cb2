// ReorderDesc as an OpDesc: tensor shapes per layout, validate(), and the naive reference
// conversion (zero fill of a blocked output's padded channels).
#include "dsl/reorder_desc.h"

#include <cctype>
#include <cstdint>
#include <string>
#include <vector>

#include "dsl/input_error.h"

namespace kf {
namespace {

constexpr int64_t kMaxEntry = INT32_MAX;

bool ends_in_multiplicity(const std::string& name) {
  size_t digits = 0;
  while (digits < name.size() &&
         std::isdigit(static_cast<unsigned char>(name[name.size() - 1 - digits]))) {
    ++digits;
  }
  return digits > 0 && digits < name.size() && name[name.size() - 1 - digits] == '*';
}

std::string upper_layout_name(const ReorderDesc& d, ReorderLayout layout) {
  static const char* const kFirst[] = {"", "NCW", "NCHW", "NCDHW"};
  static const char* const kLast[] = {"", "NWC", "NHWC", "NDHWC"};
  static const char* const kBlocked[] = {"", "nCw16c", "nChw16c", "nCdhw16c"};
  switch (layout) {
    case ReorderLayout::kChannelsFirst:
      return kFirst[d.spatial_rank];
    case ReorderLayout::kChannelsLast:
      return kLast[d.spatial_rank];
    default:
      return kBlocked[d.spatial_rank];
  }
}

// Element offset of logical (n, c, spatial index s = flattened spatial position) in `layout`.
int64_t offset(const ReorderDesc& d, ReorderLayout layout, int64_t n, int64_t c, int64_t s,
               int64_t pixels) {
  switch (layout) {
    case ReorderLayout::kChannelsFirst:
      return (n * d.ic + c) * pixels + s;
    case ReorderLayout::kChannelsLast:
      return (n * pixels + s) * d.ic + c;
    default:
      return ((n * d.channel_blocks() + c / kChannelBlock) * pixels + s) * kChannelBlock +
             c % kChannelBlock;
  }
}

}  // namespace

std::vector<int64_t> ReorderDesc::shape(ReorderLayout layout) const {
  std::vector<int64_t> result{mb};
  if (layout == ReorderLayout::kChannelsFirst) result.push_back(ic);
  if (layout == ReorderLayout::kBlocked16) result.push_back(channel_blocks());
  result.insert(result.end(), in.begin(), in.begin() + spatial_rank);
  if (layout == ReorderLayout::kChannelsLast) result.push_back(ic);
  if (layout == ReorderLayout::kBlocked16) result.push_back(kChannelBlock);
  return result;
}

std::string ReorderDesc::layout_name(ReorderLayout layout) const {
  std::string name = upper_layout_name(*this, layout);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

std::string ReorderDesc::to_string() const { return kf::to_string(*this); }

std::string ReorderDesc::key() const {
  ReorderDesc unnamed = *this;
  unnamed.name.clear();
  return "reorder:" + kf::to_string(unnamed);
}

void ReorderDesc::set_batch(int64_t batch) {
  mb = batch;
  validate(*this);
}

void ReorderDesc::set_layout(const std::string& layout) {
  throw InputError("--layout",
                   "reorder states its source and destination layouts in the "
                   "descriptor (e.g. _nchw_to_nhwc); got --layout '" +
                       layout + "'");
}

std::vector<TensorSpec> ReorderDesc::inputs() const {
  return {TensorSpec{"input", shape(src), upper_layout_name(*this, src)}};
}

TensorSpec ReorderDesc::output() const {
  return TensorSpec{"output", shape(dst), upper_layout_name(*this, dst)};
}

void ReorderDesc::reference(const std::vector<const float*>& inputs, float* output) const {
  reorder_reference(*this, inputs.at(0), output);
}

bool ReorderDesc::operator==(const ReorderDesc& o) const {
  if (spatial_rank != o.spatial_rank || mb != o.mb || ic != o.ic || src != o.src || dst != o.dst ||
      name != o.name) {
    return false;
  }
  for (int i = 0; i < spatial_rank && i < kMaxSpatialRank; ++i) {
    if (in[i] != o.in[i]) return false;
  }
  return true;
}

void validate(const ReorderDesc& d) {
  if (d.spatial_rank < 1 || d.spatial_rank > kMaxSpatialRank) {
    throw InputError("descriptor",
                     "spatial rank must be 1, 2 or 3, got " + std::to_string(d.spatial_rank));
  }
  auto check = [](const std::string& field, int64_t value) {
    if (value <= 0 || value > kMaxEntry) {
      throw InputError(field, "must be between 1 and " + std::to_string(kMaxEntry) + ", got " +
                                  std::to_string(value));
    }
  };
  check("mb", d.mb);
  check("ic", d.ic);
  static const char* const kLetters = "dhw";
  for (int i = 0; i < d.spatial_rank; ++i) {
    check(std::string("i") + kLetters[kMaxSpatialRank - d.spatial_rank + i], d.in[i]);
  }
  for (ReorderLayout layout : {d.src, d.dst}) {
    int64_t elements = 1;
    for (int64_t extent : d.shape(layout)) {
      if (__builtin_mul_overflow(elements, extent, &elements) || elements > kMaxEntry) {
        throw InputError("descriptor",
                         "the " + d.layout_name(layout) + " tensor must have at most " +
                             std::to_string(kMaxEntry) + " elements (32-bit indexing)");
      }
    }
  }
  if (d.src == d.dst) {
    throw InputError("layout", "source and destination layouts are both " + d.layout_name(d.src) +
                                   "; a reorder must change the layout");
  }
  for (char c : d.name) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || std::isspace(u) || std::iscntrl(u)) {
      throw InputError(
          "n", "name \"" + d.name + "\" must not contain quotes, whitespace or control characters");
    }
  }
  if (ends_in_multiplicity(d.name)) {
    throw InputError("n", "name \"" + d.name + "\" must not end in \"*N\" (that suffix states " +
                              "how often a layer occurs in a shape file)");
  }
}

void reorder_reference(const ReorderDesc& d, const float* input, float* output) {
  validate(d);
  int64_t pixels = 1;
  for (int i = 0; i < d.spatial_rank; ++i) pixels *= d.in[i];
  // Every output element is written: real channels copied, then padded channels zeroed.
  const int64_t channels =
      d.dst == ReorderLayout::kBlocked16 ? d.channel_blocks() * kChannelBlock : d.ic;
  for (int64_t n = 0; n < d.mb; ++n) {
    for (int64_t c = 0; c < channels; ++c) {
      for (int64_t s = 0; s < pixels; ++s) {
        output[offset(d, d.dst, n, c, s, pixels)] =
            c < d.ic ? input[offset(d, d.src, n, c, s, pixels)] : 0.0f;
      }
    }
  }
}

}  // namespace kf
