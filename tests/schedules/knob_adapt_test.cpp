// adapt_config: configs tuned on AVX-512 carried to AVX2 and arm-64-linux (and back) for the
// direct NHWC convolution, a Winograd template and a row-wise norm (vector widths scaled);
// every result is in the target's knob space. A template whose knob names change with the
// target, or that cannot schedule the workload, falls back to the target baseline.
#include "schedules/knob_adapt.h"

#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "dsl/conv_desc.h"
#include "dsl/op_desc.h"

namespace kf {
namespace knob_adapt_test {

const Halide::Target kAvx512("x86-64-linux-avx-avx2-avx512-avx512_skylake-f16c-fma-sse41");
const Halide::Target kAvx2("x86-64-linux-avx-avx2-f16c-fma-sse41");
const Halide::Target kArm("arm-64-linux");

int knob(const KnobSpace& space, const Config& config, const std::string& name) {
  return config.values.at(space.index_of(name));
}

// Adapts the baseline and `samples` random configs of `tmpl` from `from` to `to`, checking that
// each result is in the target space and keeps the template (no fallback).
void expect_all_adapt(const OpDesc& desc, const Template& tmpl, const Halide::Target& from,
                      const Halide::Target& to, int samples) {
  const KnobSpace host = tmpl.knob_space(desc, from);
  const KnobSpace space = tmpl.knob_space(desc, to);
  std::mt19937_64 rng(7);
  std::vector<Config> configs = {tmpl.baseline(desc, from)};
  for (int i = 0; i < samples; ++i) configs.push_back(host.sample(rng));
  for (const Config& config : configs) {
    SCOPED_TRACE(tmpl.name() + " {" + host.encode(config) + "} to " + to.to_string());
    const AdaptedConfig adapted = adapt_config(desc, tmpl, config, from, to);
    EXPECT_FALSE(adapted.baseline) << adapted.reason;
    EXPECT_EQ(adapted.tmpl, &tmpl);
    EXPECT_TRUE(space.contains(adapted.config)) << space.encode(adapted.config);
  }
}

TEST(KnobAdapt, DirectNhwcFromAvx512ToAvx2AndArm) {
  const auto desc = std::make_shared<ConvDesc>(parse_conv("mb1ic64ih56oc64oh56kh3ph1"));
  const Template* tmpl = find_template("conv_direct_nhwc");
  ASSERT_NE(tmpl, nullptr);
  for (const Halide::Target& to : {kAvx2, kArm}) expect_all_adapt(*desc, *tmpl, kAvx512, to, 200);

  // A tuned-looking config: 4 vectors of 16 channels x 7 pixels. Its values are all legal on
  // the narrower targets (more channel vectors fit there), so they are kept.
  const KnobSpace host = tmpl->knob_space(*desc, kAvx512);
  const Config tuned = host.decode(
      "vectors_k=4,tile_w=7,tile_h=1,k_tiles_outer=1,taps_inner=0,unroll_kw=1,rows_per_task=2,"
      "pad_at=row");
  for (const Halide::Target& to : {kAvx2, kArm}) {
    const AdaptedConfig adapted = adapt_config(*desc, *tmpl, tuned, kAvx512, to);
    EXPECT_TRUE(tmpl->knob_space(*desc, to).contains(adapted.config));
    EXPECT_EQ(adapted.config, tuned);
    EXPECT_TRUE(adapted.changes.empty());
  }
}

TEST(KnobAdapt, DirectNhwcFromArmToAvx512TakesTheNearestLegalVectorCount) {
  // 64 channels: 16 vectors of 4 on NEON but at most 4 vectors of 16 on AVX-512.
  const ConvDesc desc = parse_conv("mb1ic64ih14oc64oh14kh3ph1");
  const Template* tmpl = find_template("conv_direct_nhwc");
  const KnobSpace arm = tmpl->knob_space(desc, kArm);
  const Config config = arm.decode(
      "vectors_k=8,tile_w=3,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=0,rows_per_task=1,"
      "pad_at=row");
  const AdaptedConfig adapted = adapt_config(desc, *tmpl, config, kArm, kAvx512);
  const KnobSpace space = tmpl->knob_space(desc, kAvx512);
  ASSERT_TRUE(space.contains(adapted.config)) << space.encode(adapted.config);
  EXPECT_EQ(knob(space, adapted.config, "vectors_k"), 4);
  EXPECT_EQ(knob(space, adapted.config, "tile_w"), 3);
  ASSERT_EQ(adapted.changes.size(), 1u);
  EXPECT_EQ(adapted.changes[0], "vectors_k 8->4");
  expect_all_adapt(desc, *tmpl, kArm, kAvx512, 200);
}

TEST(KnobAdapt, WinogradFromAvx512ToAvx2AndArm) {
  const ConvDesc desc = parse_conv("mb1ic64ih56oc64oh56kh3ph1");
  for (const char* name : {"conv_winograd_f4_nhwc", "conv_winograd_f2_nhwc"}) {
    const Template* tmpl = find_template(name);
    ASSERT_NE(tmpl, nullptr) << name;
    ASSERT_TRUE(tmpl->applicable(desc));
    for (const Halide::Target& to : {kAvx2, kArm}) expect_all_adapt(desc, *tmpl, kAvx512, to, 200);
  }
}

TEST(KnobAdapt, WinogradRepairsTheJointConstraint) {
  // On NEON 4 vectors of 4 channels fill a 16-channel weight block; on AVX-512 one vector
  // does. The nearest single change that satisfies the constraint is vectors_k 4 -> 1.
  const ConvDesc desc = parse_conv("mb1ic64ih56oc64oh56kh3ph1");
  const Template* tmpl = find_template("conv_winograd_f4_nhwc");
  const KnobSpace arm = tmpl->knob_space(desc, kArm);
  const Config config =
      arm.decode("k_block=16,vectors_k=4,tiles=4,register_rows=1,tile_rows=1,parallel_inside=0");
  const AdaptedConfig adapted = adapt_config(desc, *tmpl, config, kArm, kAvx512);
  const KnobSpace space = tmpl->knob_space(desc, kAvx512);
  ASSERT_TRUE(space.contains(adapted.config)) << space.encode(adapted.config);
  EXPECT_EQ(space.encode(adapted.config),
            "k_block=16,vectors_k=1,tiles=4,register_rows=1,tile_rows=1,parallel_inside=0,"
            "k_chunks=1");
  expect_all_adapt(desc, *tmpl, kArm, kAvx512, 200);
}

TEST(KnobAdapt, VectorWidthKnobsScaleWithTheNaturalVectorWidth) {
  const std::unique_ptr<OpDesc> desc = parse_op("lnorm", "256x768");
  const Template* tmpl = find_template("norm_rows");
  ASSERT_NE(tmpl, nullptr);
  ASSERT_TRUE(tmpl->applicable(*desc));
  const KnobSpace host = tmpl->knob_space(*desc, kAvx512);
  Config config = tmpl->baseline(*desc, kAvx512);
  config.values[host.index_of("lanes")] = 16;
  config.values[host.index_of("accumulators")] = 4;
  ASSERT_TRUE(host.contains(config));
  const struct {
    Halide::Target target;
    int lanes;
  } cases[] = {{kAvx2, 8}, {kArm, 4}, {kAvx512, 16}};
  for (const auto& c : cases) {
    const AdaptedConfig adapted = adapt_config(*desc, *tmpl, config, kAvx512, c.target);
    const KnobSpace space = tmpl->knob_space(*desc, c.target);
    ASSERT_TRUE(space.contains(adapted.config)) << space.encode(adapted.config);
    EXPECT_EQ(knob(space, adapted.config, "lanes"), c.lanes) << c.target.to_string();
    EXPECT_EQ(knob(space, adapted.config, "accumulators"), 4);
  }
  // And back: 4 lanes on NEON are 16 on AVX-512.
  Config arm = tmpl->baseline(*desc, kArm);
  const AdaptedConfig wide = adapt_config(*desc, *tmpl, arm, kArm, kAvx512);
  EXPECT_EQ(knob(host, wide.config, "lanes"), 16);
  expect_all_adapt(*desc, *tmpl, kAvx512, kArm, 50);
}

TEST(KnobAdapt, NearestLegalValuePrefersTheSmallerOnATie) {
  const Knob knob{"tile_w", {1, 2, 4, 8}, {}};
  EXPECT_EQ(nearest_legal_value(knob, 3.0), 2);
  EXPECT_EQ(nearest_legal_value(knob, 6.0), 4);
  EXPECT_EQ(nearest_legal_value(knob, 7.0), 8);
  EXPECT_EQ(nearest_legal_value(knob, 100.0), 8);
  EXPECT_EQ(nearest_legal_value(knob, 0.5), 1);
  EXPECT_TRUE(is_vector_width_knob(Knob{"lanes", {4, 8}, {}}));
  EXPECT_FALSE(is_vector_width_knob(knob));
}

// A template whose knob names depend on the target (or that applies to nothing).
class ShapeShifter final : public Template {
 public:
  explicit ShapeShifter(bool applies) : applies_(applies) {}
  std::string name() const override { return "shape_shifter"; }
  int version() const override { return 1; }
  bool applicable(const OpDesc&) const override { return applies_; }
  KnobSpace knob_space(const OpDesc&, const Halide::Target& target) const override {
    const bool arm = target.arch == Halide::Target::ARM;
    return KnobSpace({{arm ? "neon_tile" : "tile", {1, 2, 4}, {}}, {"lanes", {4, 8, 16}, {}}});
  }
  Config baseline(const OpDesc&, const Halide::Target&) const override { return Config{{2, 4}}; }
  ScheduledPipeline build(const OpDesc&, const Config&, const Halide::Target&) const override {
    return {};
  }

 private:
  bool applies_;
};

TEST(KnobAdapt, OtherKnobNamesFallBackToTheTargetBaseline) {
  const ConvDesc desc = parse_conv("mb1ic8ih8oc8kh3ph1");
  const ShapeShifter tmpl(true);
  const AdaptedConfig adapted = adapt_config(desc, tmpl, Config{{4, 16}}, kAvx512, kArm);
  EXPECT_TRUE(adapted.baseline);
  EXPECT_EQ(adapted.tmpl, &tmpl);
  EXPECT_EQ(adapted.config, (Config{{2, 4}}));
  EXPECT_NE(adapted.reason.find("other knobs"), std::string::npos) << adapted.reason;
  // Between two x86 targets the names agree: the tile is kept, the lanes halve.
  const AdaptedConfig x86 = adapt_config(desc, tmpl, Config{{4, 16}}, kAvx512, kAvx2);
  EXPECT_FALSE(x86.baseline);
  EXPECT_EQ(x86.config, (Config{{4, 8}}));
}

TEST(KnobAdapt, InapplicableTemplateFallsBackToTheFirstApplicableBaseline) {
  const ConvDesc desc = parse_conv("mb1ic8ih8oc8kh3ph1");
  const ShapeShifter tmpl(false);
  const AdaptedConfig adapted = adapt_config(desc, tmpl, Config{{4, 16}}, kAvx512, kAvx2);
  EXPECT_TRUE(adapted.baseline);
  const std::vector<const Template*> templates = templates_for(desc);
  ASSERT_FALSE(templates.empty());
  EXPECT_EQ(adapted.tmpl, templates.front());
  EXPECT_EQ(adapted.config, templates.front()->baseline(desc, kAvx2));
  EXPECT_TRUE(templates.front()->knob_space(desc, kAvx2).contains(adapted.config));
}

TEST(KnobAdapt, ConfigOutsideTheHostSpaceFallsBackToTheTargetBaseline) {
  const ConvDesc desc = parse_conv("mb1ic64ih14oc64oh14kh3ph1");
  const Template* tmpl = find_template("conv_direct_nhwc");
  Config config = tmpl->baseline(desc, kAvx512);
  config.values[0] = 999;
  const AdaptedConfig adapted = adapt_config(desc, *tmpl, config, kAvx512, kAvx2);
  EXPECT_TRUE(adapted.baseline);
  EXPECT_EQ(adapted.config, tmpl->baseline(desc, kAvx2));
}

}  // namespace knob_adapt_test
}  // namespace kf
