// Shard: a deterministic slice of a workload list, so that several machines (a Slurm job array,
// a Kubernetes indexed job) each tune one slice into their own database and `kforge db import`
// merges the results. Workload j of the list (in input order) belongs to shard j mod count.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace kf {

/// Slice `index` of `count` (0 <= index < count).
struct Shard {
  int index = 0;
  int count = 1;
};

/// Parses "i/n" (decimal integers, 0 <= i < n <= 1000000). Throws InputError with field `field`
/// naming the rule otherwise.
Shard parse_shard(const std::string& text, const std::string& field = "--shard");

/// The positions j in [0, size) with j mod shard.count == shard.index, in increasing order. The
/// slices of all indices of one count partition [0, size). Throws std::invalid_argument for a
/// shard outside 0 <= index < count (parse_shard never returns one).
std::vector<size_t> shard_positions(size_t size, Shard shard);

/// The items of `items` at shard_positions(items.size(), shard), in their order.
template <typename T>
std::vector<T> take_shard(std::vector<T> items, Shard shard) {
  std::vector<T> slice;
  for (size_t position : shard_positions(items.size(), shard)) {
    slice.push_back(std::move(items[position]));
  }
  return slice;
}

}  // namespace kf
