// TextTable rendering and string formatting.
#include "tools/text_table.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>

namespace kf {

std::string TextTable::render() const {
  std::vector<size_t> width(header_.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size() && i < width.size(); ++i) {
      width[i] = std::max(width[i], row[i].size());
    }
  };
  measure(header_);
  for (const auto& row : rows_) measure(row);
  auto line = [&](const std::vector<std::string>& row) {
    std::string text;
    for (size_t i = 0; i < width.size(); ++i) {
      const std::string cell = i < row.size() ? row[i] : "";
      const std::string pad(width[i] - cell.size(), ' ');
      text += (i ? "  " : "") + (i == 0 ? cell + pad : pad + cell);
    }
    return text + "\n";
  };
  std::string text = line(header_);
  size_t total = 0;
  for (size_t w : width) total += w + 2;
  text += std::string(total > 2 ? total - 2 : 0, '-') + "\n";
  for (const auto& row : rows_) text += line(row);
  return text;
}

std::string format(const char* pattern, ...) {
  va_list args;
  va_start(args, pattern);
  char buffer[512];
  std::vsnprintf(buffer, sizeof(buffer), pattern, args);
  va_end(args);
  return buffer;
}

}  // namespace kf
