// resize_conv_direct_nhwc / resize_conv_direct_nchw: direct convolution over the fused
// upsampling. The convolution part is scheduled by the direct convolution template of the same
// layout (conv_direct_nhwc / conv_direct_nchw, whose register tiles, loop orders and parallel
// blocks carry over unchanged); the one knob whose meaning changes is where the conv's padded
// input is computed, which here is where the upsampling happens:
//   upsample_at=inline  interpolated inside the innermost reduction loop, never stored
//   upsample_at=row     a strip of upsampled (and zero-padded) rows per block of output rows,
//                       inside the parallel loop: the tile-level fusion; the baseline's choice
// Computing the whole upsampled tensor up front (conv's pad_at=image) is left out on purpose:
// that is the unfused upsample-then-conv this op exists to avoid.
#include <algorithm>

#include "schedules/conv_template.h"
#include "schedules/resize_conv_template.h"
#include "schedules/schedule_helpers.h"

namespace kf {

namespace {

// Where the upsampled, zero-padded input is computed (PadAt values kInline and kRow).
Knob upsample_at_knob() { return Knob{"upsample_at", {0, 1}, {"inline", "row"}}; }

class ResizeConvDirect final : public ResizeConvTemplate {
 public:
  ResizeConvDirect(Layout layout, const char* name, const char* conv_template)
      : layout_(layout), name_(name), conv_template_(conv_template) {}

  std::string name() const override { return name_; }
  int version() const override { return 1; }

  bool applicable(const ResizeConvDesc& desc) const override { return desc.conv.layout == layout_; }

  KnobSpace knob_space(const ResizeConvDesc& desc, const Halide::Target& target) const override {
    const KnobSpace conv_space = conv().knob_space(desc.conv, target);
    std::vector<Knob> knobs = conv_space.knobs();
    knobs[conv_space.index_of("pad_at")] = upsample_at_knob();
    // The same values by position, so the conv template's joint rule decides the rest.
    return KnobSpace(std::move(knobs),
                     [conv_space](const Config& c) { return conv_space.contains(c); });
  }

  Config baseline(const ResizeConvDesc& desc, const Halide::Target& target) const override {
    Config config = conv().baseline(desc.conv, target);
    const int at = conv().knob_space(desc.conv, target).index_of("pad_at");
    config.values[at] = static_cast<int>(PadAt::kRow);
    return config;
  }

  void apply(const ResizeConvAlgorithm& a, const Config& config,
             const Halide::Target& target) const override {
    // `upsampled` stays inline in conv.padded, so placing the padding places the upsampling.
    conv().apply(a.conv, config, target);
  }

 private:
  const ConvTemplate& conv() const { return *find_conv_template(conv_template_); }

  Layout layout_;
  const char* name_;
  const char* conv_template_;
};

}  // namespace

std::unique_ptr<ResizeConvTemplate> make_resize_conv_direct_nhwc_template() {
  return std::make_unique<ResizeConvDirect>(Layout::kNHWC, "resize_conv_direct_nhwc",
                                            "conv_direct_nhwc");
}

std::unique_ptr<ResizeConvTemplate> make_resize_conv_direct_nchw_template() {
  return std::make_unique<ResizeConvDirect>(Layout::kNCHW, "resize_conv_direct_nchw",
                                            "conv_direct_nchw");
}

}  // namespace kf
