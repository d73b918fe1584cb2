// image_blob_rows: image pre-processing as rows of x vectors (see image_blob_template.h).
//
// Loops, outermost first, with channels inside (channels_inner = 1):
//   task (parallel) > row (y, n fused) > x tile > c (unrolled) > vector (unrolled) > lane
// Every channel of one x tile reads the same ic * tile bytes of interleaved pixels; with c
// unrolled the loads are one and the same, and Halide turns the stride-ic ramps into one dense
// load and shuffles (a deinterleave), then converts, subtracts and scales per plane. With
// channels as planes (channels_inner = 0) the rows loop runs over (y, c, n) and each plane
// re-reads the image rows (three strided passes; the tuner can compare).
// An x tile is `vectors` vectors of `lanes` floats; the last tile shifts inwards (iw >= tile).
#include <algorithm>
#include <cmath>

#include "schedules/image_blob_template.h"
#include "schedules/schedule_helpers.h"
#include "schedules/softmax_template.h"

namespace kf {

namespace {

using Halide::TailStrategy;
using Halide::Var;

struct RowsKnobs {
  int lanes = 1;
  int vectors = 1;
  bool channels_inner = true;
  int rows_per_task = 1;
  bool parallel = true;
};

const char* const kKnobNames[] = {"lanes", "vectors", "channels_inner", "rows_per_task",
                                  "parallel"};

RowsKnobs decode(const Config& config) {
  const auto& v = config.values;
  return RowsKnobs{v[0], v[1], v[2] != 0, v[3], v[4] != 0};
}

/// What `k` costs on `d` (see StreamingCost in schedules/cost_features.h): per output vector of
/// `lanes` (x tiles of lanes x vectors, the last shifted inwards) a convert, a multiply-add and a
/// store. With channels inside the tile one dense load of the interleaved pixels serves every
/// channel through shuffles; with channels as planes each plane loads the pixels again. NHWC
/// outputs are stored densely (interleaved by shuffles) or lane by lane, see `scattered`.
CostFeatures rows_cost(const ImageBlobDesc& d, const RowsKnobs& k, int natural) {
  namespace vc = vector_cycles;
  const double elements = static_cast<double>(d.mb) * d.ic * d.ih * d.iw;
  const int64_t tile = int64_t{k.lanes} * k.vectors;
  const double x_computed = std::ceil(static_cast<double>(d.iw) / tile) * tile;
  const double lanes = std::max(k.lanes, 1);
  // A vector wider than the target's is several natural ones.
  const double vectors =
      static_cast<double>(d.mb) * d.ih * d.ic * x_computed / lanes * std::ceil(lanes / natural);
  const bool nhwc = d.layout == BlobLayout::kNhwc;
  // NHWC stores interleave the unrolled channels of one vector into dense stores only when
  // they are adjacent in the unrolled body (one vector per tile, channels inside); otherwise
  // each lane is stored on its own (480x640x4: 72 us against 220-290 us).
  const bool scattered = nhwc && d.ic > 1 && (!k.channels_inner || k.vectors > 1);
  double step = 3 * vc::kAlu;  // widen, convert, multiply-add
  step += scattered ? vc::kStore * std::min<double>(lanes, natural) : vc::kStore;
  if (nhwc && !scattered && d.ic > 1) step += 2 * vc::kAlu;  // the interleaving shuffles
  // Interleaved pixels: one dense load for all channels (channels inside) or per plane.
  step += (k.channels_inner ? vc::kLoad / d.ic : vc::kLoad) + (d.ic > 1 ? 2 * vc::kAlu : 0);
  StreamingCost cost(natural);
  cost.pass(vectors, step, elements);
  const double rows = static_cast<double>(d.mb) * d.ih * (k.channels_inner ? 1 : d.ic);
  cost.overhead(rows * std::ceil(static_cast<double>(d.iw) / tile));  // per x tile
  const double footprint = elements * 5;                              // u8 in, f32 out
  const double tasks = k.parallel ? std::ceil(rows / k.rows_per_task) : 0;
  return cost.features(tasks, beyond_l2_bytes(footprint, footprint, last_level_cache_bytes()));
}

class ImageBlobRows final : public ImageBlobTemplate {
 public:
  std::string name() const override { return "image_blob_rows"; }
  int version() const override { return 1; }

  bool applicable(const ImageBlobDesc&) const override { return true; }

  KnobSpace knob_space(const ImageBlobDesc& desc, const Halide::Target&) const override {
    const int64_t width = desc.iw;
    std::vector<Knob> knobs = {
        {kKnobNames[0], sizes_up_to({1, 4, 8, 16, 32}, width), {}},
        {kKnobNames[1], sizes_up_to({1, 2, 4}, width), {}},
        {kKnobNames[2], desc.ic == 1 ? std::vector<int>{1} : std::vector<int>{0, 1}, {}},
        {kKnobNames[3], sizes_up_to({1, 2, 4, 8, 16}, desc.mb * desc.ih), {}},
        {kKnobNames[4], {0, 1}, {}},
    };
    return KnobSpace(std::move(knobs), [width](const Config& c) {
      const RowsKnobs k = decode(c);
      return static_cast<int64_t>(k.lanes) * k.vectors <= width;
    });
  }

  Config baseline(const ImageBlobDesc& desc, const Halide::Target& target) const override {
    // One native f32 vector (or the widest that fits iw), two of them per tile when the row is
    // wide enough, channels deinterleaved inside the tile, about eight tasks per image.
    const KnobSpace space = knob_space(desc, target);
    const auto& knobs = space.knobs();
    const int natural = target.natural_vector_size<float>();
    int lanes = knobs[0].values.front();
    for (int l : knobs[0].values) {
      if (l <= natural) lanes = l;
    }
    const int vectors = 2 * lanes <= desc.iw ? 2 : 1;
    const int64_t rows = desc.mb * desc.ih;
    int rows_per_task = 1;
    for (int r : knobs[3].values) {
      if (r * 8 <= rows) rows_per_task = r;
    }
    return Config{{lanes, vectors, 1, rows_per_task, 1}};
  }

  std::optional<CostFeatures> cost_features(const OpDesc& desc, const Config& config,
                                            const Halide::Target& target) const override {
    const auto* blob = dynamic_cast<const ImageBlobDesc*>(&desc);
    if (!blob) return std::nullopt;
    return rows_cost(*blob, decode(config), target.natural_vector_size<float>());
  }

  void apply(const ImageBlobAlgorithm& a, const Config& config,
             const Halide::Target&) const override {
    const RowsKnobs k = decode(config);
    Halide::Func output = a.output;
    Var x = a.x, y = a.y, c = a.c, n = a.n;
    Var x_tile("x_tile"), x_in("x_in"), vector("vector"), lane("lane"), task("task"), row("row");
    output.split(x, x_tile, x_in, k.lanes * k.vectors, TailStrategy::ShiftInwards)
        .split(x_in, vector, lane, k.lanes, TailStrategy::RoundUp);
    std::vector<Var> rows;
    if (k.channels_inner) {
      output.reorder(lane, vector, c, x_tile, y, n);
      rows = {y, n};
    } else {
      output.reorder(lane, vector, x_tile, y, c, n);
      rows = {y, c, n};
    }
    const Var fused = fuse_loops(output, rows);
    output.split(fused, task, row, k.rows_per_task, TailStrategy::GuardWithIf);
    if (k.parallel) output.parallel(task);
    if (k.lanes > 1) output.vectorize(lane);
    output.unroll(vector);
    if (k.channels_inner) output.unroll(c);
  }
};

}  // namespace

std::unique_ptr<ImageBlobTemplate> make_image_blob_rows_template() {
  return std::make_unique<ImageBlobRows>();
}

}  // namespace kf
