// benchdnn convolution descriptors <-> ConvDesc: the tokenizer for "g2mb1_ic8ih5oc8kh3ph1n\"x\""
// plus KernelForge's tags, benchdnn's defaults and deductions (0-based dilation, the implicit
// "copy missing w from h and h from d" rule, deduced output size or left pad, derived right pad),
// and the canonical printer whose output parses back to the same ConvDesc.
#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>

#include "dsl/conv_desc.h"
#include "dsl/descriptor_text.h"
#include "dsl/input_error.h"

namespace kf {
namespace {

using descriptor_text::is_digit;
using descriptor_text::malformed;
using descriptor_text::parse_name;
using descriptor_text::parse_number;
using descriptor_text::split_multiplicity;
using descriptor_text::tag_at;
using descriptor_text::trim;

// Scalar entries, then the spatial entries of each kind for d, h, w.
enum Entry { kG, kMb, kIc, kOc, kSpatialBegin };
enum SpatialKind { kIn, kOut, kKernel, kStride, kPad, kDil, kNumKinds };
constexpr int kNumEntries = kSpatialBegin + kNumKinds * kMaxSpatialRank;
constexpr const char* kKindLetters[kNumKinds] = {"i", "o", "k", "s", "p", "d"};
constexpr const char* kKindMeaning[kNumKinds] = {"input size", "output size", "kernel size",
                                                 "stride",     "padding",     "dilation"};
constexpr char kDimLetters[kMaxSpatialRank + 1] = "dhw";

constexpr int spatial_entry(int kind, int dim) {
  return kSpatialBegin + kind * kMaxSpatialRank + dim;
}

std::string entry_name(int e) {
  switch (e) {
    case kG:
      return "g";
    case kMb:
      return "mb";
    case kIc:
      return "ic";
    case kOc:
      return "oc";
    default: {
      const int s = e - kSpatialBegin;
      return std::string(kKindLetters[s / kMaxSpatialRank]) + kDimLetters[s % kMaxSpatialRank];
    }
  }
}

// Everything a descriptor's text states, before defaults and deductions.
// TensorFlow's padding modes, resolved into explicit pads at parse time.
enum class TfPadding { kSame, kValid };

struct RawDesc {
  std::array<std::optional<int64_t>, kNumEntries> value;
  std::optional<TfPadding> tf_padding;
  bool bias = false;
  bool relu = false;
  std::optional<std::pair<float, float>> clamp;
  std::optional<Layout> layout;
  std::optional<std::string> name;
  int multiplicity = 1;
};

// Reads the "LO:HI" bounds of a clamp tag (decimal numbers, sign allowed) up to '_' or the end.
std::pair<float, float> parse_clamp(const std::string& text, size_t& pos) {
  size_t end = text.find('_', pos);
  if (end == std::string::npos) end = text.size();
  const std::string body = text.substr(pos, end - pos);
  const size_t colon = body.find(':');
  auto number = [&](const std::string& part) {
    char* stop = nullptr;
    const float value = std::strtof(part.c_str(), &stop);
    if (part.empty() || *stop != '\0' || !std::isfinite(value)) {
      throw malformed("tag 'clamp" + body + "' needs two finite numbers, e.g. clamp0:6");
    }
    return value;
  };
  if (colon == std::string::npos) {
    throw malformed("tag 'clamp" + body + "' needs LO:HI, e.g. clamp0:6");
  }
  pos = end;
  return {number(body.substr(0, colon)), number(body.substr(colon + 1))};
}

RawDesc tokenize(const std::string& text) {
  RawDesc raw;
  // Two-letter entries first so that no prefix shadows a longer name.
  static const std::array<int, kNumEntries> kOrder = [] {
    std::array<int, kNumEntries> order{};
    int n = 0;
    for (int e = kMb; e < kNumEntries; ++e) order[n++] = e;
    order[n] = kG;
    return order;
  }();
  size_t pos = 0;
  while (pos < text.size()) {
    const char c = text[pos];
    if (c == '_') {
      ++pos;
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(c))) {
      throw malformed("unexpected whitespace at position " + std::to_string(pos) +
                      "; a descriptor is a single word");
    }
    if (tag_at(text, pos, "bia") || tag_at(text, pos, "relu")) {
      const bool is_bias = c == 'b';
      bool& flag = is_bias ? raw.bias : raw.relu;
      if (!is_bias && raw.clamp) throw malformed("more than one activation tag");
      if (flag)
        throw malformed(std::string("tag '") + (is_bias ? "bia" : "relu") + "' given twice");
      flag = true;
      pos += is_bias ? 3 : 4;
      continue;
    }
    if (text.compare(pos, 5, "clamp") == 0) {
      if (raw.clamp || raw.relu) throw malformed("more than one activation tag");
      pos += 5;
      raw.clamp = parse_clamp(text, pos);
      continue;
    }
    if (tag_at(text, pos, "same") || tag_at(text, pos, "valid")) {
      if (raw.tf_padding)
        throw malformed("padding mode given twice ('" + text.substr(pos, 5) + "')");
      const bool same = c == 's';
      raw.tf_padding = same ? TfPadding::kSame : TfPadding::kValid;
      pos += same ? 4 : 5;
      continue;
    }
    if (tag_at(text, pos, "nchw16c")) {
      if (raw.layout) throw malformed("layout given twice ('" + text.substr(pos, 7) + "')");
      raw.layout = Layout::kNCHW16c;
      pos += 7;
      continue;
    }
    if (tag_at(text, pos, "nchw") || tag_at(text, pos, "nhwc")) {
      if (raw.layout) throw malformed("layout given twice ('" + text.substr(pos, 4) + "')");
      raw.layout = text[pos + 1] == 'c' ? Layout::kNCHW : Layout::kNHWC;
      pos += 4;
      continue;
    }
    if (c == 'n') {
      if (raw.name) throw malformed("entry 'n' (name) given twice");
      std::string name = parse_name(text, pos);
      raw.multiplicity = split_multiplicity(name);
      raw.name = std::move(name);
      continue;
    }
    bool matched = false;
    for (int e : kOrder) {
      const std::string name = entry_name(e);
      if (text.compare(pos, name.size(), name) != 0) continue;
      pos += name.size();
      const int64_t v = parse_number(text, pos, name);
      if (raw.value[e]) {
        throw malformed("entry '" + name + "' given twice (" + std::to_string(*raw.value[e]) +
                        " and " + std::to_string(v) + ")");
      }
      raw.value[e] = v;
      matched = true;
      break;
    }
    if (!matched) {
      throw malformed("unknown entry '" + text.substr(pos, 12) + "' at position " +
                      std::to_string(pos) +
                      "; expected g mb ic oc i/o/k/s/p/d + d/h/w, n\"NAME\", or a tag bia, relu, "
                      "clampLO:HI, nchw, nhwc, same, valid followed by '_' or the end");
    }
  }
  return raw;
}

void require_positive(const RawDesc& raw, int e) {
  if (raw.value[e] && *raw.value[e] <= 0) {
    throw InputError(entry_name(e), "must be positive, got " + std::to_string(*raw.value[e]));
  }
}

struct DimValues {
  int64_t in, out, kernel, stride, dilation, pad_begin, pad_end;
};

// TensorFlow's SAME and VALID padding (tf.nn.conv1d/2d/3d): SAME gives ceil(in / stride) outputs
// and pads max((out - 1) * stride + extent - in, 0) in total, the odd pixel at the end; VALID
// pads nothing and gives floor((in - extent) / stride) + 1 outputs.
DimValues deduce_tf_padding(const RawDesc& raw, int dim, DimValues v) {
  const std::string l(1, kDimLetters[dim]);
  const char* mode = *raw.tf_padding == TfPadding::kSame ? "same" : "valid";
  for (int kind : {kOut, kPad}) {
    if (raw.value[spatial_entry(kind, dim)]) {
      throw InputError(kKindLetters[kind] + l, std::string("cannot be given with the '") + mode +
                                                   "' padding tag, which determines the " +
                                                   kKindMeaning[kind]);
    }
  }
  const int64_t ext = (v.kernel - 1) * v.dilation + 1;
  if (*raw.tf_padding == TfPadding::kSame) {
    v.out = (v.in + v.stride - 1) / v.stride;
    const int64_t total = std::max<int64_t>((v.out - 1) * v.stride + ext - v.in, 0);
    v.pad_begin = total / 2;
    v.pad_end = total - v.pad_begin;
    return v;
  }
  if (v.in < ext) {
    throw InputError("k" + l, "dilated kernel extent " + std::to_string(ext) + " exceeds input i" +
                                  l + " " + std::to_string(v.in) + " ('valid' padding adds none)");
  }
  v.out = (v.in - ext) / v.stride + 1;
  v.pad_begin = 0;
  v.pad_end = (v.out - 1) * v.stride + ext - v.in;
  return v;
}

// Applies benchdnn's defaults and deductions to one spatial dimension the text mentions.
DimValues deduce_dim(const RawDesc& raw, int dim, int rank) {
  const std::string l(1, kDimLetters[dim]);
  auto get = [&](int kind) { return raw.value[spatial_entry(kind, dim)]; };
  for (int kind : {kIn, kKernel}) {
    if (!get(kind)) {
      throw InputError(kKindLetters[kind] + l, std::string("missing: a ") + std::to_string(rank) +
                                                   "D descriptor needs " + kKindLetters[kind] + l +
                                                   " (the " + kKindMeaning[kind] + ")");
    }
  }
  for (int kind : {kIn, kKernel, kOut, kStride}) require_positive(raw, spatial_entry(kind, dim));
  DimValues v{};
  v.in = *get(kIn);
  v.kernel = *get(kKernel);
  v.stride = get(kStride).value_or(1);
  v.dilation = get(kDil).value_or(0) + 1;
  const int64_t ext = (v.kernel - 1) * v.dilation + 1;
  if (raw.tf_padding) return deduce_tf_padding(raw, dim, v);
  if (!get(kOut)) {
    v.pad_begin = get(kPad).value_or(0);
    const int64_t padded = v.in + 2 * v.pad_begin;
    if (padded < ext) {
      throw InputError("k" + l, "dilated kernel extent " + std::to_string(ext) +
                                    " exceeds padded input " + std::to_string(padded) + " (i" + l +
                                    " " + std::to_string(v.in) + " + p" + l + " " +
                                    std::to_string(v.pad_begin) + " + pad_end " +
                                    std::to_string(v.pad_begin) + ")");
    }
    v.out = (padded - ext) / v.stride + 1;
  } else {
    v.out = *get(kOut);
    if (get(kPad)) {
      v.pad_begin = *get(kPad);
    } else {
      // benchdnn: ((o - 1) * s - i + ext) / 2, truncated toward zero.
      v.pad_begin = ((v.out - 1) * v.stride - v.in + ext) / 2;
      if (v.pad_begin < 0) {
        throw InputError("o" + l,
                         "given " + std::to_string(v.out) + " is too small: the deduced p" + l +
                             " ((o" + l + " - 1) * s" + l + " - i" + l +
                             " + extent) / 2 = " + std::to_string(v.pad_begin) + " is negative");
      }
    }
  }
  v.pad_end = (v.out - 1) * v.stride - v.in + ext - v.pad_begin;
  return v;
}

ConvDesc build(const RawDesc& raw) {
  for (int e : {kIc, kOc}) {
    if (!raw.value[e]) {
      throw InputError(entry_name(e), "missing: every descriptor needs " + entry_name(e) + " (" +
                                          (e == kIc ? "input" : "output") + " channels)");
    }
  }
  for (int e : {kG, kMb, kIc, kOc}) require_positive(raw, e);
  std::array<bool, kMaxSpatialRank> present{};
  for (int dim = 0; dim < kMaxSpatialRank; ++dim) {
    for (int kind = 0; kind < kNumKinds; ++kind) {
      present[dim] = present[dim] || raw.value[spatial_entry(kind, dim)].has_value();
    }
  }
  ConvDesc desc;
  desc.spatial_rank = present[0] ? 3 : present[1] ? 2 : present[2] ? 1 : 0;
  if (desc.spatial_rank == 0) {
    throw InputError("ih",
                     "missing: a descriptor needs an input and kernel size (iw kw for 1D, "
                     "ih kh for 2D, id kd for 3D)");
  }
  // Dimensions d, h, w of a rank-3 problem; h, w of rank 2; w of rank 1.
  const int first = kMaxSpatialRank - desc.spatial_rank;
  DimValues prev{};
  for (int dim = first; dim < kMaxSpatialRank; ++dim) {
    const DimValues v = present[dim] ? deduce_dim(raw, dim, desc.spatial_rank) : prev;
    const int i = dim - first;
    desc.in[i] = v.in;
    desc.out[i] = v.out;
    desc.kernel[i] = v.kernel;
    desc.stride[i] = v.stride;
    desc.dilation[i] = v.dilation;
    desc.pad_begin[i] = v.pad_begin;
    desc.pad_end[i] = v.pad_end;
    prev = v;
  }
  desc.mb = raw.value[kMb].value_or(2);
  desc.groups = raw.value[kG].value_or(1);
  desc.ic = *raw.value[kIc];
  desc.oc = *raw.value[kOc];
  desc.bias = raw.bias;
  desc.activation = raw.relu ? Activation::kRelu : Activation::kNone;
  if (raw.clamp) {
    desc.activation = Activation::kClamp;
    desc.clamp_min = raw.clamp->first;
    desc.clamp_max = raw.clamp->second;
  }
  desc.layout = raw.layout.value_or(Layout::kNHWC);
  desc.name = raw.name.value_or("");
  validate(desc);
  return desc;
}

}  // namespace

ShapeEntry parse_conv_entry(const std::string& text) {
  const std::string trimmed = trim(text);
  if (trimmed.empty()) throw malformed("empty descriptor");
  const RawDesc raw = tokenize(trimmed);
  ShapeEntry entry;
  entry.desc = build(raw);
  entry.multiplicity = raw.multiplicity;
  return entry;
}

ConvDesc parse_conv(const std::string& text) { return parse_conv_entry(text).desc; }

std::string to_string(const ConvDesc& d) {
  const int rank = d.spatial_rank;
  const int first = kMaxSpatialRank - rank;
  auto group = [&](const char* kind, const auto& values, int64_t offset) {
    std::string s;
    for (int i = 0; i < rank; ++i) {
      s += kind + std::string(1, kDimLetters[first + i]) + std::to_string(values[i] + offset);
    }
    return s;
  };
  std::string s = "g" + std::to_string(d.groups) + "mb" + std::to_string(d.mb);
  s += "_ic" + std::to_string(d.ic) + group("i", d.in, 0);
  s += "_oc" + std::to_string(d.oc) + group("o", d.out, 0);
  s += "_" + group("k", d.kernel, 0) + "_" + group("s", d.stride, 0);
  s += "_" + group("p", d.pad_begin, 0) + "_" + group("d", d.dilation, -1);
  s += d.layout == Layout::kNCHW ? "_nchw" : d.layout == Layout::kNHWC ? "_nhwc" : "_nchw16c";
  if (d.bias) s += "_bia";
  if (d.activation == Activation::kRelu) s += "_relu";
  if (d.activation == Activation::kClamp) {
    char bounds[64];
    std::snprintf(bounds, sizeof(bounds), "_clamp%.9g:%.9g", d.clamp_min, d.clamp_max);
    s += bounds;
  }
  if (!d.name.empty()) s += "_n\"" + d.name + "\"";
  return s;
}

std::string workload_key(const ConvDesc& desc) {
  ConvDesc unnamed = desc;
  unnamed.name.clear();
  return to_string(unnamed);
}

}  // namespace kf
