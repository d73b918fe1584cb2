// benchdnn deconvolution descriptors <-> DeconvDesc: a tokenizer for the conv driver's grammar
// ("g2mb1_ic8ih5oc8kh3sh2ph1n\"x\"") plus KernelForge's tags, benchdnn's deconvolution
// deductions (output size or left pad from the others, right pad derived; 0-based dilation;
// missing w copied from h and h from d), TensorFlow's SAME/VALID tags, and the canonical printer.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <optional>
#include <string>
#include <tuple>

#include "dsl/deconv_desc.h"
#include "dsl/descriptor_text.h"
#include "dsl/input_error.h"

namespace kf {
namespace {

using descriptor_text::is_digit;
using descriptor_text::malformed;
using descriptor_text::parse_number;
using descriptor_text::tag_at;
using descriptor_text::trim;

enum SpatialKind { kIn, kOut, kKernel, kStride, kPad, kDil, kNumKinds };
constexpr const char* kKindLetters = "iokspd";
constexpr const char* kDimLetters = "dhw";

// Everything a descriptor's text states, before defaults and deductions.
struct RawDeconv {
  std::optional<int64_t> g, mb, ic, oc;
  std::optional<int64_t> spatial[kNumKinds][kMaxSpatialRank];
  bool bias = false, relu = false;
  std::optional<Layout> layout;
  std::optional<DeconvWeights> weights;
  std::optional<TfDeconvPadding> tf_padding;
  std::optional<std::string> name;
  int multiplicity = 1;
};

// Reads nNAME / n"NAME" at `pos` (the 'n') and splits off a "*N" multiplicity.
std::string parse_name(const std::string& text, size_t& pos, int& multiplicity) {
  ++pos;
  std::string name;
  if (pos < text.size() && text[pos] == '"') {
    const size_t close = text.find('"', pos + 1);
    if (close == std::string::npos)
      throw malformed("unterminated quote in name n" + text.substr(pos));
    name = text.substr(pos + 1, close - pos - 1);
    pos = close + 1;
  } else {
    name = text.substr(pos);  // an unquoted name runs to the end, as in benchdnn
    pos = text.size();
    if (name.empty()) throw malformed("entry 'n' needs a name, e.g. n\"unet:deconv1\"");
    if (name.find('"') != std::string::npos) {
      throw malformed("unquoted name '" + name + "' contains a quote; write n\"NAME\"");
    }
  }
  const size_t star = name.rfind('*');
  if (star != std::string::npos && star + 1 < name.size() &&
      name.find_first_not_of("0123456789", star + 1) == std::string::npos) {
    const std::string digits = name.substr(star + 1);
    if (digits.size() > 9 || std::stoll(digits) == 0) {
      throw InputError("n", "multiplicity in \"" + name + "\" must be between 1 and 999999999");
    }
    multiplicity = static_cast<int>(std::stoll(digits));
    name.resize(star);
  }
  return name;
}

template <typename T>
void set_once(std::optional<T>& slot, T value, const std::string& what) {
  if (slot) throw malformed(what + " given twice");
  slot = value;
}

RawDeconv tokenize(const std::string& text) {
  RawDeconv raw;
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
    auto flag = [&](const char* tag, bool& value) {
      if (!tag_at(text, pos, tag)) return false;
      if (value) throw malformed(std::string("tag '") + tag + "' given twice");
      value = true;
      pos += std::string(tag).size();
      return true;
    };
    auto choice = [&](const char* tag, auto& slot, auto value, const char* what) {
      if (!tag_at(text, pos, tag)) return false;
      set_once(slot, value, what);
      pos += std::string(tag).size();
      return true;
    };
    if (flag("bia", raw.bias) || flag("relu", raw.relu) ||
        choice("nchw", raw.layout, Layout::kNCHW, "layout") ||
        choice("nhwc", raw.layout, Layout::kNHWC, "layout") ||
        choice("wpt", raw.weights, DeconvWeights::kPyTorch, "weight layout (wpt/wtf)") ||
        choice("wtf", raw.weights, DeconvWeights::kTensorFlow, "weight layout (wpt/wtf)") ||
        choice("same", raw.tf_padding, TfDeconvPadding::kSame, "TensorFlow padding") ||
        choice("valid", raw.tf_padding, TfDeconvPadding::kValid, "TensorFlow padding")) {
      continue;
    }
    if (c == 'n') {
      if (raw.name) throw malformed("entry 'n' (name) given twice");
      raw.name = parse_name(text, pos, raw.multiplicity);
      continue;
    }
    std::optional<int64_t>* slot = nullptr;
    std::string name;
    for (const auto& [entry, target] :
         {std::pair{"mb", &raw.mb}, std::pair{"ic", &raw.ic}, std::pair{"oc", &raw.oc}}) {
      if (text.compare(pos, 2, entry) == 0) slot = target, name = entry;
    }
    const char* kind = c ? std::strchr(kKindLetters, c) : nullptr;
    if (!slot && kind && pos + 1 < text.size() && text[pos + 1]) {
      const char* dim = std::strchr(kDimLetters, text[pos + 1]);
      if (dim) {
        slot = &raw.spatial[kind - kKindLetters][dim - kDimLetters];
        name = text.substr(pos, 2);
      }
    }
    if (!slot && c == 'g') slot = &raw.g, name = "g";
    if (!slot) {
      throw malformed("unknown entry '" + text.substr(pos, 12) + "' at position " +
                      std::to_string(pos) +
                      "; expected g mb ic oc i/o/k/s/p/d + d/h/w, n\"NAME\", or a tag bia, relu, "
                      "nchw, nhwc, wpt, wtf, same, valid followed by '_' or the end");
    }
    pos += name.size();
    const int64_t v = parse_number(text, pos, name);
    if (*slot) {
      throw malformed("entry '" + name + "' given twice (" + std::to_string(**slot) + " and " +
                      std::to_string(v) + ")");
    }
    *slot = v;
  }
  return raw;
}

struct DimValues {
  int64_t in, out, kernel, stride, dilation, pad_begin, pad_end;
};

DimValues deduce_dim(const RawDeconv& raw, int dim, int rank) {
  const std::string l(1, kDimLetters[dim]);
  auto get = [&](int kind) { return raw.spatial[kind][dim]; };
  auto field = [&](int kind) { return std::string(1, kKindLetters[kind]) + l; };
  for (int kind : {kIn, kKernel}) {
    if (!get(kind)) {
      throw InputError(field(kind),
                       "missing: a " + std::to_string(rank) + "D descriptor needs " + field(kind));
    }
  }
  for (int kind : {kIn, kKernel, kOut, kStride}) {
    if (get(kind) && *get(kind) <= 0) {
      throw InputError(field(kind), "must be positive, got " + std::to_string(*get(kind)));
    }
  }
  DimValues v{};
  v.in = *get(kIn);
  v.kernel = *get(kKernel);
  v.stride = get(kStride).value_or(1);
  v.dilation = get(kDil).value_or(0) + 1;
  const int64_t ext = (v.kernel - 1) * v.dilation + 1;
  const int64_t full = (v.in - 1) * v.stride + ext;
  if (raw.tf_padding) {
    const TfDeconvPadding mode = *raw.tf_padding;
    const char* tag = mode == TfDeconvPadding::kSame ? "same" : "valid";
    if (get(kPad)) {
      throw InputError(field(kPad), std::string("cannot be given with the '") + tag +
                                        "' padding tag, which determines the padding");
    }
    const auto [lo, hi] = tf_output_range(mode, v.in, v.kernel, v.stride, v.dilation);
    // Without o, Keras' default output length: SAME in * s, VALID max(full, in * s).
    v.out = get(kOut).value_or(mode == TfDeconvPadding::kSame ? v.in * v.stride
                                                              : std::max(full, v.in * v.stride));
    if (v.out < lo || v.out > hi) {
      throw InputError(field(kOut), "given " + std::to_string(v.out) + ", but with '" + tag +
                                        "' padding the output must be in [" + std::to_string(lo) +
                                        ", " + std::to_string(hi) + "]");
    }
    std::tie(v.pad_begin, v.pad_end) = tf_pads(mode, v.in, v.out, v.kernel, v.stride, v.dilation);
    return v;
  }
  if (!get(kOut)) {
    v.pad_begin = get(kPad).value_or(0);
    v.out = full - 2 * v.pad_begin;  // benchdnn: (i-1)*s + (k-1)*(d+1) - 2p + 1
    if (v.out <= 0) {
      throw InputError(field(kPad), std::to_string(v.pad_begin) + " on both sides leaves no " +
                                        "output: (i" + l + " - 1) * s" + l + " + extent - 2p" + l +
                                        " = " + std::to_string(v.out));
    }
  } else {
    v.out = *get(kOut);
    // benchdnn: ((i - 1) * s - o + extent) / 2, truncated toward zero.
    v.pad_begin = get(kPad) ? *get(kPad) : (full - v.out) / 2;
    if (v.pad_begin < 0) {
      throw InputError(field(kOut), "given " + std::to_string(v.out) + " is larger than (i" + l +
                                        " - 1) * s" + l + " + extent = " + std::to_string(full) +
                                        " plus what output padding allows");
    }
  }
  v.pad_end = full - v.out - v.pad_begin;
  return v;
}

DeconvDesc build(const RawDeconv& raw) {
  if (!raw.ic) throw InputError("ic", "missing: every descriptor needs ic (input channels)");
  if (!raw.oc) throw InputError("oc", "missing: every descriptor needs oc (output channels)");
  std::array<bool, kMaxSpatialRank> present{};
  for (int dim = 0; dim < kMaxSpatialRank; ++dim) {
    for (int kind = 0; kind < kNumKinds; ++kind) present[dim] |= raw.spatial[kind][dim].has_value();
  }
  DeconvDesc d;
  d.spatial_rank = present[0] ? 3 : present[1] ? 2 : present[2] ? 1 : 0;
  if (d.spatial_rank == 0) {
    throw InputError("ih",
                     "missing: a descriptor needs an input and kernel size (iw kw for 1D, "
                     "ih kh for 2D, id kd for 3D)");
  }
  const int first = kMaxSpatialRank - d.spatial_rank;
  DimValues prev{};
  for (int dim = first; dim < kMaxSpatialRank; ++dim) {
    const DimValues v = present[dim] ? deduce_dim(raw, dim, d.spatial_rank) : prev;
    const int i = dim - first;
    d.in[i] = v.in;
    d.out[i] = v.out;
    d.kernel[i] = v.kernel;
    d.stride[i] = v.stride;
    d.dilation[i] = v.dilation;
    d.pad_begin[i] = v.pad_begin;
    d.pad_end[i] = v.pad_end;
    prev = v;
  }
  d.mb = raw.mb.value_or(2);
  d.groups = raw.g.value_or(1);
  d.ic = *raw.ic;
  d.oc = *raw.oc;
  d.bias = raw.bias;
  d.relu = raw.relu;
  d.layout = raw.layout.value_or(Layout::kNHWC);
  d.weights = raw.weights.value_or(default_deconv_weights(d.layout, d.groups));
  d.name = raw.name.value_or("");
  validate(d);
  return d;
}

}  // namespace

std::pair<DeconvDesc, int> parse_deconv_entry(const std::string& text) {
  const std::string trimmed = trim(text);
  if (trimmed.empty()) throw malformed("empty descriptor");
  const RawDeconv raw = tokenize(trimmed);
  return {build(raw), raw.multiplicity};
}

DeconvDesc parse_deconv(const std::string& text) { return parse_deconv_entry(text).first; }

std::string to_string(const DeconvDesc& d) {
  const int rank = d.spatial_rank;
  const int first = kMaxSpatialRank - rank;
  auto group = [&](const char* kind, const DeconvDesc::Dims& values, int64_t offset) {
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
  s += d.layout == Layout::kNCHW ? "_nchw" : "_nhwc";
  s += d.weights == DeconvWeights::kPyTorch ? "_wpt" : "_wtf";
  if (d.bias) s += "_bia";
  if (d.relu) s += "_relu";
  if (!d.name.empty()) s += "_n\"" + d.name + "\"";
  return s;
}

std::string workload_key(const DeconvDesc& desc) {
  DeconvDesc unnamed = desc;
  unnamed.name.clear();
  return to_string(unnamed);
}

}  // namespace kf
