// Small scheduling pieces shared by the convolution templates: where the zero-padded input is
// computed, and how a register tile of accumulators is laid out.
#pragma once

#include <Halide.h>

#include <string>
#include <vector>

#include "dsl/conv_algorithm.h"
#include "dsl/conv_desc.h"
#include "schedules/knob_space.h"

namespace kf {

/// Where the zero-padded input is materialised.
enum class PadAt {
  kInline = 0,  ///< never stored: bounds checks inside the innermost loop
  kRow = 1,     ///< per block of output rows, inside the parallel loop
  kImage = 2,   ///< whole padded tensor up front, in parallel over its outer dim
};

/// The knob describing PadAt choices.
Knob pad_at_knob();

/// Vector-friendly tile sizes from `candidates` that do not exceed `limit` (at least {1}).
std::vector<int> sizes_up_to(const std::vector<int>& candidates, int64_t limit);

/// Largest power of two <= min(natural_lanes, extent), at least 1: the vector width for a
/// dimension of `extent` elements.
int lanes_for(int natural_lanes, int64_t extent);

/// Bytes of this host's last-level data cache (sysconf's L3 size, else L2, else 32 MiB): what
/// decides whether a tensor can stay cached between calls.
int64_t last_level_cache_bytes();

/// The share of what a tiling computes that is needed: `extent` over the extent rounded up to
/// whole tiles of `tile` (ShiftInwards tails compute the overlap of the last tile twice).
double tiled_useful_fraction(int64_t extent, int64_t tile);

/// Parallel tasks of the direct schedules' row loop: the output rows of `desc` (batch x outer
/// spatial dims, h in tiles of `tile_h`) in blocks of `rows_per_task`.
int64_t row_block_tasks(const ConvDesc& desc, int tile_h, int rows_per_task);

/// A register tile: `vectors` channel vectors x `pixels` pixels of accumulators.
struct RegisterTile {
  int vectors = 1;
  int pixels = 1;
};

/// The register tile a hand baseline should take for `channels` channels in vectors of `lanes`
/// and a row of `row_pixels` pixels, among the knob values `vector_options` x `pixel_options`
/// with at most `max_accumulators` accumulators. It maximises the useful fraction of the FMA
/// throughput: tiles that do not divide the extents recompute the overlap (ShiftInwards), a
/// step of v x p FMAs needs v + p loads (2 of each per cycle), and fewer than 8 accumulators
/// leave the FMA latency exposed. Ties go to the larger tile.
RegisterTile choose_register_tile(const std::vector<int>& vector_options,
                                  const std::vector<int>& pixel_options, int64_t channels,
                                  int lanes, int64_t row_pixels, int max_accumulators);

/// Places `padded` according to `where`. `row_loop` is the loop of `consumer` that iterates over
/// blocks of output rows (used for kRow). `parallel_dim` is the padded Func's dimension to run in
/// parallel for kImage; `vector_dim`/`lanes` vectorise its copy loop when lanes > 1. `padded`
/// must be in PaddingForm::kBoundaryCondition (see store_padding_by_copy for the other form).
void place_padding(Halide::Func padded, PadAt where, Halide::Func consumer,
                   const Halide::Var& row_loop, int parallel_dim, int vector_dim, int lanes);

/// The PaddingForm in which a schedule that places the padding at `where` should declare the
/// convolution `desc`: the zero fill and interior copy when the whole padded tensor is stored
/// and there is padding to add, else the boundary condition.
PaddingForm padding_form_for(const ConvDesc& desc, PadAt where);

/// Places the padded input of the convolution `a` in whichever form it was declared: a
/// boundary condition goes to place_padding (with `lanes`); a zero fill and copy, which only
/// pad_at=image declares (padding_form_for), is stored up front by store_padding_by_copy in
/// vectors of `stored_lanes`. Throws std::logic_error for a zero fill and copy with another
/// placement.
void place_padding(const ConvAlgorithm& a, PadAt where, Halide::Func consumer,
                   const Halide::Var& row_loop, int parallel_dim, int vector_dim, int lanes,
                   int stored_lanes);

/// Schedules `a.padded`, declared in PaddingForm::kZeroFillThenCopy, as the whole padded tensor
/// stored up front: the zeros and the copy each in vectors of `lanes` along the contiguous
/// memory (channels and pixels fused in NHWC, so that 3 channels fill vectors too), in parallel
/// over rows (NHWC) or channels (NCHW).
void store_padding_by_copy(const ConvAlgorithm& a, int lanes);

/// Lays out an accumulator Func computed at a register tile: its pure and update definitions
/// iterate `tile_vars` innermost first (the first is vectorised by `lanes`, all unrolled), and the
/// update's reduction runs outside the tile in `reduction_order` (innermost first).
void schedule_register_tile(Halide::Func accumulator, const std::vector<Halide::Var>& tile_vars,
                            int lanes, const std::vector<Halide::RVar>& reduction_order);

}  // namespace kf
