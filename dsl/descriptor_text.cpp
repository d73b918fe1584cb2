// Shared lexical pieces of the descriptor grammars.
#include "dsl/descriptor_text.h"

#include <cctype>

namespace kf::descriptor_text {

InputError malformed(const std::string& rule) { return InputError("descriptor", rule); }

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

bool tag_at(const std::string& text, size_t pos, const std::string& tag) {
  if (text.compare(pos, tag.size(), tag) != 0) return false;
  const size_t end = pos + tag.size();
  return end == text.size() || text[end] == '_';
}

int64_t parse_number(const std::string& text, size_t& pos, const std::string& name) {
  if (pos >= text.size() || !is_digit(text[pos])) {
    const std::string got = pos >= text.size() ? "end of text" : "'" + text.substr(pos, 8) + "'";
    throw malformed("entry '" + name + "' needs a non-negative decimal number, got " + got);
  }
  int64_t value = 0;
  const size_t start = pos;
  for (; pos < text.size() && is_digit(text[pos]); ++pos) {
    value = value * 10 + (text[pos] - '0');
    if (value > kMaxNumber) {
      while (pos < text.size() && is_digit(text[pos])) ++pos;
      throw malformed("number " + text.substr(start, pos - start) + " of entry '" + name +
                      "' is too large (at most " + std::to_string(kMaxNumber) + ")");
    }
  }
  return value;
}

int split_multiplicity(std::string& name) {
  const size_t star = name.rfind('*');
  if (star == std::string::npos || star + 1 == name.size()) return 1;
  int64_t n = 0;
  for (size_t i = star + 1; i < name.size(); ++i) {
    if (!is_digit(name[i])) return 1;
    n = n * 10 + (name[i] - '0');
    if (n > kMaxNumber) throw InputError("n", "multiplicity in \"" + name + "\" is too large");
  }
  if (n == 0) throw InputError("n", "multiplicity in \"" + name + "\" must be positive");
  name.resize(star);
  return static_cast<int>(n);
}

std::string parse_name(const std::string& text, size_t& pos) {
  ++pos;
  if (pos < text.size() && text[pos] == '"') {
    const size_t close = text.find('"', pos + 1);
    if (close == std::string::npos) {
      throw malformed("unterminated quote in name n" + text.substr(pos));
    }
    std::string name = text.substr(pos + 1, close - pos - 1);
    pos = close + 1;
    return name;
  }
  std::string name = text.substr(pos);
  pos = text.size();
  if (name.empty()) throw malformed("entry 'n' needs a name, e.g. n\"resnet:conv1\"");
  if (name.find('"') != std::string::npos) {
    throw malformed("unquoted name '" + name + "' contains a quote; write n\"NAME\"");
  }
  return name;
}

std::string trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

}  // namespace kf::descriptor_text
