// benchdnn shape files (one descriptor per line, '#' comments, blank lines) and the "descriptor
// or file" front door used by the command-line tools. Errors name "<path>:<line>" so a user can
// jump straight to the offending line.
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "dsl/conv_desc.h"
#include "dsl/input_error.h"

namespace kf {
namespace {

// Drops a '#' comment (a '#' inside a quoted name is kept) and surrounding whitespace.
std::string strip_comment(const std::string& line) {
  bool quoted = false;
  size_t end = line.size();
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '"') quoted = !quoted;
    if (line[i] == '#' && !quoted) {
      end = i;
      break;
    }
  }
  size_t b = 0;
  while (b < end && std::isspace(static_cast<unsigned char>(line[b]))) ++b;
  while (end > b && std::isspace(static_cast<unsigned char>(line[end - 1]))) --end;
  return line.substr(b, end - b);
}

void check_mb_override(int64_t mb_override) {
  if (mb_override < 0) {
    throw InputError("--mb", "must be positive, or 0 to keep each descriptor's mb; got " +
                                 std::to_string(mb_override));
  }
}

// Applies benchdnn's --mb to an entry and re-checks the result.
void apply_mb(ShapeEntry& entry, int64_t mb_override) {
  if (mb_override <= 0) return;
  entry.desc.mb = mb_override;
  validate(entry.desc);
}

}  // namespace

std::vector<ShapeEntry> read_conv_shape_file(const std::string& path, int64_t mb_override) {
  check_mb_override(mb_override);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    throw InputError(path, "cannot read shape file: no such file");
  }
  if (std::filesystem::is_directory(path, ec)) {
    throw InputError(path, "cannot read shape file: it is a directory");
  }
  std::ifstream in(path);
  if (!in) {
    throw InputError(path, std::string("cannot read shape file: ") + std::strerror(errno));
  }
  std::vector<ShapeEntry> entries;
  std::string line;
  for (int line_no = 1; std::getline(in, line); ++line_no) {
    const std::string text = strip_comment(line);
    if (text.empty()) continue;
    try {
      ShapeEntry entry = parse_conv_entry(text);
      apply_mb(entry, mb_override);
      entry.line = line_no;
      entries.push_back(std::move(entry));
    } catch (const InputError& e) {
      throw InputError(path + ":" + std::to_string(line_no), e.field() + ": " + e.rule());
    }
  }
  if (in.bad()) throw InputError(path, "read error while reading the shape file");
  return entries;
}

std::vector<ShapeEntry> parse_conv_list(const std::string& text_or_path, int64_t mb_override) {
  check_mb_override(mb_override);
  std::error_code ec;
  if (std::filesystem::is_regular_file(text_or_path, ec)) {
    return read_conv_shape_file(text_or_path, mb_override);
  }
  try {
    ShapeEntry entry = parse_conv_entry(text_or_path);
    apply_mb(entry, mb_override);
    return {entry};
  } catch (const InputError& e) {
    // Text that looks like a path most likely names a file that does not exist.
    if (e.field() == "descriptor" && text_or_path.find('/') != std::string::npos) {
      throw InputError(e.field(),
                       e.rule() + " (and no shape file named '" + text_or_path + "' exists)");
    }
    throw;
  }
}

}  // namespace kf
