// Scheduling pieces shared by the convolution templates that compute in an internal layout
// (conv_nchw_via_nhwc, the nchw16c templates): staged tile transposes between layouts, and the
// pack stages that give the internal computation its weights and bias.
#pragma once

#include <Halide.h>

#include <cstdint>
#include <vector>

#include "dsl/conv_desc.h"
#include "schedules/cost_features.h"
#include "schedules/op_template.h"

namespace kf {

/// Computes the transpose `f` at the root as reorder_tiled's baseline does: tiles of up to 32
/// elements along the destination's contiguous dim `dst` x 4 along the source's contiguous dim
/// `src`, 4-lane vectors along `dst`, each tile's source block first copied densely into
/// `staged` (a wrapper of the source, `source.in(f)`), so no vector gathers across the source's
/// planes; the source-tile loop and the other arguments of `f` (`args`, innermost first) fused
/// into one parallel loop. `dst_extent` and `src_extent` are the extents of the two dims.
void schedule_tile_transpose(Halide::Func f, Halide::Func staged, const Halide::Var& dst,
                             const Halide::Var& src, int64_t dst_extent, int64_t src_extent,
                             const std::vector<Halide::Var>& args);

/// Adds to `f` what schedule_tile_transpose conversions of `in_elements` input and
/// `out_elements` output elements cost: per natural vector, the staged copy of the source block
/// (a load and a store) and four 4-lane transposed stores with their loads from L1, as overhead
/// cycles; and the internal copies written and read back, as memory bytes.
void add_tile_transpose_costs(double in_elements, double out_elements, const Halide::Target& target,
                              CostFeatures& f);

/// The pack stage turning the user's OIHW weights of `conv` into HWIO (k, c, taps...) with
/// `packed_oc` >= conv.oc output channels, zero past conv.oc; vectorised by `lanes` along k.
/// It replaces inputs()[1].
PackStage oihw_to_hwio_pack(const ConvDesc& conv, int64_t packed_oc, int lanes);

/// The pack stage extending the bias of `conv` ([oc]) with zeros to `packed_oc` entries. It
/// replaces inputs()[2].
PackStage padded_bias_pack(const ConvDesc& conv, int64_t packed_oc);

}  // namespace kf
