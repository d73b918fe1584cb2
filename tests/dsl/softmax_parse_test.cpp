// SoftmaxDesc: parsing of benchdnn softmax descriptors with KernelForge's tags, canonical
// round trip, every line of the shared softmax shape files, every validation rule's message,
// and the naive reference on hand-worked cases.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "dsl/input_error.h"
#include "dsl/op_desc.h"
#include "dsl/softmax_desc.h"

namespace kf {
namespace softmax_parse_test {

// Expects `text` to be rejected with `field` and a rule containing `rule_part`.
void expect_rejected(const std::string& text, const std::string& field,
                     const std::string& rule_part) {
  try {
    parse_softmax(text);
    ADD_FAILURE() << "accepted '" << text << "'";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), field) << text << ": " << e.what();
    EXPECT_NE(e.rule().find(rule_part), std::string::npos) << text << ": " << e.what();
  }
}

TEST(SoftmaxParseTest, AppliesBenchdnnDefaults) {
  const SoftmaxDesc d = parse_softmax("2x19x128x256");
  EXPECT_EQ(d.dims, (std::vector<int64_t>{2, 19, 128, 256}));
  EXPECT_EQ(d.axis, 1);
  EXPECT_EQ(d.layout, Layout::kNCHW);
  EXPECT_EQ(d.op(), "softmax");
  EXPECT_EQ(d.to_string(), "2x19x128x256_axis1_nchw");
}

TEST(SoftmaxParseTest, ReadsTagsAndName) {
  int multiplicity = 0;
  const SoftmaxDesc d = parse_softmax("3x17x9x37x19_axis2_nhwc_n\"seg:logits*3\"", &multiplicity);
  EXPECT_EQ(d.axis, 2);
  EXPECT_EQ(d.layout, Layout::kNHWC);
  EXPECT_EQ(d.name, "seg:logits");
  EXPECT_EQ(multiplicity, 3);
  EXPECT_EQ(d.physical_shape(), (std::vector<int64_t>{3, 9, 37, 19, 17}));
  EXPECT_EQ(d.physical_dim(1), 4);
  EXPECT_EQ(d.physical_dim(2), 1);
  EXPECT_EQ(parse_softmax(d.to_string()), d);
}

TEST(SoftmaxParseTest, TwoDimTensorsPrintAsNchw) {
  const SoftmaxDesc d = parse_softmax("240x20_nhwc");
  EXPECT_EQ(d.layout, Layout::kNCHW);
  EXPECT_EQ(d.to_string(), "240x20_axis1_nchw");
  SoftmaxDesc copy = d;
  copy.set_layout("nhwc");
  EXPECT_EQ(copy, d);
}

TEST(SoftmaxParseTest, KeyDropsTheName) {
  EXPECT_EQ(parse_softmax("2x3_n\"x\"").key(), "softmax:2x3_axis1_nchw");
  EXPECT_EQ(parse_op("softmax", "softmax:4x5_axis0")->key(), "softmax:4x5_axis0_nchw");
}

TEST(SoftmaxParseTest, EveryLineOfTheSharedShapeFilesParses) {
  int files = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(KF_SHAPES_DIR) + "/softmax")) {
    ++files;
    const std::vector<OpEntry> entries = parse_op_list("softmax", entry.path().string());
    EXPECT_FALSE(entries.empty()) << entry.path();
    for (const OpEntry& e : entries) {
      EXPECT_EQ(parse_op("softmax", e.desc->to_string())->to_string(), e.desc->to_string());
    }
  }
  EXPECT_EQ(files, 3);
}

TEST(SoftmaxParseTest, OptionLinesAreRejectedWithTheTagToUse) {
  expect_rejected("--axis=3", "descriptor", "axis3");
  const std::string path = testing::TempDir() + "softmax_with_options";
  std::ofstream(path) << "# comment\n2x3x4x5\n--axis=3\n2x3x4x5\n";
  try {
    parse_op_list("softmax", path);
    ADD_FAILURE() << "accepted an option line";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), path + ":3");
    EXPECT_NE(e.rule().find("--axis=3"), std::string::npos) << e.what();
  }
}

TEST(SoftmaxParseTest, RejectsMalformedText) {
  expect_rejected("", "descriptor", "empty");
  expect_rejected("2x", "descriptor", "needs a non-negative decimal number");
  expect_rejected("1x2x3x4x5x6", "descriptor", "more than 5 dims");
  expect_rejected("2x3_axis1_axis2", "descriptor", "given twice");
  expect_rejected("2x3x4_nchw_nhwc", "descriptor", "layout given twice");
  expect_rejected("2x3_axis1x", "descriptor", "followed by '_'");
  expect_rejected("2x3 4", "descriptor", "whitespace");
  expect_rejected("2x3_bogus", "descriptor", "unknown entry");
  expect_rejected("2x3_n\"a", "descriptor", "unterminated quote");
  expect_rejected("2x3_n\"a\"_n\"b\"", "descriptor", "given twice");
  expect_rejected("99999999999x3", "descriptor", "too large");
}

TEST(SoftmaxValidateTest, EveryRuleHasAMessage) {
  expect_rejected("0x3", "mb", "between 1 and");
  expect_rejected("2x0x3", "dims", "between 1 and");
  expect_rejected("65536x65536", "dims", "at most 2147483647 elements");
  expect_rejected("2x3_axis2", "axis", "between 0 and 1");
  expect_rejected("7", "axis", "between 0 and 0");
  expect_rejected("2x3_n\"a*0\"", "n", "must be positive");
  SoftmaxDesc d = parse_softmax("2x3");
  d.name = "a b";
  EXPECT_THROW(validate(d), InputError);
  d.name = "a*2";
  try {
    validate(d);
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "n");
    EXPECT_NE(e.rule().find("*N"), std::string::npos);
  }
  d = parse_softmax("2x3");
  d.dims.clear();
  try {
    validate(d);
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "dims");
  }
  try {
    d = parse_softmax("2x3");
    d.set_layout("nchw16c");
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "--layout");
  }
  try {
    d = parse_softmax("2x3");
    d.set_batch(0);
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "mb");
  }
}

TEST(SoftmaxReferenceTest, HandWorkedRow) {
  const SoftmaxDesc d = parse_softmax("1x3");
  const float in[3] = {1, 2, 3};
  float out[3];
  softmax_reference(d, in, out);
  const double s = std::exp(-2.0) + std::exp(-1.0) + 1.0;
  EXPECT_NEAR(out[0], std::exp(-2.0) / s, 1e-7);
  EXPECT_NEAR(out[1], std::exp(-1.0) / s, 1e-7);
  EXPECT_NEAR(out[2], 1.0 / s, 1e-7);
}

TEST(SoftmaxReferenceTest, LargeScoresDoNotOverflowAndPixelsSumToOne) {
  // 1 image, 2 classes, 3 pixels, NHWC: pixel p holds (class 0, class 1).
  const SoftmaxDesc d = parse_softmax("1x2x1x3_axis1_nhwc");
  const float in[6] = {1000, 1000, -1000, 1000, 5, 3};
  float out[6];
  softmax_reference(d, in, out);
  EXPECT_FLOAT_EQ(out[0], 0.5f);
  EXPECT_FLOAT_EQ(out[1], 0.5f);
  EXPECT_FLOAT_EQ(out[2], 0.0f);
  EXPECT_FLOAT_EQ(out[3], 1.0f);
  EXPECT_NEAR(out[4] + out[5], 1.0, 1e-7);
  EXPECT_NEAR(out[4], 1.0 / (1.0 + std::exp(-2.0)), 1e-7);
}

}  // namespace softmax_parse_test
}  // namespace kf
