// Softmax schedule templates (softmax_inner, softmax_strided) against the naive reference.
//
// SoftmaxTemplateTest is value-parameterised over small odd shapes: every axis, both layouts,
// 1D to 5D, unit spatial dims, tails of the vector width. For each shape the applicable
// template's baseline and one seeded random config are compiled through one JitSession (shared
// with reorder_template_test.cpp) and checked with Problem. Hand-worked tests check that the
// channel softmax of a segmentation output sums to 1 per pixel in both layouts and that scores
// of 1000 do not overflow.
#include "schedules/softmax_template.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "autotune/problem.h"
#include "autotune/tuner.h"
#include "dsl/softmax_desc.h"
#include "jit/jit_session.h"
#include "tests/support/shared_jit_session.h"

namespace kf {

/// Compiles `config` of `tmpl` for `desc` and checks it against the reference on `problem`.
void expect_template_correct(const OpDesc& desc, const Template& tmpl, const Config& config,
                             Problem& problem) {
  JitSession& session = test::shared_session();
  const std::string knobs = tmpl.knob_space(desc, session.kernel_target()).encode(config);
  SCOPED_TRACE(tmpl.name() + " {" + knobs + "} on " + desc.to_string());
  llvm::Expected<OpKernel> kernel = compile_config(session, desc, tmpl, config);
  ASSERT_TRUE(bool(kernel)) << llvm::toString(kernel.takeError());
  std::vector<halide_buffer_t*> buffers = problem.buffers();
  problem.poison_output();
  ASSERT_EQ(kernel->run(buffers.data(), static_cast<int>(buffers.size())), 0);
  EXPECT_LE(problem.max_error(), problem.tolerance());
}

/// A seeded random config of `space` other than `baseline` (the baseline when it is alone).
Config other_config(const KnobSpace& space, const Config& baseline) {
  std::mt19937_64 rng(2024);
  for (int attempt = 0; attempt < 1000; ++attempt) {
    const Config config = space.sample(rng);
    if (config != baseline) return config;
  }
  return baseline;
}

namespace softmax_template_test {

const char* const kShapes[] = {
    "2x7x5x9_axis1_nchw",     // channel axis, strided
    "2x7x5x9_axis1_nhwc",     // channel axis, contiguous
    "3x5x4x37_axis3_nchw",    // W axis with a vector tail
    "2x6x5x19_axis2_nhwc",    // H axis of NHWC
    "5x37",                   // NC, default axis 1
    "13x9_axis0",             // batch axis of a 2D tensor
    "3x17x3x5x7_axis1_nhwc",  // 5D channels last
    "3x17x3x5x7_axis2_nchw",  // 5D depth axis
    "4x19x23_axis1_nhwc",     // 3D (NWC) channels
    "6x10x1x1",               // axis strided in name only: unit spatial dims
    "29_axis0",               // 1D
    "2x3x5x3_axis0_nchw",     // batch axis of a 4D tensor
};

std::string shape_name(const std::string& text) {
  std::string name;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) name += c;
  }
  return name;
}

class SoftmaxTemplateTest : public testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    desc_ = parse_softmax(GetParam());
    const auto templates = softmax_templates_for(desc_);
    ASSERT_EQ(templates.size(), 1u);
    tmpl_ = templates[0];
  }
  const Halide::Target& target() { return test::shared_session().kernel_target(); }

  SoftmaxDesc desc_;
  const Template* tmpl_ = nullptr;
};

TEST_P(SoftmaxTemplateTest, TemplateMatchesAxisContiguity) {
  EXPECT_EQ(tmpl_->name(), softmax_axis_contiguous(desc_) ? "softmax_inner" : "softmax_strided");
}

TEST_P(SoftmaxTemplateTest, BaselineIsInKnobSpace) {
  const KnobSpace space = tmpl_->knob_space(desc_, target());
  const Config baseline = tmpl_->baseline(desc_, target());
  EXPECT_TRUE(space.contains(baseline)) << space.encode(baseline);
  EXPECT_EQ(space.decode(space.encode(baseline)), baseline);
}

TEST_P(SoftmaxTemplateTest, BaselineAndRandomConfigMatchReference) {
  Problem problem(desc_);
  const Config baseline = tmpl_->baseline(desc_, target());
  expect_template_correct(desc_, *tmpl_, baseline, problem);
  expect_template_correct(desc_, *tmpl_, other_config(tmpl_->knob_space(desc_, target()), baseline),
                          problem);
}

INSTANTIATE_TEST_SUITE_P(Shapes, SoftmaxTemplateTest, testing::ValuesIn(kShapes),
                         [](const testing::TestParamInfo<const char*>& info) {
                           return shape_name(info.param);
                         });

// softmax_inner's across-rows modes (vectorize=rows, rows_dense) with and without stored exp,
// row blocks wider than the row dim, unrolled row vectors and tails shifted inwards, on odd
// shapes.
TEST(SoftmaxInnerAcrossRowsTest, MatchesReferenceOnOddShapes) {
  const Template& tmpl = *find_softmax_template("softmax_inner");
  const KnobSpace probe =
      tmpl.knob_space(parse_softmax("5x37"), test::shared_session().kernel_target());
  const int widest = probe.knobs()[0].values.back();
  for (const char* text : {"2x7x5x9_axis1_nhwc", "4x19x23_axis1_nhwc", "5x37"}) {
    const SoftmaxDesc desc = parse_softmax(text);
    Problem problem(desc);
    for (const Config& config : {Config{{widest, 2, 0, 4, 1}}, Config{{4, 4, 1, 1, 1}},
                                 Config{{widest, 4, 0, 4, 2}}, Config{{4, 2, 1, 16, 2}}}) {
      ASSERT_TRUE(tmpl.knob_space(desc, test::shared_session().kernel_target()).contains(config));
      expect_template_correct(desc, tmpl, config, problem);
    }
  }
}

// The kernels see the canonical (outer, axis, inner) view: the strided template vectorises
// across all 1024 contiguous elements inside the axis of 2x16x128x2x4, not the innermost 4, and
// the pipeline takes the user's buffers reshaped; a buffer of another size is refused.
TEST(SoftmaxCanonicalViewTest, KernelsTakeTheFlattenedView) {
  const SoftmaxDesc desc = parse_softmax("2x16x128x2x4");
  const SoftmaxDesc view = canonical_view(desc);
  EXPECT_EQ(view.dims, (std::vector<int64_t>{2, 16, 1024}));
  EXPECT_EQ(canonical_view(parse_softmax("2x7x5x9_axis1_nhwc")).dims,
            (std::vector<int64_t>{90, 7}));
  EXPECT_EQ(canonical_view(parse_softmax("29_axis0")).dims, (std::vector<int64_t>{1, 29}));
  const Template& tmpl = *find_softmax_template("softmax_strided");
  const Halide::Target& target = test::shared_session().kernel_target();
  const KnobSpace space = tmpl.knob_space(desc, target);
  EXPECT_EQ(space.knobs()[0].values.back(), target.natural_vector_size<float>());
  const ScheduledPipeline scheduled = schedule_op(desc, tmpl, tmpl.baseline(desc, target), target);
  ASSERT_EQ(scheduled.argument_views.size(), 2u);
  EXPECT_EQ(scheduled.argument_views[0], (std::vector<int64_t>{2, 16, 1024}));

  JitSession& session = test::shared_session();
  llvm::Expected<OpKernel> kernel =
      compile_config(session, desc, tmpl, tmpl.baseline(desc, target));
  ASSERT_TRUE(bool(kernel)) << llvm::toString(kernel.takeError());
  Halide::Runtime::Buffer<float> input = make_dense_buffer(desc.physical_shape());
  Halide::Runtime::Buffer<float> short_output = make_dense_buffer({2, 16, 128, 2, 3});
  halide_buffer_t* buffers[] = {input.raw_buffer(), short_output.raw_buffer()};
  EXPECT_EQ(kernel->run(buffers, 2), OpKernel::kViewMismatch);
  Halide::Runtime::Buffer<float> strided_output(std::vector<int>{8, 2, 128, 16, 2});
  Halide::Runtime::Buffer<float> output_window = strided_output.cropped(0, 0, 4);
  buffers[1] = output_window.raw_buffer();
  EXPECT_EQ(kernel->run(buffers, 2), OpKernel::kViewMismatch);
}

// softmax_inner's whole_row mode (a row as one vector, vector reductions), with rows not a
// multiple of the unroll, exp stored or not, rows of 20 (16 + 4 lanes) and 48, one row.
TEST(SoftmaxInnerWholeRowTest, MatchesReferenceOnOddShapes) {
  const Template& tmpl = *find_softmax_template("softmax_inner");
  const int natural = test::shared_session().kernel_target().natural_vector_size<float>();
  for (const char* text : {"7x48", "2x20x5x3_axis1_nhwc", "1x64"}) {
    const SoftmaxDesc desc = parse_softmax(text);
    Problem problem(desc);
    for (const Config& config : {Config{{natural, 4, 0, 1, 3}}, Config{{natural, 2, 1, 4, 3}},
                                 Config{{natural, 1, 1, 64, 3}}}) {
      ASSERT_TRUE(tmpl.knob_space(desc, test::shared_session().kernel_target()).contains(config));
      expect_template_correct(desc, tmpl, config, problem);
    }
  }
  // Rows that LLVM would split down to scalars are not offered.
  const Config odd{{natural, 1, 0, 1, 3}};
  EXPECT_FALSE(
      tmpl.knob_space(parse_softmax("5x37"), test::shared_session().kernel_target()).contains(odd));
}

// Runs the baseline of `text` on `values` (physical layout) and returns the output.
std::vector<float> run_baseline(const std::string& text, const std::vector<float>& values) {
  const SoftmaxDesc desc = parse_softmax(text);
  const Template& tmpl = *softmax_templates_for(desc).at(0);
  JitSession& session = test::shared_session();
  llvm::Expected<OpKernel> kernel =
      compile_config(session, desc, tmpl, tmpl.baseline(desc, session.kernel_target()));
  EXPECT_TRUE(bool(kernel)) << llvm::toString(kernel.takeError());
  if (!kernel) return {};
  Halide::Runtime::Buffer<float> input = make_dense_buffer(desc.physical_shape());
  Halide::Runtime::Buffer<float> output = make_dense_buffer(desc.physical_shape());
  std::copy(values.begin(), values.end(), input.data());
  halide_buffer_t* buffers[] = {input.raw_buffer(), output.raw_buffer()};
  EXPECT_EQ(kernel->run(buffers, 2), 0);
  return std::vector<float>(output.data(), output.data() + values.size());
}

TEST(SoftmaxHandWorkedTest, ChannelSoftmaxSumsToOnePerPixelInBothLayouts) {
  // 1 image, 3 classes, 2x2 pixels, with scores up to 1000 (exp(1000) overflows f32).
  const float scores[3][4] = {{1000, 0, -5, 2}, {999, 0, 5, 2}, {0, 0, 0, 1000}};
  std::vector<float> nchw, nhwc;
  for (int c = 0; c < 3; ++c) {
    for (int p = 0; p < 4; ++p) nchw.push_back(scores[c][p]);
  }
  for (int p = 0; p < 4; ++p) {
    for (int c = 0; c < 3; ++c) nhwc.push_back(scores[c][p]);
  }
  const std::vector<float> out_nchw = run_baseline("1x3x2x2_axis1_nchw", nchw);
  const std::vector<float> out_nhwc = run_baseline("1x3x2x2_axis1_nhwc", nhwc);
  ASSERT_EQ(out_nchw.size(), 12u);
  ASSERT_EQ(out_nhwc.size(), 12u);
  for (int p = 0; p < 4; ++p) {
    double sum_nchw = 0, sum_nhwc = 0;
    for (int c = 0; c < 3; ++c) {
      const float a = out_nchw[c * 4 + p], b = out_nhwc[p * 3 + c];
      EXPECT_TRUE(std::isfinite(a) && std::isfinite(b)) << "pixel " << p << " class " << c;
      EXPECT_NEAR(a, b, 1e-6);
      sum_nchw += a;
      sum_nhwc += b;
    }
    EXPECT_NEAR(sum_nchw, 1.0, 1e-5) << "pixel " << p;
    EXPECT_NEAR(sum_nhwc, 1.0, 1e-5) << "pixel " << p;
  }
  // Pixel 0: 1000 vs 999 vs 0 -> 1/(1+e^-1), e^-1/(1+e^-1), ~0.
  EXPECT_NEAR(out_nchw[0], 1.0 / (1.0 + std::exp(-1.0)), 1e-6);
  EXPECT_NEAR(out_nchw[4], std::exp(-1.0) / (1.0 + std::exp(-1.0)), 1e-6);
  EXPECT_NEAR(out_nchw[8], 0.0, 1e-6);
  // Pixel 1: three equal scores.
  for (int c = 0; c < 3; ++c) EXPECT_NEAR(out_nchw[c * 4 + 1], 1.0 / 3.0, 1e-6);
  // Pixel 3: 2, 2, 1000 -> all mass on class 2.
  EXPECT_NEAR(out_nchw[11], 1.0, 1e-6);
}

TEST(SoftmaxTemplateRegistryTest, FindsTemplatesByName) {
  for (const char* name : {"softmax_inner", "softmax_strided"}) {
    const SoftmaxTemplate* tmpl = find_softmax_template(name);
    ASSERT_NE(tmpl, nullptr) << name;
    EXPECT_EQ(tmpl->name(), name);
  }
  EXPECT_EQ(find_softmax_template("softmax_magic"), nullptr);
  // The generic registry dispatches a SoftmaxDesc to its template.
  const std::vector<const Template*> generic = templates_for(parse_softmax("2x7x5x9_axis1_nhwc"));
  ASSERT_EQ(generic.size(), 1u);
  EXPECT_EQ(generic[0]->name(), "softmax_inner");
  EXPECT_EQ(find_template("softmax_strided"), find_softmax_template("softmax_strided"));
}

}  // namespace softmax_template_test
}  // namespace kf
