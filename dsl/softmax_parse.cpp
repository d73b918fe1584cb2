// benchdnn softmax descriptors <-> SoftmaxDesc: "NxCxHxW" dims, KernelForge's _axisK and
// _nchw/_nhwc tags, benchdnn's n"NAME" (with a "*N" multiplicity), and the canonical printer.
#include <cctype>
#include <cstdint>
#include <optional>
#include <string>

#include "dsl/descriptor_text.h"
#include "dsl/input_error.h"
#include "dsl/softmax_desc.h"

namespace kf {
namespace {

using descriptor_text::is_digit;
using descriptor_text::kMaxNumber;
using descriptor_text::malformed;
using descriptor_text::parse_name;
using descriptor_text::split_multiplicity;
using descriptor_text::trim;

// A tag is a whole word: it must be followed by '_' or end the descriptor.
bool word_at(const std::string& text, size_t pos, const std::string& word) {
  if (text.compare(pos, word.size(), word) != 0) return false;
  const size_t end = pos + word.size();
  return end == text.size() || text[end] == '_';
}

int64_t parse_number(const std::string& text, size_t& pos, const std::string& what) {
  if (pos >= text.size() || !is_digit(text[pos])) {
    const std::string got = pos >= text.size() ? "end of text" : "'" + text.substr(pos, 8) + "'";
    throw malformed(what + " needs a non-negative decimal number, got " + got);
  }
  int64_t value = 0;
  const size_t start = pos;
  for (; pos < text.size() && is_digit(text[pos]); ++pos) {
    value = value * 10 + (text[pos] - '0');
    if (value > kMaxNumber) {
      while (pos < text.size() && is_digit(text[pos])) ++pos;
      throw malformed("number " + text.substr(start, pos - start) + " of " + what +
                      " is too large (at most " + std::to_string(kMaxNumber) + ")");
    }
  }
  return value;
}

}  // namespace

SoftmaxDesc parse_softmax(const std::string& raw_text, int* multiplicity) {
  const std::string text = trim(raw_text);
  if (text.empty()) throw malformed("empty descriptor");
  if (text.rfind("--", 0) == 0) {
    throw malformed("benchdnn option '" + text.substr(0, text.find_first_of(" \t")) +
                    "' is not supported in a descriptor or shape file; state the axis and "
                    "layout as tags of each descriptor, e.g. 2x19x128x256_axis3_nchw");
  }
  SoftmaxDesc desc;
  size_t pos = 0;
  desc.dims.push_back(parse_number(text, pos, "dim 0 of NxCxHxW"));
  while (pos < text.size() && text[pos] == 'x') {
    ++pos;
    if (desc.rank() == kMaxSoftmaxRank) {
      throw malformed("more than 5 dims (N x C x D x H x W) in '" + text + "'");
    }
    desc.dims.push_back(
        parse_number(text, pos, "dim " + std::to_string(desc.rank()) + " of NxCxHxW"));
  }
  std::optional<int> axis;
  std::optional<Layout> layout;
  std::optional<std::string> name;
  int count = 1;
  while (pos < text.size()) {
    const char c = text[pos];
    if (c == '_') {
      ++pos;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      throw malformed("unexpected whitespace at position " + std::to_string(pos) +
                      "; a descriptor is a single word");
    } else if (text.compare(pos, 4, "axis") == 0) {
      if (axis) throw malformed("tag 'axis' given twice");
      pos += 4;
      axis = static_cast<int>(parse_number(text, pos, "tag 'axis'"));
      if (pos < text.size() && text[pos] != '_') {
        throw malformed("tag 'axis" + std::to_string(*axis) + "' must be followed by '_' or end");
      }
    } else if (word_at(text, pos, "nchw") || word_at(text, pos, "nhwc")) {
      if (layout) throw malformed("layout given twice ('" + text.substr(pos, 4) + "')");
      layout = text[pos + 1] == 'c' ? Layout::kNCHW : Layout::kNHWC;
      pos += 4;
    } else if (c == 'n') {
      if (name) throw malformed("entry 'n' (name) given twice");
      std::string parsed = parse_name(text, pos);
      count = split_multiplicity(parsed);
      name = std::move(parsed);
    } else {
      throw malformed("unknown entry '" + text.substr(pos, 12) + "' at position " +
                      std::to_string(pos) +
                      "; expected dims NxCxHxW then tags axisK, nchw, nhwc, n\"NAME\" separated "
                      "by '_'");
    }
  }
  desc.axis = axis.value_or(1);
  desc.layout = desc.rank() >= 3 ? layout.value_or(Layout::kNCHW) : Layout::kNCHW;
  desc.name = name.value_or("");
  validate(desc);
  if (multiplicity) *multiplicity = count;
  return desc;
}

std::string to_string(const SoftmaxDesc& d) {
  std::string s;
  for (int i = 0; i < d.rank(); ++i) s += (i ? "x" : "") + std::to_string(d.dims[i]);
  s += "_axis" + std::to_string(d.axis);
  s += d.layout == Layout::kNHWC ? "_nhwc" : "_nchw";
  if (!d.name.empty()) s += "_n\"" + d.name + "\"";
  return s;
}

}  // namespace kf
