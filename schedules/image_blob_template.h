// ImageBlobTemplate: the typed base of image pre-processing schedule templates
// (dsl/image_blob_algorithm.h), and the list of them. image_blob_rows covers both output
// layouts: vectors along x of the output, the channels either unrolled inside each x tile (one
// load of the interleaved pixels feeds every channel: deinterleave by shuffles) or as planes
// outside the rows, and blocks of rows handed to the thread pool.
#pragma once

#include <Halide.h>

#include <memory>
#include <string>
#include <vector>

#include "dsl/image_blob_algorithm.h"
#include "schedules/op_template.h"

namespace kf {

class ImageBlobTemplate : public Template {
 public:
  /// True when this template can schedule `desc`.
  virtual bool applicable(const ImageBlobDesc& desc) const = 0;
  /// The legal configurations for `desc` on `target`.
  virtual KnobSpace knob_space(const ImageBlobDesc& desc, const Halide::Target& target) const = 0;
  /// A hand heuristic: what an engineer would write without tuning.
  virtual Config baseline(const ImageBlobDesc& desc, const Halide::Target& target) const = 0;
  /// Applies `config` (which must belong to knob_space(desc, target)) to `algorithm`.
  virtual void apply(const ImageBlobAlgorithm& algorithm, const Config& config,
                     const Halide::Target& target) const = 0;

  // Template, for any OpDesc: only ImageBlobDesc applies.
  bool applicable(const OpDesc& desc) const final;
  KnobSpace knob_space(const OpDesc& desc, const Halide::Target& target) const final;
  Config baseline(const OpDesc& desc, const Halide::Target& target) const final;
  ScheduledPipeline build(const OpDesc& desc, const Config& config,
                          const Halide::Target& target) const final;
};

/// Every image_blob template applicable to `desc`.
std::vector<const ImageBlobTemplate*> image_blob_templates_for(const ImageBlobDesc& desc);

/// The image_blob template called `name`, or nullptr.
const ImageBlobTemplate* find_image_blob_template(const std::string& name);

std::unique_ptr<ImageBlobTemplate> make_image_blob_rows_template();

}  // namespace kf
