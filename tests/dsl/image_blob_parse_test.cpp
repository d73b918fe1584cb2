// image_blob descriptors: parse/print round trips, defaults and canonical keys, and one test per
// validation rule checking the field and the message.
#include <gtest/gtest.h>

#include <string>

#include "dsl/image_blob_desc.h"
#include "dsl/input_error.h"
#include "dsl/op_desc.h"

namespace kf {
namespace image_blob_parse_test {

TEST(ImageBlobParse, ParsesTheOpenCvExample) {
  const ImageBlobDesc d =
      parse_image_blob("mb1ih224iw224ic3_scale0.017_mean103.9:116.8:123.7_swaprb");
  EXPECT_EQ(d.mb, 1);
  EXPECT_EQ(d.ih, 224);
  EXPECT_EQ(d.iw, 224);
  EXPECT_EQ(d.ic, 3);
  EXPECT_EQ(d.scale, 0.017);
  EXPECT_EQ(d.mean, (std::vector<double>{103.9, 116.8, 123.7}));
  EXPECT_TRUE(d.stddev.empty());
  EXPECT_TRUE(d.swap_rb);
  EXPECT_EQ(d.layout, BlobLayout::kNchw);
  EXPECT_EQ(d.to_string(), "mb1ih224iw224ic3_scale0.017_mean103.9:116.8:123.7_swaprb");
}

TEST(ImageBlobParse, RoundTripsEveryEntry) {
  for (const char* text : {
           "mb1ih224iw224ic3_scale0.017_mean103.9:116.8:123.7_swaprb",
           "mb4ih37iw23ic4_scale0.00392156862745098_mean-1.5:0:2:255_std0.229:0.224:0.225:1_swaprb_"
           "nhwc_n\"rgba\"",
           "mb1ih5iw7ic1_scale1e-05",
           "mb2ih1iw1ic3_scale-2_std58.395:57.12:57.375",
       }) {
    const ImageBlobDesc d = parse_image_blob(text);
    EXPECT_EQ(d.to_string(), text);
    EXPECT_EQ(parse_image_blob(d.to_string()), d) << text;
  }
}

TEST(ImageBlobParse, DefaultsAndCanonicalForm) {
  const ImageBlobDesc d = parse_image_blob("ih5ic3");
  EXPECT_EQ(d.mb, 1);
  EXPECT_EQ(d.iw, 5);  // copied from ih, as in benchdnn
  EXPECT_EQ(d.scale, 1.0);
  EXPECT_FALSE(d.swap_rb);
  EXPECT_EQ(d.to_string(), "mb1ih5iw5ic3_scale1");
  // A zero mean and a unit std change nothing, so they do not change the key either.
  EXPECT_EQ(parse_image_blob("ih5ic3_mean0:0:0_std1:1:1_nchw").key(), d.key());
  EXPECT_EQ(d.key(), "image_blob:mb1ih5iw5ic3_scale1");
}

TEST(ImageBlobParse, TensorsAreU8NhwcInF32Out) {
  ImageBlobDesc d = parse_image_blob("mb2ih5iw7ic3");
  ASSERT_EQ(d.inputs().size(), 1u);
  EXPECT_EQ(d.inputs()[0].type, ElementType::kU8);
  EXPECT_EQ(d.inputs()[0].shape, (std::vector<int64_t>{2, 5, 7, 3}));
  EXPECT_EQ(d.inputs()[0].test_max, 255.0);
  EXPECT_EQ(d.output().type, ElementType::kF32);
  EXPECT_EQ(d.output().shape, (std::vector<int64_t>{2, 3, 5, 7}));
  // 210 u8 read once, 210 f32 written once.
  EXPECT_EQ(d.min_bytes(), 210.0 + 4 * 210.0);
  d.set_layout("nhwc");
  EXPECT_EQ(d.output().shape, (std::vector<int64_t>{2, 5, 7, 3}));
  EXPECT_EQ(d.output().layout, "NHWC");
}

TEST(ImageBlobParse, RegistryKnowsTheOp) {
  std::unique_ptr<OpDesc> op = parse_op("conv", "image_blob:ih4ic1_scale2");
  EXPECT_EQ(op->op(), "image_blob");
  EXPECT_EQ(op->key(), "image_blob:mb1ih4iw4ic1_scale2");
  const std::vector<OpEntry> list = parse_op_list("image_blob", "ih4ic3_n\"cam*3\"", 2);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].multiplicity, 3);
  EXPECT_EQ(list[0].desc->to_string(), "mb2ih4iw4ic3_scale1_n\"cam\"");
}

// Expects parse_image_blob(text) to fail with `field` and a rule containing `rule_part`.
void expect_error(const std::string& text, const std::string& field, const std::string& rule_part) {
  try {
    parse_image_blob(text);
    ADD_FAILURE() << "accepted " << text;
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), field) << text << ": " << e.what();
    EXPECT_NE(e.rule().find(rule_part), std::string::npos) << text << ": " << e.what();
  }
}

TEST(ImageBlobValidate, SizesArePositive) {
  expect_error("mb0ih5ic3", "mb", "must be between 1 and 2147483647, got 0");
  expect_error("ih0ic3", "ih", "must be between 1 and 2147483647, got 0");
  expect_error("ih5iw0ic3", "iw", "must be between 1 and 2147483647, got 0");
  expect_error("iw5ic3", "ih", "missing");
  expect_error("mb100000ih100000iw100000ic3", "descriptor", "at most 2147483647 elements");
}

TEST(ImageBlobValidate, ChannelsAreOneThreeOrFour) {
  expect_error("ih5ic2", "ic", "must be 1, 3 or 4 (gray, BGR or BGRA), got 2");
  expect_error("ih5ic5", "ic", "must be 1, 3 or 4 (gray, BGR or BGRA), got 5");
  expect_error("ih5", "ic", "missing");
}

TEST(ImageBlobValidate, SwapNeedsThreeChannels) {
  expect_error("ih5ic1_swaprb", "swaprb", "needs at least 3 channels");
}

TEST(ImageBlobValidate, MeanHasOneFiniteValuePerChannel) {
  expect_error("ih5ic3_mean1:2", "mean", "needs one value per channel (ic3), got 2");
  expect_error("ih5ic1_mean0:0", "mean", "needs one value per channel (ic1), got 2");
  expect_error("ih5ic3_mean1:inf:2", "mean", "values must be finite, got inf");
  expect_error("ih5ic3_mean1:x:2", "mean", "must be a number, got 'x'");
}

TEST(ImageBlobValidate, StdHasOnePositiveValuePerChannel) {
  expect_error("ih5ic3_std1:2", "std", "needs one value per channel (ic3), got 2");
  expect_error("ih5ic3_std1:0:2", "std", "values must be finite and positive, got 0");
  expect_error("ih5ic3_std1:-2:2", "std", "values must be finite and positive, got -2");
}

TEST(ImageBlobValidate, ScaleIsFiniteAndNonZero) {
  expect_error("ih5ic3_scale0", "scale", "must be finite and non-zero, got 0");
  expect_error("ih5ic3_scalenan", "scale", "must be finite and non-zero, got nan");
  expect_error("ih5ic3_scale", "scale", "must be a number, got ''");
}

TEST(ImageBlobValidate, MalformedTextAndNames) {
  expect_error("ih5ic3_swaprb_swaprb", "descriptor", "given twice");
  expect_error("ih5ic3_bgr", "descriptor", "unknown entry 'bgr'");
  expect_error("ih5ic3_n\"a b\"", "n", "must not contain quotes, whitespace");
  ImageBlobDesc d = parse_image_blob("ih5ic3");
  EXPECT_THROW(d.set_layout("nchw16c"), InputError);
  EXPECT_THROW(d.set_batch(0), InputError);
}

}  // namespace image_blob_parse_test
}  // namespace kf
