// Reorder descriptors <-> ReorderDesc: benchdnn-style entries mb/ic/id/ih/iw, the conversion
// "SRC_to_DST" with layout names of any rank (nchw, nhwc, nchw16c and their 1D/3D kin), a name
// n"NAME" with "*N" multiplicity, and the canonical printer.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dsl/descriptor_text.h"
#include "dsl/input_error.h"
#include "dsl/reorder_desc.h"

namespace kf {
namespace {

using descriptor_text::is_digit;
using descriptor_text::malformed;
using descriptor_text::parse_name;
using descriptor_text::parse_number;
using descriptor_text::split_multiplicity;
using descriptor_text::trim;

// Length of the word at `pos` (up to '_' or the end).
size_t word_length(const std::string& text, size_t pos) {
  const size_t end = text.find('_', pos);
  return (end == std::string::npos ? text.size() : end) - pos;
}

struct LayoutWord {
  const char* word;
  ReorderLayout layout;
  int rank;  ///< 0: the rank-generic 2D spelling
};

const LayoutWord kLayoutWords[] = {
    {"nchw", ReorderLayout::kChannelsFirst, 0},  {"nhwc", ReorderLayout::kChannelsLast, 0},
    {"nchw16c", ReorderLayout::kBlocked16, 0},   {"ncw", ReorderLayout::kChannelsFirst, 1},
    {"nwc", ReorderLayout::kChannelsLast, 1},    {"ncw16c", ReorderLayout::kBlocked16, 1},
    {"ncdhw", ReorderLayout::kChannelsFirst, 3}, {"ndhwc", ReorderLayout::kChannelsLast, 3},
    {"ncdhw16c", ReorderLayout::kBlocked16, 3},
};

const LayoutWord* layout_word(const std::string& text, size_t pos) {
  std::string word = text.substr(pos, word_length(text, pos));
  for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const LayoutWord& w : kLayoutWords) {
    if (word == w.word) return &w;
  }
  return nullptr;
}

}  // namespace

ReorderDesc parse_reorder(const std::string& raw_text, int* multiplicity) {
  const std::string text = trim(raw_text);
  if (text.empty()) throw malformed("empty descriptor");
  static const char* const kEntries[] = {"mb", "ic", "id", "ih", "iw"};
  std::array<std::optional<int64_t>, 5> value;
  std::vector<const LayoutWord*> layouts;
  bool saw_to = false;
  std::optional<std::string> name;
  int count = 1;
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
    if (const LayoutWord* w = layout_word(text, pos)) {
      if (layouts.size() != (saw_to ? 1u : 0u)) {
        throw malformed("layouts must be written once each as SRC_to_DST, e.g. nchw_to_nhwc");
      }
      layouts.push_back(w);
      pos += word_length(text, pos);
      continue;
    }
    if (text.compare(pos, 2, "to") == 0 && word_length(text, pos) == 2) {
      if (saw_to || layouts.size() != 1) {
        throw malformed("'to' must stand between exactly one source and one destination layout");
      }
      saw_to = true;
      pos += 2;
      continue;
    }
    bool matched = false;
    for (int e = 0; e < 5 && !matched; ++e) {
      if (text.compare(pos, 2, kEntries[e]) != 0 || pos + 2 >= text.size() ||
          !is_digit(text[pos + 2])) {
        continue;
      }
      pos += 2;
      const int64_t v = parse_number(text, pos, kEntries[e]);
      if (value[e]) throw malformed(std::string("entry '") + kEntries[e] + "' given twice");
      value[e] = v;
      matched = true;
    }
    if (matched) continue;
    if (c == 'n') {
      if (name) throw malformed("entry 'n' (name) given twice");
      std::string parsed = parse_name(text, pos);
      count = split_multiplicity(parsed);
      name = std::move(parsed);
      continue;
    }
    throw malformed("unknown entry '" + text.substr(pos, 12) + "' at position " +
                    std::to_string(pos) +
                    "; expected mb ic id ih iw, a conversion SRC_to_DST of nchw nhwc nchw16c "
                    "(or ncw nwc ncw16c, ncdhw ndhwc ncdhw16c), or n\"NAME\"");
  }
  if (!value[1]) throw InputError("ic", "missing: every reorder descriptor needs ic (channels)");
  if (layouts.size() != 2 || !saw_to) {
    throw malformed("missing the conversion SRC_to_DST, e.g. nchw_to_nchw16c");
  }
  ReorderDesc desc;
  // Spatial entries d, h, w: the outermost one given sets the rank; w copies h, h copies d.
  const int first = value[2] ? 0 : value[3] ? 1 : value[4] ? 2 : -1;
  if (first < 0)
    throw InputError("iw",
                     "missing: a reorder descriptor needs iw (1D), ih (2D) "
                     "or id (3D)");
  desc.spatial_rank = kMaxSpatialRank - first;
  int64_t previous = 0;
  for (int dim = first; dim < kMaxSpatialRank; ++dim) {
    previous = value[2 + dim].value_or(previous);
    desc.in[dim - first] = previous;
  }
  desc.mb = value[0].value_or(2);
  desc.ic = *value[1];
  for (const LayoutWord* w : layouts) {
    if (w->rank != 0 && w->rank != desc.spatial_rank) {
      throw InputError("layout", std::string("'") + w->word + "' is a " + std::to_string(w->rank) +
                                     "D layout but the descriptor is " +
                                     std::to_string(desc.spatial_rank) + "D");
    }
  }
  desc.src = layouts[0]->layout;
  desc.dst = layouts[1]->layout;
  desc.name = name.value_or("");
  validate(desc);
  if (multiplicity) *multiplicity = count;
  return desc;
}

std::string to_string(const ReorderDesc& d) {
  static const char* const kLetters = "dhw";
  std::string s = "mb" + std::to_string(d.mb) + "ic" + std::to_string(d.ic);
  for (int i = 0; i < d.spatial_rank; ++i) {
    s +=
        std::string("i") + kLetters[kMaxSpatialRank - d.spatial_rank + i] + std::to_string(d.in[i]);
  }
  s += "_" + d.layout_name(d.src) + "_to_" + d.layout_name(d.dst);
  if (!d.name.empty()) s += "_n\"" + d.name + "\"";
  return s;
}

}  // namespace kf
