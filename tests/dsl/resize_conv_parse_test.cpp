// Resize-convolution descriptors: conv's grammar over the small input plus "upN" and a mode tag,
// conv's deductions on the upsampled sizes, the canonical round trip and key, the op registry,
// and the message of every validation rule.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>

#include "dsl/input_error.h"
#include "dsl/op_desc.h"
#include "dsl/resize_conv_desc.h"

namespace kf {
namespace resize_conv_parse_test {

template <typename F>
InputError error_of(F f) {
  try {
    f();
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "no InputError";
  return InputError("", "");
}

void expect_error(const std::string& text, const std::string& field, const std::string& part) {
  const InputError e = error_of([&] { parse_resize_conv(text); });
  EXPECT_EQ(e.field(), field) << text << ": " << e.what();
  EXPECT_NE(e.rule().find(part), std::string::npos) << text << ": " << e.what();
}

TEST(ResizeConvParseTest, DeducesTheOutputFromTheUpsampledInput) {
  const ResizeConvDesc d = parse_resize_conv("mb1ic64ih28oc32kh3ph1_up2_nearest");
  EXPECT_EQ(d.factor, 2);
  EXPECT_EQ(d.mode, ResizeMode::kNearest);
  EXPECT_EQ(d.conv.spatial_rank, 2);
  EXPECT_EQ(d.conv.in[0], 56);
  EXPECT_EQ(d.conv.in[1], 56);
  EXPECT_EQ(d.conv.out[0], 56);
  EXPECT_EQ(d.input_size(1), 28);
  EXPECT_EQ(d.input_shape(), (std::vector<int64_t>{1, 28, 28, 64}));
  EXPECT_EQ(d.upsampled_shape(), (std::vector<int64_t>{1, 56, 56, 64}));
  EXPECT_EQ(d.output().shape, (std::vector<int64_t>{1, 56, 56, 32}));
  ASSERT_EQ(d.inputs().size(), 2u);
  EXPECT_EQ(d.inputs()[0].shape, d.input_shape());
  EXPECT_EQ(d.inputs()[1].shape, (std::vector<int64_t>{3, 3, 64, 32}));
  EXPECT_DOUBLE_EQ(d.flops(), 2.0 * 32 * 64 * 56 * 56 * 9);
}

TEST(ResizeConvParseTest, ExplicitOutputModesAndSynonyms) {
  const ResizeConvDesc d = parse_resize_conv("mb1ic64ih28oc32oh56kh3ph1_up2_bilinear");
  EXPECT_EQ(d.mode, ResizeMode::kBilinear);
  EXPECT_EQ(d.conv.out[1], 56);
  EXPECT_EQ(parse_resize_conv("mb1ic3iw5oc4kw3_up3").mode, ResizeMode::kNearest);
  EXPECT_EQ(parse_resize_conv("mb1ic3iw5oc4kw3_up3_linear").mode, ResizeMode::kBilinear);
  EXPECT_EQ(parse_resize_conv("mb1ic3id2ih2iw2oc4kd1kh1kw1_trilinear_up2").mode,
            ResizeMode::kBilinear);
  // Tags may stand anywhere a conv tag may; the layout tag works as in conv.
  const ResizeConvDesc n = parse_resize_conv("up2_nchw_mb1ic3ih4iw5oc4kh3kw3ph1pw1_bia_relu");
  EXPECT_EQ(n.conv.layout, Layout::kNCHW);
  EXPECT_EQ(n.input_shape(), (std::vector<int64_t>{1, 3, 4, 5}));
  EXPECT_EQ(n.output().shape, (std::vector<int64_t>{1, 4, 8, 10}));
  EXPECT_EQ(n.inputs().size(), 3u);
}

TEST(ResizeConvParseTest, CanonicalTextKeyAndRoundTrip) {
  const ResizeConvDesc d = parse_resize_conv("mb1ic64ih28oc32oh56kh3ph1_up2_nearest");
  EXPECT_EQ(to_string(d),
            "g1mb1_ic64ih28iw28_oc32oh56ow56_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_up2_nearest");
  EXPECT_EQ(d.key(), "resize_conv:" + to_string(d));
  for (const char* text : {
           "mb1ic64ih28oc32oh56kh3ph1_up2_bilinear",
           "g2mb3ic4id3ih5iw6oc6kd2kh3kw3sd2sh2sw3ph1dw1_up3_nchw_bia_relu_n\"dec:up1\"",
           "mb2ic5iw7oc3kw4sw2pw1_up2_linear_clamp0:6",
           "mb1ic8ih7iw9oc4kh3kw2_same_up2_bilinear",
           "mb1ic8ih7oc4kh3_valid_up1_nearest",
       }) {
    const ResizeConvDesc parsed = parse_resize_conv(text);
    EXPECT_EQ(parse_resize_conv(to_string(parsed)), parsed) << text << " -> " << to_string(parsed);
    EXPECT_EQ(parse_op("resize_conv", parsed.key())->key(), parsed.key());
  }
  ResizeConvDesc named = parse_resize_conv("mb1ic4ih5oc4kh3_up2_n\"a\"");
  EXPECT_EQ(named.layer_name(), "a");
  EXPECT_EQ(named.key().find("\"a\""), std::string::npos);
}

TEST(ResizeConvParseTest, RegistryBatchAndLayout) {
  const auto ops = known_ops();
  EXPECT_NE(std::find(ops.begin(), ops.end(), "resize_conv"), ops.end());
  const std::vector<OpEntry> entries =
      parse_op_list("resize_conv", "mb4ic4ih5oc4kh3ph1_up2_bilinear_n\"x*3\"", 1);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].multiplicity, 3);
  EXPECT_EQ(entries[0].desc->op(), "resize_conv");
  EXPECT_EQ(entries[0].desc->inputs()[0].shape, (std::vector<int64_t>{1, 5, 5, 4}));
  std::unique_ptr<OpDesc> d = parse_op("conv", "resize_conv:mb1ic4ih5oc4kh3_up2");
  d->set_layout("nchw");
  EXPECT_EQ(d->inputs()[0].shape, (std::vector<int64_t>{1, 4, 5, 5}));
  EXPECT_EQ(error_of([&] { d->set_layout("ncdhw"); }).field(), "--layout");
}

TEST(ResizeConvValidateTest, FactorRules) {
  expect_error("mb1ic4ih5oc4kh3", "up", "missing");
  expect_error("mb1ic4ih5oc4kh3_up0", "up", "integer >= 1, got 0");
  expect_error("mb1ic4ih5oc4kh3_up2.5", "up", "integer >= 1");
  expect_error("mb1ic4ih5oc4kh3_upx", "up", "integer factor");
  expect_error("mb1ic4ih5oc4kh3_up2_up2", "descriptor", "given twice");
  expect_error("mb1ic1iw2000000000oc1kw1_up2", "iw", "exceeds");
}

TEST(ResizeConvValidateTest, ModeRules) {
  expect_error("mb1ic4ih5oc4kh3_up2_bicubic", "mode", "not supported");
  expect_error("mb1ic4ih5oc4kh3_up2_area", "mode", "not supported");
  expect_error("mb1ic4ih5oc4kh3_up2_nearest_bilinear", "descriptor", "mode given twice");
  expect_error("mb1ic4ih5oc4kh3_up2_cubicle", "descriptor", "unknown entry");
}

TEST(ResizeConvValidateTest, ConvRulesApplyToTheUpsampledSizes) {
  // ih 5 * 2 = 10 with k3 p1: oh 7 would need pad_end -2, beyond -stride.
  expect_error("mb1ic4ih5oc4oh7kh3ph1_up2", "oh", "ih 5 * 2 = 10");
  // A kernel of 5 does not fit 2 * 2 = 4 upsampled pixels (but would not fit 2 either).
  expect_error("mb1ic4iw2oc4kw5_up2", "kw", "exceeds padded input 4");
  // Rules that do not involve spatial sizes come through unchanged.
  expect_error("g3mb1ic4ih5oc6kh3_up2", "g", "not divisible");
  expect_error("mb1ic4ih5oc4kh3_up2_clamp3:1", "clamp", "LO < HI");
}

TEST(ResizeConvValidateTest, StructRules) {
  ResizeConvDesc d = parse_resize_conv("mb1ic4iw5oc4kw3_up2");
  d.factor = 0;
  InputError e = error_of([&] { validate(d); });
  EXPECT_EQ(e.field(), "up");
  d.factor = 3;  // conv.in 10 is no multiple of 3
  e = error_of([&] { validate(d); });
  EXPECT_EQ(e.field(), "iw");
  EXPECT_NE(e.rule().find("multiple of up 3"), std::string::npos) << e.what();
  d.factor = 2;
  d.mode = static_cast<ResizeMode>(7);
  EXPECT_EQ(error_of([&] { validate(d); }).field(), "mode");
  d.mode = ResizeMode::kNearest;
  EXPECT_EQ(error_of([&] { d.set_batch(0); }).field(), "mb");
}

}  // namespace resize_conv_parse_test
}  // namespace kf
