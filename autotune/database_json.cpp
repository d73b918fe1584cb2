// JSON lines of tuning records (see database_json.h): record_to_json() writes the members of
// kMembers in order; record_from_json() parses one flat object (strings, numbers, null) with a
// small hand-written scanner, then converts each member and checks the record's rules. Every
// error names the line (`where`) and the member or column.
#include "autotune/database_json.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <limits>
#include <map>
#include <variant>

#include "dsl/input_error.h"

namespace kf {
namespace {

/// A member of TuningRecord; its type says how it is written and read.
using MemberPointer =
    std::variant<std::string TuningRecord::*, int TuningRecord::*, int64_t TuningRecord::*,
                 double TuningRecord::*, TrialStatus TuningRecord::*>;

struct Member {
  const char* name;
  MemberPointer pointer;
};

/// Every member of a record line, in the order record_to_json() writes them.
const Member kMembers[] = {{"uid", &TuningRecord::uid},
                           {"workload_key", &TuningRecord::workload_key},
                           {"op", &TuningRecord::op},
                           {"target", &TuningRecord::target},
                           {"threads", &TuningRecord::threads},
                           {"template_name", &TuningRecord::template_name},
                           {"template_version", &TuningRecord::template_version},
                           {"knobs", &TuningRecord::knobs},
                           {"status", &TuningRecord::status},
                           {"failure_reason", &TuningRecord::failure_reason},
                           {"min_seconds", &TuningRecord::min_seconds},
                           {"median_seconds", &TuningRecord::median_seconds},
                           {"gflops", &TuningRecord::gflops},
                           {"max_error", &TuningRecord::max_error},
                           {"tool_versions", &TuningRecord::tool_versions},
                           {"seed", &TuningRecord::seed},
                           {"trial_index", &TuningRecord::trial_index},
                           {"created_at", &TuningRecord::created_at}};

/// std::visit with one lambda per alternative.
template <typename... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <typename... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

/// The value of one member as scanned: a decoded string, a number's text, or null.
struct Value {
  enum class Type { kString, kNumber, kNull } type = Type::kNull;
  std::string text;
};

void append_string(std::string& out, std::string_view text) {
  out += '"';
  for (char c : text) {
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
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned char>(c));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void append_real(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "null";
  } else if (std::isinf(value)) {
    out += value > 0 ? "\"inf\"" : "\"-inf\"";
  } else {
    char text[40];
    std::snprintf(text, sizeof text, "%.17g", value);
    out += text;
  }
}

/// Scans one flat JSON object into name -> Value; syntax errors name the 1-based column.
class ObjectScanner {
 public:
  ObjectScanner(std::string_view line, const std::string& where) : line_(line), where_(where) {}

  std::map<std::string, Value> scan() {
    std::map<std::string, Value> members;
    skip_space();
    expect('{', "a record must be a JSON object starting with '{'");
    skip_space();
    if (peek() == '}') {
      ++pos_;
    } else {
      while (true) {
        skip_space();
        if (peek() != '"') fail("expected a member name in double quotes");
        std::string name = scan_string();
        skip_space();
        expect(':', "expected ':' after the member name");
        skip_space();
        Value value = scan_value(name);
        if (!members.emplace(name, std::move(value)).second) {
          throw InputError(where_ + ", " + name, "member given more than once");
        }
        skip_space();
        if (peek() == ',') {
          ++pos_;
          continue;
        }
        expect('}', "expected ',' or '}' after a member");
        break;
      }
    }
    skip_space();
    if (pos_ != line_.size()) fail("unexpected text after the record's closing '}'");
    return members;
  }

 private:
  [[noreturn]] void fail(const std::string& rule) const {
    throw InputError(where_ + ", column " + std::to_string(pos_ + 1), rule);
  }
  char peek() const { return pos_ < line_.size() ? line_[pos_] : '\0'; }
  void expect(char c, const char* rule) {
    if (pos_ >= line_.size() || line_[pos_] != c) fail(rule);
    ++pos_;
  }
  void skip_space() {
    while (pos_ < line_.size() && (line_[pos_] == ' ' || line_[pos_] == '\t' ||
                                   line_[pos_] == '\r' || line_[pos_] == '\n')) {
      ++pos_;
    }
  }

  Value scan_value(const std::string& name) {
    const char c = peek();
    if (c == '"') return {Value::Type::kString, scan_string()};
    if (line_.substr(pos_, 4) == "null") {
      pos_ += 4;
      return {Value::Type::kNull, ""};
    }
    if (c == '-' || (c >= '0' && c <= '9')) return {Value::Type::kNumber, scan_number()};
    throw InputError(where_ + ", " + name, "must be a string, a number or null (column " +
                                               std::to_string(pos_ + 1) + ")");
  }

  // JSON number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
  std::string scan_number() {
    const size_t start = pos_;
    auto digits = [&] {
      const size_t from = pos_;
      while (peek() >= '0' && peek() <= '9') ++pos_;
      return pos_ - from;
    };
    if (peek() == '-') ++pos_;
    if (peek() == '0') {
      ++pos_;
    } else if (digits() == 0) {
      fail("malformed number: expected a digit");
    }
    if (peek() == '.') {
      ++pos_;
      if (digits() == 0) fail("malformed number: expected a digit after '.'");
    }
    if (peek() == 'e' || peek() == 'E') {
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (digits() == 0) fail("malformed number: expected a digit in the exponent");
    }
    return std::string(line_.substr(start, pos_ - start));
  }

  unsigned hex4() {
    unsigned value = 0;
    for (int i = 0; i < 4; ++i, ++pos_) {
      const char c = peek();
      const int digit = c >= '0' && c <= '9'   ? c - '0'
                        : c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                               : -1;
      if (digit < 0) fail("malformed \\u escape: expected 4 hex digits");
      value = value * 16 + static_cast<unsigned>(digit);
    }
    return value;
  }

  static void append_utf8(std::string& out, unsigned code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  std::string scan_string() {
    ++pos_;  // the opening quote
    std::string out;
    while (true) {
      if (pos_ >= line_.size()) fail("unterminated string");
      const char c = line_[pos_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) {
        --pos_;
        fail("control character in a string (write it as an escape such as \\n)");
      }
      if (c != '\\') {
        out += c;
        continue;
      }
      const char e = peek();
      ++pos_;
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          unsigned code = hex4();
          if (code >= 0xDC00 && code <= 0xDFFF) fail("unpaired low surrogate in a \\u escape");
          if (code >= 0xD800 && code <= 0xDBFF) {
            if (line_.substr(pos_, 2) != "\\u") fail("unpaired high surrogate in a \\u escape");
            pos_ += 2;
            const unsigned low = hex4();
            if (low < 0xDC00 || low > 0xDFFF) fail("unpaired high surrogate in a \\u escape");
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
          }
          append_utf8(out, code);
          break;
        }
        default:
          --pos_;
          fail("unknown escape in a string");
      }
    }
  }

  std::string_view line_;
  const std::string& where_;
  size_t pos_ = 0;
};

/// Converts one scanned member; errors name the member.
class MemberReader {
 public:
  explicit MemberReader(const std::string& where) : where_(where) {}

  std::string text(const std::string& name, const Value& v) const {
    if (v.type != Value::Type::kString) fail(name, "must be a string", v);
    return v.text;
  }

  int64_t integer(const std::string& name, const Value& v, int64_t min, int64_t max) const {
    const bool digits_only =
        v.type == Value::Type::kNumber && v.text.find_first_of(".eE") == std::string::npos;
    if (!digits_only) fail(name, "must be an integer", v);
    errno = 0;
    const long long value = std::strtoll(v.text.c_str(), nullptr, 10);
    if (errno == ERANGE || value < min || value > max) {
      fail(name, "must be in [" + std::to_string(min) + ", " + std::to_string(max) + "]", v);
    }
    return value;
  }

  double real(const std::string& name, const Value& v) const {
    if (v.type == Value::Type::kNull) return std::numeric_limits<double>::quiet_NaN();
    if (v.type == Value::Type::kString) {
      if (v.text == "inf") return std::numeric_limits<double>::infinity();
      if (v.text == "-inf") return -std::numeric_limits<double>::infinity();
      fail(name, "must be a number, null (NaN), \"inf\" or \"-inf\"", v);
    }
    const double value = std::strtod(v.text.c_str(), nullptr);
    if (std::isinf(value)) fail(name, "is out of the range of a double", v);
    return value;
  }

  [[noreturn]] void fail(const std::string& name, const std::string& rule, const Value& v) const {
    const std::string got = v.type == Value::Type::kNull     ? "null"
                            : v.type == Value::Type::kString ? "\"" + v.text + "\""
                                                             : v.text;
    throw InputError(where_ + ", " + name, rule + ", got " + got);
  }

 private:
  const std::string& where_;
};

std::string member_list() {
  std::string list;
  for (const Member& m : kMembers) list += (list.empty() ? "" : ", ") + std::string(m.name);
  return list;
}

}  // namespace

std::string record_to_json(const TuningRecord& record) {
  std::string out = "{";
  for (const Member& m : kMembers) {
    if (out.size() > 1) out += ',';
    append_string(out, m.name);
    out += ':';
    std::visit(Overloaded{
                   [&](std::string TuningRecord::*p) { append_string(out, record.*p); },
                   [&](int TuningRecord::*p) { out += std::to_string(record.*p); },
                   [&](int64_t TuningRecord::*p) { out += std::to_string(record.*p); },
                   [&](double TuningRecord::*p) { append_real(out, record.*p); },
                   [&](TrialStatus TuningRecord::*p) { append_string(out, to_string(record.*p)); },
               },
               m.pointer);
  }
  return out + "}";
}

TuningRecord record_from_json(std::string_view line, const std::string& where) {
  const std::map<std::string, Value> members = ObjectScanner(line, where).scan();
  for (const auto& [name, value] : members) {
    const bool known = std::any_of(std::begin(kMembers), std::end(kMembers),
                                   [&](const Member& m) { return name == m.name; });
    if (!known) {
      throw InputError(where + ", " + name, "unknown member (a record has " + member_list() + ")");
    }
  }
  TuningRecord record;
  const MemberReader read(where);
  using Limits = std::numeric_limits<int>;
  using Limits64 = std::numeric_limits<int64_t>;
  for (const Member& m : kMembers) {
    auto it = members.find(m.name);
    if (it == members.end()) throw InputError(where + ", " + m.name, "missing from the record");
    const std::string name = m.name;
    const Value& v = it->second;
    std::visit(
        Overloaded{
            [&](std::string TuningRecord::*p) { record.*p = read.text(name, v); },
            [&](int TuningRecord::*p) {
              record.*p = static_cast<int>(read.integer(name, v, Limits::min(), Limits::max()));
            },
            [&](int64_t TuningRecord::*p) {
              record.*p = read.integer(name, v, Limits64::min(), Limits64::max());
            },
            [&](double TuningRecord::*p) { record.*p = read.real(name, v); },
            [&](TrialStatus TuningRecord::*p) {
              const std::optional<TrialStatus> status = parse_trial_status(read.text(name, v));
              if (!status) {
                read.fail(name, "must be ok, compile_error, wrong_result, crash or timeout", v);
              }
              record.*p = *status;
            },
        },
        m.pointer);
  }
  if (record.uid.empty()) throw InputError(where + ", uid", "must not be empty");
  validate_record(record, where + ", ");
  return record;
}

bool is_blank_json_line(std::string_view line) {
  return line.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace kf
