// Shard parsing and slicing (see shard.h).
#include "autotune/shard.h"

#include <cerrno>
#include <cstdlib>
#include <stdexcept>

#include "dsl/input_error.h"

namespace kf {
namespace {

constexpr long kMaxShards = 1000000;

/// A non-negative decimal integer filling all of `text`, or -1.
long parse_count(const std::string& text) {
  if (text.empty() || text.size() > 9 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return -1;
  }
  return std::strtol(text.c_str(), nullptr, 10);
}

}  // namespace

Shard parse_shard(const std::string& text, const std::string& field) {
  const size_t slash = text.find('/');
  const std::string rule = "must be i/n with integers 0 <= i < n <= " + std::to_string(kMaxShards);
  if (slash == std::string::npos) throw InputError(field, rule + ", got '" + text + "'");
  const long index = parse_count(text.substr(0, slash));
  const long count = parse_count(text.substr(slash + 1));
  if (index < 0 || count < 0) throw InputError(field, rule + ", got '" + text + "'");
  if (count < 1 || count > kMaxShards) {
    throw InputError(field, "shard count n must be in [1, " + std::to_string(kMaxShards) +
                                "], got '" + text + "'");
  }
  if (index >= count) {
    throw InputError(field,
                     "shard index i must be < n (shards are numbered from 0), got '" + text + "'");
  }
  return Shard{static_cast<int>(index), static_cast<int>(count)};
}

std::vector<size_t> shard_positions(size_t size, Shard shard) {
  std::vector<size_t> positions;
  if (shard.count < 1 || shard.index < 0 || shard.index >= shard.count) {
    throw std::invalid_argument("shard_positions: shard " + std::to_string(shard.index) + "/" +
                                std::to_string(shard.count) + " is not 0 <= i < n");
  }
  for (size_t j = static_cast<size_t>(shard.index); j < size; j += shard.count) {
    positions.push_back(j);
  }
  return positions;
}

}  // namespace kf
