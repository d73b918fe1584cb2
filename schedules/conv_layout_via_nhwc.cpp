// conv_nchw_via_nhwc: a channels-first (NCHW, and 1-D/3-D kin) convolution computed in the
// channels-last layout internally. The pipeline transposes the input to NHWC, runs the
// convolution with the conv_direct_nhwc schedule (its knobs, unchanged), and transposes the
// result back, so the measured time counts both conversions. The weights are transposed from
// OIHW to HWIO once, by a packing stage, like every other weight rearrangement.
//
// This is the layout dimension of the search space: for an NCHW workload the tuner compares
// the direct NCHW schedule with this one and keeps whichever is faster.
#include <algorithm>
#include <cmath>

#include "dsl/conv_algorithm.h"
#include "dsl/input_error.h"
#include "schedules/conv_layout_template.h"
#include "schedules/conv_template.h"
#include "schedules/layout_conversion.h"
#include "schedules/schedule_helpers.h"

namespace kf {

namespace {

using Halide::Func;
using Halide::TailStrategy;
using Halide::Var;

// The NHWC twin of `desc`.
ConvDesc as_nhwc(const ConvDesc& desc) {
  ConvDesc nhwc = desc;
  nhwc.layout = Layout::kNHWC;
  return nhwc;
}

class ConvNchwViaNhwc final : public Template {
 public:
  std::string name() const override { return "conv_nchw_via_nhwc"; }
  int version() const override { return 2; }

  bool applicable(const OpDesc& desc) const override {
    const auto* conv = dynamic_cast<const ConvDesc*>(&desc);
    return conv && conv->layout == Layout::kNCHW;
  }

  KnobSpace knob_space(const OpDesc& desc, const Halide::Target& target) const override {
    return inner().knob_space(as_nhwc(as_conv(desc)), target);
  }

  Config baseline(const OpDesc& desc, const Halide::Target& target) const override {
    return inner().baseline(as_nhwc(as_conv(desc)), target);
  }

  std::string variant(const OpDesc&) const override {
    return "direct convolution in NHWC, converted from and to NCHW";
  }

  /// The NHWC convolution's features plus the two conversions: every input and output element
  /// staged in tiles and transposed (see schedule_tile_transpose), and the NHWC copies of both
  /// written and read back.
  std::optional<CostFeatures> cost_features(const OpDesc& desc, const Config& config,
                                            const Halide::Target& target) const override {
    const auto* nchw = dynamic_cast<const ConvDesc*>(&desc);
    if (!nchw) return std::nullopt;
    const ConvDesc& conv = *nchw;
    std::optional<CostFeatures> f = inner().cost_features(as_nhwc(conv), config, target);
    if (!f) return std::nullopt;
    double in_elements = static_cast<double>(conv.mb) * conv.ic,
           out_elements = static_cast<double>(conv.mb) * conv.oc;
    for (int i = 0; i < conv.spatial_rank; ++i) {
      in_elements *= conv.in[i];
      out_elements *= conv.out[i];
    }
    add_tile_transpose_costs(in_elements, out_elements, target, *f);
    return f;
  }

  ScheduledPipeline build(const OpDesc& desc, const Config& config,
                          const Halide::Target& target) const override {
    const ConvDesc& conv = as_conv(desc);
    const ConvDesc nhwc = as_nhwc(conv);
    const int rank = conv.spatial_rank;
    const int lanes = target.natural_vector_size<float>();

    // The user's NCHW input, (w, h, d, c, n) innermost first, as an NHWC Func (c, w, h, d, n).
    Halide::ImageParam input(Halide::Float(32), rank + 2, "kf_nchw_input");
    Var c("c"), n("n");
    std::vector<Var> spatial;
    static const char* kNames[] = {"w", "h", "d"};
    for (int i = 0; i < rank; ++i) spatial.push_back(Var(std::string("s") + kNames[i]));
    std::vector<Var> nhwc_args = {c};
    nhwc_args.insert(nhwc_args.end(), spatial.begin(), spatial.end());
    nhwc_args.push_back(n);
    std::vector<Halide::Expr> nchw_at(spatial.begin(), spatial.end());
    nchw_at.push_back(c);
    nchw_at.push_back(n);
    Func to_nhwc("kf_to_nhwc");
    to_nhwc(nhwc_args) = input(nchw_at);

    ConvAlgorithm a = make_conv_algorithm(nhwc, "kf", to_nhwc);
    inner().apply(a, config, target);
    a.output.compute_root();

    // Back to NCHW: output(w, h, d, k, n) = NHWC result (k, w, h, d, n).
    std::vector<Var> out_args(spatial.begin(), spatial.end());
    out_args.push_back(c);
    out_args.push_back(n);
    std::vector<Halide::Expr> nhwc_at = {c};
    nhwc_at.insert(nhwc_at.end(), spatial.begin(), spatial.end());
    nhwc_at.push_back(n);
    Func output("kf_to_nchw");
    output(out_args) = a.output(nhwc_at);

    // The conversions: staged tile transposes, rows in parallel.
    schedule_tile_transpose(to_nhwc, input.in(to_nhwc), c, spatial[0], conv.ic, conv.in[rank - 1],
                            nhwc_args);
    schedule_tile_transpose(output, a.output.in(output), spatial[0], c, conv.out[rank - 1], conv.oc,
                            out_args);

    ScheduledPipeline scheduled;
    scheduled.pipeline = Halide::Pipeline(output);
    scheduled.arguments = {input, a.weights};
    if (conv.bias) scheduled.arguments.push_back(a.bias);
    scheduled.packs.push_back(oihw_to_hwio_pack(conv, conv.oc, lanes));
    return scheduled;
  }

 private:
  static const ConvDesc& as_conv(const OpDesc& desc) {
    const auto* conv = dynamic_cast<const ConvDesc*>(&desc);
    if (!conv) throw InputError("template", "conv_nchw_via_nhwc schedules conv, not " + desc.op());
    return *conv;
  }

  static const ConvTemplate& inner() {
    static const ConvTemplate* direct = find_conv_template("conv_direct_nhwc");
    return *direct;
  }
};

}  // namespace

std::vector<const Template*> layout_templates_for(const ConvDesc& desc) {
  static const ConvNchwViaNhwc via_nhwc;
  std::vector<const Template*> result;
  if (via_nhwc.applicable(desc)) result.push_back(&via_nhwc);
  for (const Template* t : blocked_templates_for(desc)) result.push_back(t);
  return result;
}

const Template* find_layout_template(const std::string& name) {
  static const ConvDesc nchw = parse_conv("mb1ic1ih1oc1kh1_nchw");
  static const ConvDesc blocked = parse_conv("mb1ic1ih1oc1kh1_nchw16c");
  for (const ConvDesc* prototype : {&nchw, &blocked}) {
    for (const Template* t : layout_templates_for(*prototype)) {
      if (t->name() == name) return t;
    }
  }
  return nullptr;
}

}  // namespace kf
