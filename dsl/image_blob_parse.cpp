// Image-blob descriptors <-> ImageBlobDesc: entries mb/ih/iw/ic, real-valued entries scale, mean
// and std (per-channel values separated by ':'), tags swaprb and nchw/nhwc, a name n"NAME" with
// "*N" multiplicity, and the canonical printer (shortest round-trip numbers).
#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "dsl/descriptor_text.h"
#include "dsl/image_blob_desc.h"
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

// The text from `pos` up to the next '_' (or the end), advancing `pos` past it.
std::string take_word(const std::string& text, size_t& pos) {
  const size_t end = std::min(text.find('_', pos), text.size());
  std::string word = text.substr(pos, end - pos);
  pos = end;
  return word;
}

// A real number of entry `field` that must fill all of `word`.
double parse_real(const std::string& field, const std::string& word) {
  const char* begin = word.c_str();
  char* end = nullptr;
  const double value = word.empty() ? 0.0 : std::strtod(begin, &end);
  if (word.empty() || end != begin + word.size() ||
      std::isspace(static_cast<unsigned char>(word[0]))) {
    throw InputError(field, "must be a number, got '" + word + "'");
  }
  return value;
}

// Values separated by ':' of entry `field`, e.g. "103.9:116.8:123.7".
std::vector<double> parse_reals(const std::string& field, const std::string& word) {
  std::vector<double> values;
  size_t start = 0;
  while (true) {
    const size_t colon = word.find(':', start);
    values.push_back(parse_real(field, word.substr(start, colon - start)));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  return values;
}

// The shortest text that reads back as `value`.
std::string shortest(double value) {
  std::array<char, 32> text{};
  const auto result = std::to_chars(text.data(), text.data() + text.size(), value);
  return std::string(text.data(), result.ptr);
}

std::string join(const std::vector<double>& values) {
  std::string text;
  for (size_t i = 0; i < values.size(); ++i) text += (i ? ":" : "") + shortest(values[i]);
  return text;
}

}  // namespace

ImageBlobDesc parse_image_blob(const std::string& raw_text, int* multiplicity) {
  const std::string text = trim(raw_text);
  if (text.empty()) throw malformed("empty descriptor");
  static const char* const kEntries[] = {"mb", "ih", "iw", "ic"};
  std::array<std::optional<int64_t>, 4> size;
  std::optional<double> scale;
  std::optional<std::vector<double>> mean, stddev;
  std::optional<BlobLayout> layout;
  bool swap_rb = false;
  std::optional<std::string> name;
  int count = 1;
  size_t pos = 0;
  auto once = [](bool seen, const std::string& entry) {
    if (seen) throw malformed("entry '" + entry + "' given twice");
  };
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
    if (tag_at(text, pos, "swaprb")) {
      once(swap_rb, "swaprb");
      swap_rb = true;
      pos += 6;
      continue;
    }
    if (tag_at(text, pos, "nchw") || tag_at(text, pos, "nhwc")) {
      once(layout.has_value(), "layout");
      layout = text[pos + 1] == 'c' ? BlobLayout::kNchw : BlobLayout::kNhwc;
      pos += 4;
      continue;
    }
    if (text.compare(pos, 5, "scale") == 0) {
      once(scale.has_value(), "scale");
      pos += 5;
      scale = parse_real("scale", take_word(text, pos));
      continue;
    }
    if (text.compare(pos, 4, "mean") == 0) {
      once(mean.has_value(), "mean");
      pos += 4;
      mean = parse_reals("mean", take_word(text, pos));
      continue;
    }
    if (text.compare(pos, 3, "std") == 0) {
      once(stddev.has_value(), "std");
      pos += 3;
      stddev = parse_reals("std", take_word(text, pos));
      continue;
    }
    bool matched = false;
    for (int e = 0; e < 4 && !matched; ++e) {
      if (text.compare(pos, 2, kEntries[e]) != 0 || pos + 2 >= text.size() ||
          !is_digit(text[pos + 2])) {
        continue;
      }
      once(size[e].has_value(), kEntries[e]);
      pos += 2;
      size[e] = parse_number(text, pos, kEntries[e]);
      matched = true;
    }
    if (matched) continue;
    if (c == 'n') {
      once(name.has_value(), "n");
      std::string parsed = parse_name(text, pos);
      count = split_multiplicity(parsed);
      name = std::move(parsed);
      continue;
    }
    throw malformed("unknown entry '" + text.substr(pos, 12) + "' at position " +
                    std::to_string(pos) +
                    "; expected mb ih iw ic, scaleF, meanF:F:F, stdF:F:F, swaprb, nchw or nhwc, "
                    "or n\"NAME\"");
  }
  if (!size[1]) throw InputError("ih", "missing: every image_blob descriptor needs ih (height)");
  if (!size[3]) throw InputError("ic", "missing: every image_blob descriptor needs ic (channels)");
  ImageBlobDesc desc;
  desc.mb = size[0].value_or(1);
  desc.ih = *size[1];
  desc.iw = size[2].value_or(desc.ih);
  desc.ic = *size[3];
  desc.scale = scale.value_or(1.0);
  // An all-zero mean and an all-one std change nothing: dropped, so that keys are canonical.
  if (mean && std::any_of(mean->begin(), mean->end(), [](double m) { return m != 0; })) {
    desc.mean = *mean;
  }
  if (stddev && std::any_of(stddev->begin(), stddev->end(), [](double s) { return s != 1; })) {
    desc.stddev = *stddev;
  }
  // Counts are checked even for a dropped mean or std: "mean0:0" with ic3 is a mistake.
  ImageBlobDesc counted = desc;
  if (mean) counted.mean = *mean;
  if (stddev) counted.stddev = *stddev;
  desc.swap_rb = swap_rb;
  counted.swap_rb = swap_rb;
  desc.layout = layout.value_or(BlobLayout::kNchw);
  desc.name = name.value_or("");
  counted.name = desc.name;
  validate(counted);
  validate(desc);
  if (multiplicity) *multiplicity = count;
  return desc;
}

std::string to_string(const ImageBlobDesc& d) {
  std::string s = "mb" + std::to_string(d.mb) + "ih" + std::to_string(d.ih) + "iw" +
                  std::to_string(d.iw) + "ic" + std::to_string(d.ic) + "_scale" + shortest(d.scale);
  if (!d.mean.empty()) s += "_mean" + join(d.mean);
  if (!d.stddev.empty()) s += "_std" + join(d.stddev);
  if (d.swap_rb) s += "_swaprb";
  if (d.layout == BlobLayout::kNhwc) s += "_nhwc";
  if (!d.name.empty()) s += "_n\"" + d.name + "\"";
  return s;
}

}  // namespace kf
