// Scheduling pieces shared by the convolution templates.
#include "schedules/schedule_helpers.h"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>
#include <string>

namespace kf {

double tiled_useful_fraction(int64_t extent, int64_t tile) {
  const int64_t tiles = (extent + tile - 1) / tile;
  return static_cast<double>(extent) / static_cast<double>(tiles * tile);
}

int64_t row_block_tasks(const ConvDesc& desc, int tile_h, int rows_per_task) {
  const int rank = desc.spatial_rank;
  const int64_t out_h = rank >= 2 ? desc.out[rank - 2] : 1;
  int64_t rows = desc.mb;
  for (int i = 0; i < rank - 2; ++i) rows *= desc.out[i];  // outer dims other than h
  rows *= (out_h + tile_h - 1) / tile_h;
  return (rows + rows_per_task - 1) / rows_per_task;
}

Knob pad_at_knob() { return Knob{"pad_at", {0, 1, 2}, {"inline", "row", "image"}}; }

std::vector<int> sizes_up_to(const std::vector<int>& candidates, int64_t limit) {
  std::vector<int> result;
  for (int c : candidates) {
    if (c <= limit) result.push_back(c);
  }
  if (result.empty()) result.push_back(1);
  return result;
}

int64_t last_level_cache_bytes() {
  // sysfs first: glibc's sysconf reports what CPUID says, which under some hypervisors is the
  // host's cache (384 MiB of L3 on this VM, against the 32 MiB the kernel lists).
  int64_t largest = 0;
  int largest_level = 0;
  for (int index = 0; index < 8; ++index) {
    const std::string dir = "/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(index);
    std::ifstream level_file(dir + "/level"), size_file(dir + "/size"), type_file(dir + "/type");
    int level = 0;
    int64_t size = 0;  // "32768K"
    char unit = 0;
    std::string type;
    if (!(level_file >> level) || !(size_file >> size) || !(type_file >> type)) continue;
    if (type == "Instruction") continue;
    size_file.get(unit);
    const int64_t bytes = size * (unit == 'K' ? 1024 : unit == 'M' ? 1 << 20 : 1);
    if (level > largest_level) {
      largest_level = level;
      largest = bytes;
    }
  }
  if (largest > 0) return largest;
  for (int level : {_SC_LEVEL3_CACHE_SIZE, _SC_LEVEL2_CACHE_SIZE}) {
    const long bytes = sysconf(level);
    if (bytes > 0) return bytes;
  }
  return int64_t{32} << 20;
}

int lanes_for(int natural_lanes, int64_t extent) {
  int lanes = std::max(1, natural_lanes);
  while (lanes > 1 && lanes > extent) lanes /= 2;
  return lanes;
}

RegisterTile choose_register_tile(const std::vector<int>& vector_options,
                                  const std::vector<int>& pixel_options, int64_t channels,
                                  int lanes, int64_t row_pixels, int max_accumulators) {
  const auto useful = tiled_useful_fraction;
  RegisterTile best;
  double best_score = -1;
  for (int v : vector_options) {
    for (int p : pixel_options) {
      if (v * p > max_accumulators) continue;
      const double accumulators = v * p;
      const double issue = accumulators / std::max<double>(accumulators, v + p);
      const double latency = std::min(1.0, accumulators / 8.0);
      const double score =
          issue * latency * useful(channels, int64_t{v} * lanes) * useful(row_pixels, p);
      if (score > best_score + 1e-9 ||
          (score > best_score - 1e-9 && v * p > best.vectors * best.pixels)) {
        best = RegisterTile{v, p};
        best_score = std::max(best_score, score);
      }
    }
  }
  return best;
}

void place_padding(Halide::Func padded, PadAt where, Halide::Func consumer,
                   const Halide::Var& row_loop, int parallel_dim, int vector_dim, int lanes) {
  if (padded.has_update_definition()) {
    throw std::logic_error("place_padding: " + padded.name() +
                           " is a zero fill and copy; schedule it with store_padding_by_copy");
  }
  if (where == PadAt::kInline) return;
  const std::vector<Halide::Var> dims = padded.args();
  if (where == PadAt::kRow) {
    padded.compute_at(consumer, row_loop);
  } else {
    padded.compute_root().parallel(dims[parallel_dim]);
  }
  if (lanes > 1) padded.vectorize(dims[vector_dim], lanes);
}

void place_padding(const ConvAlgorithm& a, PadAt where, Halide::Func consumer,
                   const Halide::Var& row_loop, int parallel_dim, int vector_dim, int lanes,
                   int stored_lanes) {
  if (!a.padded.has_update_definition()) {
    place_padding(a.padded, where, consumer, row_loop, parallel_dim, vector_dim, lanes);
    return;
  }
  if (where != PadAt::kImage) {
    throw std::logic_error("place_padding: " + a.padded.name() +
                           " is a zero fill and copy, which needs pad_at=image");
  }
  store_padding_by_copy(a, stored_lanes);
}

PaddingForm padding_form_for(const ConvDesc& desc, PadAt where) {
  if (where != PadAt::kImage) return PaddingForm::kBoundaryCondition;
  for (int i = 0; i < desc.spatial_rank; ++i) {
    if (desc.pad_begin[i] > 0 || desc.pad_end[i] > 0) return PaddingForm::kZeroFillThenCopy;
  }
  return PaddingForm::kBoundaryCondition;
}

void store_padding_by_copy(const ConvAlgorithm& a, int lanes) {
  Halide::Func padded = a.padded;
  if (!padded.has_update_definition() || !a.interior.defined()) {
    throw std::logic_error("store_padding_by_copy: " + padded.name() +
                           " is not declared as a zero fill and copy");
  }
  const int rank = a.desc.spatial_rank;
  const std::vector<Halide::Var> dims = padded.args();  // innermost first
  Halide::Stage copy = padded.update();
  const Halide::TailStrategy guard = Halide::TailStrategy::GuardWithIf;
  padded.compute_root();
  if (a.desc.layout == Layout::kNHWC) {
    // (c, w, [h, d,] n): channels and pixels of a row are one contiguous run.
    const Halide::Var c = dims[0], w = dims[1], n = dims[rank + 1];
    Halide::Var run("padded_run");
    Halide::RVar copy_run("padded_copy_run");
    padded.fuse(c, w, run).vectorize(run, lanes, guard);
    std::vector<Halide::VarOrRVar> order = {c};
    for (int i = 0; i < rank; ++i) order.push_back(a.interior[i]);
    order.push_back(n);
    copy.reorder(order).fuse(c, a.interior[0], copy_run).vectorize(copy_run, lanes, guard);
    if (rank >= 2) {
      padded.parallel(dims[rank]);
      copy.parallel(a.interior[rank - 1]);
    } else {
      padded.parallel(n);
      copy.parallel(n);
    }
  } else {
    // (w, [h, d,] c, n): the rows are contiguous; channels are independent planes.
    padded.vectorize(dims[0], lanes, guard).parallel(dims[rank]);
    copy.vectorize(a.interior[0], lanes, guard).parallel(dims[rank]);
  }
}

void schedule_register_tile(Halide::Func accumulator, const std::vector<Halide::Var>& tile_vars,
                            int lanes, const std::vector<Halide::RVar>& reduction_order) {
  Halide::Stage update = accumulator.update();
  std::vector<Halide::VarOrRVar> order(tile_vars.begin(), tile_vars.end());
  order.insert(order.end(), reduction_order.begin(), reduction_order.end());
  update.reorder(order);
  accumulator.vectorize(tile_vars[0], lanes);
  update.vectorize(tile_vars[0], lanes);
  for (const Halide::Var& v : tile_vars) {
    accumulator.unroll(v);
    update.unroll(v);
  }
}

}  // namespace kf
