// The image_blob template (image_blob_rows) against the naive reference on odd sizes (37x23 and
// others, vector tails), 1, 3 and 4 channels, swap on and off, NCHW and NHWC outputs: for each
// shape the baseline and one seeded random config are compiled in the shared session (helpers
// of softmax_template_test.cpp). A compiled kernel also reproduces the hand-worked values of
// dsl/image_blob_desc.h.
#include "schedules/image_blob_template.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "autotune/problem.h"
#include "autotune/tuner.h"
#include "dsl/image_blob_desc.h"
#include "jit/emitter.h"
#include "tests/support/shared_jit_session.h"

namespace kf {

// Defined in softmax_template_test.cpp.
void expect_template_correct(const OpDesc& desc, const Template& tmpl, const Config& config,
                             Problem& problem);
Config other_config(const KnobSpace& space, const Config& baseline);

namespace image_blob_template_test {

const char* const kShapes[] = {
    "mb1ih37iw23ic3_scale0.017_mean103.9:116.8:123.7_swaprb",  // the OpenCV case, odd sizes
    "mb2ih23iw37ic3_scale0.5_mean1:2:3",                       // no swap, batch 2
    "mb1ih9iw41ic4_scale0.0039_mean0:0:0:128_swaprb",          // BGRA, alpha kept in place
    "mb1ih13iw29ic1_scale2_mean100",                           // gray
    "mb1ih11iw19ic3_scale0.0039_mean123.7:116.3:103.5_std58.4:57.1:57.4_swaprb_nhwc",
    "mb1ih3iw3ic3_scale-1_swaprb",  // narrower than a vector
};

std::string shape_name(const std::string& text) {
  std::string name;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) name += c;
  }
  return name.substr(0, 40);
}

class ImageBlobTemplateTest : public testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    desc_ = parse_image_blob(GetParam());
    const auto templates = image_blob_templates_for(desc_);
    ASSERT_EQ(templates.size(), 1u);
    tmpl_ = templates[0];
  }
  const Halide::Target& target() { return test::shared_session().kernel_target(); }

  ImageBlobDesc desc_;
  const ImageBlobTemplate* tmpl_ = nullptr;
};

TEST_P(ImageBlobTemplateTest, BaselineIsInKnobSpace) {
  const KnobSpace space = tmpl_->knob_space(desc_, target());
  const Config baseline = tmpl_->baseline(desc_, target());
  EXPECT_TRUE(space.contains(baseline)) << space.encode(baseline);
  EXPECT_EQ(space.decode(space.encode(baseline)), baseline);
}

TEST_P(ImageBlobTemplateTest, BaselineAndRandomConfigMatchReference) {
  Problem problem(desc_);
  const Config baseline = tmpl_->baseline(desc_, target());
  expect_template_correct(desc_, *tmpl_, baseline, problem);
  expect_template_correct(desc_, *tmpl_, other_config(tmpl_->knob_space(desc_, target()), baseline),
                          problem);
}

INSTANTIATE_TEST_SUITE_P(Shapes, ImageBlobTemplateTest, testing::ValuesIn(kShapes),
                         [](const testing::TestParamInfo<const char*>& info) {
                           return shape_name(info.param);
                         });

TEST(ImageBlobTemplateKnobs, ChannelsAsPlanesAlsoMatchReference) {
  // The baseline unrolls channels inside x tiles; the plane-by-plane order must be right too.
  const ImageBlobDesc desc = parse_image_blob("mb2ih7iw37ic3_scale0.25_mean9:8:7_swaprb");
  const ImageBlobTemplate& tmpl = *image_blob_templates_for(desc).at(0);
  const KnobSpace space = tmpl.knob_space(desc, test::shared_session().kernel_target());
  Problem problem(desc);
  expect_template_correct(desc, tmpl,
                          space.decode("lanes=8,vectors=2,channels_inner=0,rows_per_task=2,"
                                       "parallel=1"),
                          problem);
}

TEST(ImageBlobTemplateKernel, ReproducesTheHandWorkedPixels) {
  const ImageBlobDesc desc = parse_image_blob("ih1iw2ic3_scale0.5_mean1:2:3_swaprb");
  const ImageBlobTemplate& tmpl = *image_blob_templates_for(desc).at(0);
  JitSession& session = test::shared_session();
  auto kernel = compile_config(session, desc, tmpl, tmpl.baseline(desc, session.kernel_target()));
  ASSERT_TRUE(bool(kernel)) << llvm::toString(kernel.takeError());
  // (B, G, R) pixels (10, 20, 30) and (200, 100, 50); Halide dims innermost first.
  Halide::Runtime::Buffer<uint8_t> image(3, 2, 1, 1);
  const uint8_t pixels[] = {10, 20, 30, 200, 100, 50};
  std::copy(pixels, pixels + 6, image.data());
  Halide::Runtime::Buffer<float> output(2, 1, 3, 1);
  halide_buffer_t* buffers[] = {image.raw_buffer(), output.raw_buffer()};
  ASSERT_EQ(kernel->run(buffers, 2), 0);
  const std::vector<float> planes(output.data(), output.data() + 6);
  EXPECT_EQ(planes, (std::vector<float>{14.5f, 24.5f, 9.0f, 49.0f, 3.5f, 98.5f}));
}

TEST(ImageBlobTemplateRegistry, GenericRegistryFindsTheRowsTemplate) {
  const ImageBlobDesc desc = parse_image_blob("ih4ic3");
  const std::vector<const Template*> generic = templates_for(desc);
  ASSERT_EQ(generic.size(), 1u);
  EXPECT_EQ(generic[0]->name(), "image_blob_rows");
  EXPECT_EQ(find_template("image_blob_rows"), generic[0]);
}

TEST(ImageBlobEmit, HeaderDeclaresTheImageAsUint8) {
  auto desc = std::make_shared<ImageBlobDesc>(parse_image_blob("ih4iw5ic3_swaprb"));
  EmitItem item;
  item.desc = desc;
  item.tmpl = image_blob_templates_for(*desc).at(0);
  item.config = item.tmpl->baseline(*desc, Halide::get_host_target());
  item.function_name = "pre_blob";
  const std::string header = library_header({item}, "pre", Halide::get_host_target());
  EXPECT_NE(header.find("static inline int pre_blob(const uint8_t *image, float *output)"),
            std::string::npos)
      << header;
  EXPECT_NE(header.find(" * image NHWC uint8 [1][4][5][3]"), std::string::npos) << header;
  EXPECT_NE(header.find("image_buf.type.code = halide_type_uint;"), std::string::npos);
  EXPECT_NE(header.find("image_buf.type.bits = 8;"), std::string::npos);
  EXPECT_NE(header.find(" * output NCHW float32 [1][3][4][5] (written)"), std::string::npos);
}

}  // namespace image_blob_template_test
}  // namespace kf
