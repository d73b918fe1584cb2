// benchdnn normalisation descriptors <-> NormDesc: the channel grammar of bnorm/gnorm
// ("g2mb2ic8_ih3iw4_eps0.001_n\"x\"", with inorm as gnorm whose g equals ic), the lnorm grammar
// ("128x40x1024_nd2"), benchdnn option words before a descriptor ("--tag=axb"), and the canonical
// printer whose output parses back to the same NormDesc.
#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "dsl/descriptor_text.h"
#include "dsl/input_error.h"
#include "dsl/norm_desc.h"

namespace kf {
namespace {

using descriptor_text::is_digit;
using descriptor_text::malformed;
using descriptor_text::parse_name;
using descriptor_text::parse_number;
using descriptor_text::split_multiplicity;
using descriptor_text::tag_at;

double parse_epsilon(const std::string& text, size_t& pos) {
  const char* begin = text.c_str() + pos;
  char* end = nullptr;
  const double value = std::strtod(begin, &end);
  if (end == begin || !(is_digit(*begin) || *begin == '.')) {
    throw malformed("entry 'eps' needs a decimal number such as eps1e-5, got '" +
                    text.substr(pos, 8) + "'");
  }
  pos += static_cast<size_t>(end - begin);
  return value;
}

// What the benchdnn option words before a descriptor asked for.
struct Options {
  std::optional<NormLayout> layout;
  bool swap_tn = false;  // lnorm --tag=ntc
};

bool one_of(const std::string& value, std::initializer_list<const char*> choices) {
  for (const char* c : choices) {
    if (value == c) return true;
  }
  return false;
}

// Applies one "--name=value" word; rejects anything whose meaning we do not compute.
void apply_option(NormKind kind, const std::string& word, Options& options) {
  const size_t eq = word.find('=');
  const std::string name = word.substr(0, eq);
  const std::string value = eq == std::string::npos ? "" : word.substr(eq + 1);
  const bool rows = kind == NormKind::kLayer || kind == NormKind::kRms;
  if (name == "--tag") {
    const std::string src = value.substr(0, value.find(':'));
    if (rows && one_of(src, {"abx", "any", "a", "ab", "abc", "abcd", "abcde", "abcdef", "tnc"})) {
      return;
    }
    if (rows && src == "ntc") {
      options.swap_tn = true;
      return;
    }
    if (!rows && one_of(src, {"abx", "nchw", "ncw", "ncdhw", "nc", "ab"})) {
      options.layout = NormLayout::kNCHW;
      return;
    }
    if (!rows && one_of(src, {"axb", "nhwc", "nwc", "ndhwc", "any"})) {
      options.layout = NormLayout::kNHWC;
      return;
    }
    throw InputError("--tag", "'" + value + "' is not supported by " + norm_op_name(kind) +
                                  (rows ? " (dense abx/tnc, or ntc)" : " (abx/nchw or axb/nhwc)"));
  }
  if (name == "--stat_tag" && rows) return;  // inference writes no statistics
  if (name == "--dt" && one_of(value, {"f32", "f32:f32"})) return;
  if (name == "--dir" && (value == "FWD_I" || (value == "FWD_D" && kind != NormKind::kBatch))) {
    return;
  }
  if (name == "--flags") {
    const char* wanted = kind == NormKind::kBatch ? "GCH" : kind == NormKind::kRms ? "CM" : "CH";
    std::string sorted = value, expected = wanted;
    std::sort(sorted.begin(), sorted.end());
    std::sort(expected.begin(), expected.end());
    if (sorted == expected) return;
    throw InputError("--flags", norm_op_name(kind) + " computes exactly flags " + wanted +
                                    " (given statistics for bnorm, scale and shift), got '" +
                                    value + "'");
  }
  throw InputError(name, "option '" + word + "' is not supported by " + norm_op_name(kind) +
                             " (supported: --tag, --dt=f32, --dir=FWD_I, --flags" +
                             (rows ? ", --stat_tag" : "") + ")");
}

// Entries and tags after the dims (lnorm) or mixed with the channel entries.
struct Raw {
  std::optional<int64_t> g, mb, ic, nd;
  std::array<std::optional<int64_t>, kMaxNormSpatialRank> spatial;  // d, h, w
  std::optional<double> eps;
  std::optional<NormLayout> layout;
  std::optional<std::string> name;
  int multiplicity = 1;
};

template <typename T>
void set_once(std::optional<T>& slot, T value, const std::string& entry) {
  if (slot) throw malformed("entry '" + entry + "' given twice");
  slot = value;
}

void tokenize(NormKind kind, const std::string& text, size_t pos, Raw& raw) {
  const bool rows = kind == NormKind::kLayer || kind == NormKind::kRms;
  while (pos < text.size()) {
    const char c = text[pos];
    if (c == '_') {
      ++pos;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      throw malformed("unexpected whitespace at position " + std::to_string(pos));
    } else if (!rows && (tag_at(text, pos, "nchw") || tag_at(text, pos, "nhwc"))) {
      set_once(raw.layout, text[pos + 1] == 'c' ? NormLayout::kNCHW : NormLayout::kNHWC, "layout");
      pos += 4;
    } else if (rows && text.compare(pos, 2, "nd") == 0 && pos + 2 < text.size() &&
               is_digit(text[pos + 2])) {
      pos += 2;
      set_once(raw.nd, parse_number(text, pos, "nd"), "nd");
    } else if (text.compare(pos, 3, "eps") == 0) {
      pos += 3;
      set_once(raw.eps, parse_epsilon(text, pos), "eps");
    } else if (c == 'n') {
      if (raw.name) throw malformed("entry 'n' (name) given twice");
      std::string name = parse_name(text, pos);
      raw.multiplicity = split_multiplicity(name);
      raw.name = std::move(name);
    } else if (!rows && text.compare(pos, 2, "mb") == 0) {
      pos += 2;
      set_once(raw.mb, parse_number(text, pos, "mb"), "mb");
    } else if (!rows && text.compare(pos, 2, "ic") == 0) {
      pos += 2;
      set_once(raw.ic, parse_number(text, pos, "ic"), "ic");
    } else if (!rows && c == 'i' && pos + 1 < text.size() &&
               std::string("dhw").find(text[pos + 1]) != std::string::npos) {
      const int dim = static_cast<int>(std::string("dhw").find(text[pos + 1]));
      pos += 2;
      const std::string entry = std::string("i") + "dhw"[dim];
      set_once(raw.spatial[dim], parse_number(text, pos, entry), entry);
    } else if (!rows && c == 'g' && kind != NormKind::kBatch) {
      ++pos;
      set_once(raw.g, parse_number(text, pos, "g"), "g");
    } else {
      throw malformed("unknown entry '" + text.substr(pos, 12) + "' at position " +
                      std::to_string(pos) + "; " + norm_op_name(kind) + " takes " +
                      (rows ? "dims NxNxN then nd<D>, eps<F>, n\"NAME\""
                            : std::string(kind == NormKind::kBatch ? "" : "g ") +
                                  "mb ic id ih iw eps, nchw/nhwc, n\"NAME\""));
    }
  }
}

NormDesc build(NormKind kind, const std::string& body, const Options& options, Raw& raw) {
  NormDesc d;
  d.kind = kind;
  if (kind == NormKind::kLayer || kind == NormKind::kRms) {
    size_t pos = 0;
    do {
      if (!d.dims.empty()) ++pos;  // the 'x'
      d.dims.push_back(parse_number(body, pos, "dim " + std::to_string(d.dims.size())));
    } while (pos < body.size() && body[pos] == 'x');
    tokenize(kind, body, pos, raw);
    if (options.swap_tn) {
      if (d.dims.size() != 3) throw InputError("--tag", "ntc needs a 3-dim TxNxC descriptor");
      std::swap(d.dims[0], d.dims[1]);  // rows are independent: ntc memory is a dense NxTxC
    }
    d.norm_dims = static_cast<int>(raw.nd.value_or(1));
  } else {
    tokenize(kind, body, 0, raw);
    if (!raw.ic) throw InputError("ic", "missing: every descriptor needs ic (channels)");
    d.ic = *raw.ic;
    d.mb = raw.mb.value_or(2);
    int first = -1;  // outermost spatial entry given; benchdnn copies d -> h -> w when missing
    for (int i = 0; i < kMaxNormSpatialRank && first < 0; ++i) {
      if (raw.spatial[i]) first = i;
    }
    d.spatial_rank = first < 0 ? 0 : kMaxNormSpatialRank - first;
    for (int i = std::max(first, 0); i < kMaxNormSpatialRank && first >= 0; ++i) {
      if (!raw.spatial[i]) raw.spatial[i] = raw.spatial[i - 1];
      d.spatial[i - first] = *raw.spatial[i];
    }
    d.groups = kind == NormKind::kInstance ? raw.g.value_or(d.ic) : raw.g.value_or(1);
    if (raw.layout && options.layout && *raw.layout != *options.layout) {
      throw InputError("--tag", "contradicts the descriptor's layout tag");
    }
    d.layout = raw.layout ? *raw.layout : options.layout.value_or(NormLayout::kNHWC);
  }
  d.epsilon = raw.eps.value_or(kDefaultNormEpsilon);
  d.name = raw.name.value_or("");
  validate(d);
  return d;
}

// Shortest decimal that reads back as exactly `value`.
std::string shortest(double value) {
  char buffer[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  return buffer;
}

}  // namespace

NormDesc parse_norm(NormKind kind, const std::string& text, int* multiplicity) {
  std::istringstream words(text);
  std::string word, body;
  Options options;
  while (words >> word) {
    if (!body.empty()) throw malformed("text after the descriptor '" + body + "': '" + word + "'");
    if (word.rfind("--", 0) == 0) {
      apply_option(kind, word, options);
    } else {
      body = word;
    }
  }
  if (body.empty()) throw malformed("empty descriptor");
  Raw raw;
  NormDesc desc = build(kind, body, options, raw);
  if (multiplicity) *multiplicity = raw.multiplicity;
  return desc;
}

OpEntry parse_norm_entry(NormKind kind, const std::string& text) {
  int multiplicity = 1;
  NormDesc desc = parse_norm(kind, text, &multiplicity);
  return OpEntry{std::make_shared<NormDesc>(std::move(desc)), multiplicity, 0};
}

std::string to_string(const NormDesc& d) {
  std::string s;
  if (d.row_wise()) {
    for (size_t i = 0; i < d.dims.size(); ++i) s += (i ? "x" : "") + std::to_string(d.dims[i]);
    s += "_nd" + std::to_string(d.norm_dims);
  } else {
    if (d.kind != NormKind::kBatch) s += "g" + std::to_string(d.groups);
    s += "mb" + std::to_string(d.mb) + "ic" + std::to_string(d.ic);
    if (d.spatial_rank) s += "_";
    for (int i = 0; i < d.spatial_rank; ++i) {
      s += std::string("i") + "dhw"[kMaxNormSpatialRank - d.spatial_rank + i] +
           std::to_string(d.spatial[i]);
    }
    s += d.layout == NormLayout::kNCHW ? "_nchw" : "_nhwc";
  }
  s += "_eps" + shortest(d.epsilon);
  if (!d.name.empty()) s += "_n\"" + d.name + "\"";
  return s;
}

}  // namespace kf
