// JsonLine (see json_line.h): JSON string escaping with UTF-8 validation, shortest round-trip
// doubles through std::to_chars.
#include "tools/json_line.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace kf {
namespace {

/// Length of the well-formed UTF-8 sequence (RFC 3629: no overlong forms, no surrogates, at
/// most U+10FFFF) of two or more bytes that starts at `text[pos]`, or 0 when there is none.
size_t utf8_sequence_length(std::string_view text, size_t pos) {
  const auto byte = [&](size_t i) -> unsigned {
    return pos + i < text.size() ? static_cast<unsigned char>(text[pos + i]) : 0u;
  };
  const auto continuation = [](unsigned b) { return b >= 0x80 && b <= 0xBF; };
  const unsigned lead = byte(0), second = byte(1);
  size_t length = 0;
  unsigned low = 0x80, high = 0xBF;  // legal range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // overlong
    if (lead == 0xED) high = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // overlong
    if (lead == 0xF4) high = 0x8F;  // beyond U+10FFFF
  } else {
    return 0;
  }
  if (second < low || second > high) return 0;
  for (size_t i = 2; i < length; ++i) {
    if (!continuation(byte(i))) return 0;
  }
  return length;
}

}  // namespace

std::string json_quote(std::string_view text) {
  std::string out = "\"";
  for (size_t pos = 0; pos < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[pos]);
    if (c >= 0x80) {
      const size_t length = utf8_sequence_length(text, pos);
      if (length == 0) {
        out += "\\ufffd";  // not UTF-8: the replacement character
        ++pos;
      } else {
        out.append(text.substr(pos, length));
        pos += length;
      }
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
          out += escaped;
        } else {
          out += static_cast<char>(c);
        }
    }
    ++pos;
  }
  return out + "\"";
}

void JsonLine::key(std::string_view name) {
  if (text_.size() > 1) text_ += ',';
  text_ += json_quote(name);
  text_ += ':';
}

JsonLine& JsonLine::string(std::string_view name, std::string_view value) {
  key(name);
  text_ += json_quote(value);
  return *this;
}

JsonLine& JsonLine::number(std::string_view name, double value) {
  if (!std::isfinite(value)) return null(name);
  key(name);
  char digits[32];
  const auto result = std::to_chars(digits, digits + sizeof digits, value);
  text_.append(digits, result.ptr);
  return *this;
}

JsonLine& JsonLine::number(std::string_view name, std::optional<double> value) {
  return value ? number(name, *value) : null(name);
}

JsonLine& JsonLine::integer(std::string_view name, int64_t value) {
  key(name);
  text_ += std::to_string(value);
  return *this;
}

JsonLine& JsonLine::boolean(std::string_view name, bool value) {
  key(name);
  text_ += value ? "true" : "false";
  return *this;
}

JsonLine& JsonLine::null(std::string_view name) {
  key(name);
  text_ += "null";
  return *this;
}

}  // namespace kf
