// JsonLine: one JSON object written on one line, for the machine-readable output of kforge
// (`kforge tune --json`). Members are written in the order they are added; strings are escaped
// as JSON requires (quotes, backslashes, control characters) and bytes that are not valid UTF-8
// become U+FFFD, so every line parses; numbers that JSON cannot hold (NaN, infinities) become
// null. Doubles are written in their shortest form that reads back to the same value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kf {

/// `text` as a JSON string literal, quotes included.
std::string json_quote(std::string_view text);

class JsonLine {
 public:
  /// Adds a string member.
  JsonLine& string(std::string_view name, std::string_view value);
  /// Adds a number member; NaN and infinities are written as null.
  JsonLine& number(std::string_view name, double value);
  /// Adds a number member, or null when `value` is empty.
  JsonLine& number(std::string_view name, std::optional<double> value);
  /// Adds an integer member.
  JsonLine& integer(std::string_view name, int64_t value);
  /// Adds true or false.
  JsonLine& boolean(std::string_view name, bool value);
  /// Adds a null member.
  JsonLine& null(std::string_view name);
  /// The object, closed, without a newline.
  std::string str() const { return text_ + "}"; }

 private:
  /// Starts a member: separator, quoted name and colon.
  void key(std::string_view name);

  std::string text_ = "{";
};

}  // namespace kf
