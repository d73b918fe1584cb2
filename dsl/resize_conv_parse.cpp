// resize_conv descriptors <-> ResizeConvDesc. The text is a conv descriptor of the small input
// plus "upN" and a mode tag; parsing splits those tags off, scales every input-size entry (ih,
// iw, id) by the factor, and hands the result to parse_conv, so that conv's grammar, defaults,
// deductions and rules apply unchanged to the upsampled sizes. Printing does the reverse on conv's
// canonical text.
#include <cctype>
#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "dsl/descriptor_text.h"
#include "dsl/input_error.h"
#include "dsl/resize_conv_desc.h"

namespace kf {
namespace {

using descriptor_text::is_digit;
using descriptor_text::malformed;
using descriptor_text::parse_number;
using descriptor_text::tag_at;
using descriptor_text::trim;

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

struct ModeTag {
  const char* tag;
  std::optional<ResizeMode> mode;  // nullopt: a known interpolation that resize_conv lacks
};
const ModeTag kModeTags[] = {
    {"nearest-exact", std::nullopt},
    {"nearest", ResizeMode::kNearest},
    {"bilinear", ResizeMode::kBilinear},
    {"trilinear", ResizeMode::kBilinear},
    {"linear", ResizeMode::kBilinear},
    {"bicubic", std::nullopt},
    {"cubic", std::nullopt},
    {"area", std::nullopt},
};

// The resize tags of a descriptor and its text with them removed.
struct SplitText {
  std::optional<int64_t> factor;
  std::optional<ResizeMode> mode;
  std::string conv_text;
};

// Copies `text`, replacing the value of every input-size entry (i + d/h/w) by
// scale(entry name, value), and removing (into `split`, when given) the up and mode tags.
// Entries, tags and names are recognised the way conv's tokenizer does; anything else is copied
// for parse_conv to judge.
std::string rewrite(const std::string& text,
                    const std::function<int64_t(const std::string&, int64_t)>& scale,
                    SplitText* split) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    const char c = text[pos];
    if (split) {
      bool is_mode = false;
      for (const ModeTag& m : kModeTags) {
        if (!tag_at(text, pos, m.tag)) continue;
        if (!m.mode) {
          throw InputError("mode", std::string("'") + m.tag +
                                       "' upsampling is not supported; use nearest or bilinear");
        }
        if (split->mode) throw malformed("upsampling mode given twice");
        split->mode = m.mode;
        pos += std::string(m.tag).size();
        is_mode = true;
        break;
      }
      if (is_mode) continue;
      if (text.compare(pos, 2, "up") == 0) {
        pos += 2;
        if (pos >= text.size() || !is_digit(text[pos])) {
          throw InputError("up", "needs an integer factor >= 1, e.g. up2");
        }
        const int64_t factor = parse_number(text, pos, "up");
        if (pos < text.size() && text[pos] != '_') {
          throw InputError("up", "must be an integer >= 1 followed by '_' or the end, got up" +
                                     std::to_string(factor) + text.substr(pos, 4));
        }
        if (split->factor) throw malformed("entry 'up' given twice");
        split->factor = factor;
        continue;
      }
    }
    if (c == 'n' && !tag_at(text, pos, "nchw") && !tag_at(text, pos, "nhwc")) {
      // A name: quoted up to its closing quote, unquoted to the end (as in benchdnn).
      size_t end = text.size();
      if (pos + 1 < text.size() && text[pos + 1] == '"') {
        const size_t close = text.find('"', pos + 2);
        end = close == std::string::npos ? text.size() : close + 1;
      }
      out += text.substr(pos, end - pos);
      pos = end;
      continue;
    }
    if (text.compare(pos, 5, "clamp") == 0) {
      const size_t end = std::min(text.find('_', pos), text.size());
      out += text.substr(pos, end - pos);
      pos = end;
      continue;
    }
    if (!is_lower(c)) {
      out += c;
      ++pos;
      continue;
    }
    size_t letters_end = pos;
    while (letters_end < text.size() && is_lower(text[letters_end])) ++letters_end;
    const std::string letters = text.substr(pos, letters_end - pos);
    out += letters;
    pos = letters_end;
    const bool input_size = letters.size() == 2 && letters[0] == 'i' &&
                            std::string("dhw").find(letters[1]) != std::string::npos;
    if (input_size && pos < text.size() && is_digit(text[pos])) {
      out += std::to_string(scale(letters, parse_number(text, pos, letters)));
    }
  }
  return out;
}

// True for the fields of conv's spatial entries ("ih", "ow", "kd", ...), whose rules the
// upsampled sizes decide.
bool is_spatial_field(const std::string& field) {
  return field.size() == 2 && std::string("iokspd").find(field[0]) != std::string::npos &&
         std::string("dhw").find(field[1]) != std::string::npos;
}

}  // namespace

std::pair<ResizeConvDesc, int> parse_resize_conv_entry(const std::string& text) {
  const std::string trimmed = trim(text);
  if (trimmed.empty()) throw malformed("empty descriptor");
  SplitText split;
  const std::string without_tags = rewrite(
      trimmed, [](const std::string&, int64_t v) { return v; }, &split);
  if (!split.factor) {
    throw InputError("up",
                     "missing: a resize_conv descriptor needs the upsampling factor, e.g. "
                     "_up2_nearest");
  }
  const int64_t factor = *split.factor;
  if (factor < 1) throw InputError("up", "must be an integer >= 1, got " + std::to_string(factor));
  std::string note;
  const std::string conv_text = rewrite(
      without_tags,
      [&](const std::string& entry, int64_t v) {
        if (v > descriptor_text::kMaxNumber / factor) {
          throw InputError(entry, "upsampled size " + std::to_string(v) + " * up " +
                                      std::to_string(factor) + " exceeds " +
                                      std::to_string(descriptor_text::kMaxNumber));
        }
        note += (note.empty() ? "" : ", ") + entry + " " + std::to_string(v) + " * " +
                std::to_string(factor) + " = " + std::to_string(v * factor);
        return v * factor;
      },
      nullptr);
  ShapeEntry entry;
  try {
    entry = parse_conv_entry(conv_text);
  } catch (const InputError& e) {
    if (!is_spatial_field(e.field()) || note.empty()) throw;
    throw InputError(e.field(),
                     e.rule() + " (the convolution reads the upsampled input: " + note + ")");
  }
  ResizeConvDesc desc;
  desc.factor = factor;
  desc.mode = split.mode.value_or(ResizeMode::kNearest);
  desc.conv = std::move(entry.desc);
  validate(desc);
  return {desc, entry.multiplicity};
}

ResizeConvDesc parse_resize_conv(const std::string& text) {
  return parse_resize_conv_entry(text).first;
}

std::string to_string(const ResizeConvDesc& d) {
  ConvDesc unnamed = d.conv;
  unnamed.name.clear();
  const int64_t factor = d.factor >= 1 ? d.factor : 1;
  std::string s = rewrite(
      to_string(unnamed), [&](const std::string&, int64_t v) { return v / factor; }, nullptr);
  s += "_up" + std::to_string(d.factor) + "_" + resize_mode_tag(d.mode);
  if (!d.conv.name.empty()) s += "_n\"" + d.conv.name + "\"";
  return s;
}

}  // namespace kf
