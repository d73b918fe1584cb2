// Template: one way of scheduling one op family, as the tuner, database and emitter see it —
// a name and version, a knob space with a hand baseline, and a function that declares the op's
// algorithm and applies a config. Op families implement it through a typed base (ConvTemplate
// for convolutions) so that their schedules work with concrete descriptors and algorithms.
#pragma once

#include <Halide.h>

#include <optional>
#include <string>
#include <vector>

#include "dsl/op_desc.h"
#include "schedules/cost_features.h"
#include "schedules/knob_space.h"

namespace kf {

/// A weight-packing stage: a pipeline that rearranges one constant input (inference weights)
/// into the layout the compute pipeline reads. It runs once, ahead of the calls (DESIGN.md:
/// "weights are packed once"), so its time is reported apart from the kernel's.
struct PackStage {
  int input_index = 0;                      ///< the OpDesc::inputs() entry it reads and replaces
  Halide::Pipeline pipeline;                ///< (that input) -> packed tensor
  std::vector<Halide::Argument> arguments;  ///< the pack pipeline's single input
  std::vector<int64_t> packed_shape;        ///< dense shape of the packed tensor, outermost first
  std::string packed_layout;                ///< what its dims are, for headers and messages
};

/// A pipeline with a schedule applied, ready for compilation. `arguments` are the inputs in the
/// order of OpDesc::inputs(), except that the input of each pack stage is replaced by its packed
/// tensor; the output comes last in the generated function.
struct ScheduledPipeline {
  Halide::Pipeline pipeline;
  std::vector<Halide::Argument> arguments;
  std::vector<PackStage> packs;  ///< empty when the pipeline reads every input as given
  /// Buffers (pipeline outputs, by Func name) written with non-temporal stores, which bypass
  /// the caches (jit/nontemporal_stores.h); filled by schedule_op from
  /// Template::streams_output.
  std::vector<std::string> streaming_stores;
  /// Bytes the output's address must be a multiple of (the kernel fails with
  /// halide_error_unaligned_host_ptr otherwise): 1, or kStreamingAlignment with streaming
  /// stores.
  int output_alignment = 1;
  /// The shapes (outermost first) under which the pipeline takes each tensor, in
  /// OpDesc::inputs() order then the output, when they differ from the user's: a reshaped view
  /// of the same dense memory (same element count; softmax over canonical_view). Callers
  /// (OpKernel, the emitted wrappers) describe the user's buffers with these shapes. Empty: as
  /// the user's shapes.
  std::vector<std::vector<int64_t>> argument_views;
};

/// The output alignment kernels with streaming stores require: a cache line, which is also the
/// widest vector (AVX-512).
constexpr int kStreamingAlignment = 64;

/// How schedule_op writes the output: as the config says, or always through the caches (for
/// the fallback kernel that serves outputs not aligned for streaming stores).
enum class OutputStores { kAsConfigured, kCached };

class Template {
 public:
  virtual ~Template() = default;

  /// Stable name stored in the database, e.g. "conv_direct_nhwc".
  virtual std::string name() const = 0;
  /// Bumped whenever the meaning of a knob or the generated schedule changes, so that database
  /// records of an older version are not mistaken for this one.
  virtual int version() const = 0;
  /// True when this template can schedule `desc` (op, layout, rank, sizes).
  virtual bool applicable(const OpDesc& desc) const = 0;
  /// The legal configurations for `desc` on `target`.
  virtual KnobSpace knob_space(const OpDesc& desc, const Halide::Target& target) const = 0;
  /// A hand heuristic: what an engineer would write without tuning.
  virtual Config baseline(const OpDesc& desc, const Halide::Target& target) const = 0;
  /// The error bound every correct kernel of this template meets on `desc`, in
  /// OpDesc::tolerance() units. Templates that trade accuracy for speed (Winograd) declare a
  /// looser bound; the tuner checks their candidates against it, and an accuracy budget can
  /// exclude them.
  virtual double tolerance(const OpDesc& desc) const { return desc.tolerance(); }
  /// The algorithm variant in words, for headers and reports (e.g. "winograd F(4x4,3x3)").
  virtual std::string variant(const OpDesc& desc) const {
    (void)desc;
    return name();
  }
  /// What `config` does on `desc`, for the analytical cost model (autotune/cost_model.h), or
  /// std::nullopt when the template offers no such analysis.
  virtual std::optional<CostFeatures> cost_features(const OpDesc& desc, const Config& config,
                                                    const Halide::Target& target) const {
    (void)desc;
    (void)config;
    (void)target;
    return std::nullopt;
  }
  /// True when `config` writes the output with non-temporal stores: for write-once outputs
  /// larger than the caches, where they save the read-for-ownership of every output line (a
  /// third of an elementwise kernel's DRAM traffic). Templates offer it as a knob; the tuner
  /// measures whether it pays on each shape.
  virtual bool streams_output(const OpDesc& desc, const Config& config) const {
    (void)desc;
    (void)config;
    return false;
  }
  /// Declares the algorithm of `desc` and applies `config` (assumed in the knob space).
  virtual ScheduledPipeline build(const OpDesc& desc, const Config& config,
                                  const Halide::Target& target) const = 0;
};

/// Every template applicable to `desc`, best-first by expectation.
std::vector<const Template*> templates_for(const OpDesc& desc);

/// The template called `name`, or nullptr.
const Template* find_template(const std::string& name);

/// Checks that `tmpl` applies to `desc` and that `config` is in its knob space (InputError with
/// field "template" or "knobs" otherwise), then builds the scheduled pipeline. When the config
/// streams its output (Template::streams_output) and `stores` is kAsConfigured, the output
/// requires kStreamingAlignment and its stores are listed in streaming_stores.
ScheduledPipeline schedule_op(const OpDesc& desc, const Template& tmpl, const Config& config,
                              const Halide::Target& target,
                              OutputStores stores = OutputStores::kAsConfigured);

}  // namespace kf
