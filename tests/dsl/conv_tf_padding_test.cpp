// TensorFlow SAME/VALID padding, worked by hand from tf.nn.conv2d's definition: SAME gives
// ceil(in / stride) outputs and puts the odd padding pixel at the end; VALID pads nothing.
#include <gtest/gtest.h>

#include <vector>

#include "dsl/conv_desc.h"
#include "dsl/conv_reference.h"
#include "dsl/input_error.h"

namespace kf {
namespace conv_tf_padding_test {

struct Padding {
  int64_t out, begin, end;
};

Padding padding_of(const std::string& text) {
  const ConvDesc d = parse_conv(text);
  const int last = d.spatial_rank - 1;
  return {d.out[last], d.pad_begin[last], d.pad_end[last]};
}

TEST(ConvTfPaddingTest, SameStride2EvenInputPutsTheExtraPixelAtTheEnd) {
  // in 6, k 3, s 2: out = ceil(6/2) = 3; total = (3-1)*2 + 3 - 6 = 1 -> begin 0, end 1.
  const Padding p = padding_of("mb1ic1ih6oc1kh3sh2_same");
  EXPECT_EQ(p.out, 3);
  EXPECT_EQ(p.begin, 0);
  EXPECT_EQ(p.end, 1);
}

TEST(ConvTfPaddingTest, SameStride2OddInputPadsBothSides) {
  // in 7, k 3, s 2: out = 4; total = 3*2 + 3 - 7 = 2 -> 1 and 1.
  const Padding p = padding_of("mb1ic1ih7oc1kh3sh2_same");
  EXPECT_EQ(p.out, 4);
  EXPECT_EQ(p.begin, 1);
  EXPECT_EQ(p.end, 1);
}

TEST(ConvTfPaddingTest, SameStride1EvenKernel) {
  // in 5, k 4, s 1: out 5; total 3 -> 1 at the start, 2 at the end.
  const Padding p = padding_of("mb1ic1ih5oc1kh4_same");
  EXPECT_EQ(p.out, 5);
  EXPECT_EQ(p.begin, 1);
  EXPECT_EQ(p.end, 2);
}

TEST(ConvTfPaddingTest, SameWithDilationUsesTheDilatedExtent) {
  // in 8, k 3, dilation 2 (dh1) -> extent 5, s 1: out 8, total 4 -> 2 and 2.
  const Padding p = padding_of("mb1ic1ih8oc1kh3dh1_same");
  EXPECT_EQ(p.out, 8);
  EXPECT_EQ(p.begin, 2);
  EXPECT_EQ(p.end, 2);
}

TEST(ConvTfPaddingTest, ValidDropsTheLeftoverInput) {
  // in 6, k 3, s 2: out = floor(3/2) + 1 = 2; the last input row is never read (pad_end -1).
  const Padding even = padding_of("mb1ic1ih6oc1kh3sh2_valid");
  EXPECT_EQ(even.out, 2);
  EXPECT_EQ(even.begin, 0);
  EXPECT_EQ(even.end, -1);
  const Padding odd = padding_of("mb1ic1ih7oc1kh3sh2_valid");
  EXPECT_EQ(odd.out, 3);
  EXPECT_EQ(odd.end, 0);
}

TEST(ConvTfPaddingTest, SameNumbersMatchTensorFlow) {
  // tf.nn.conv1d(ones[1,6,1], ones[3,1,1], stride=2, padding="SAME") = [3, 3, 2]: windows
  // [0..2], [2..4], [4, 5, pad].
  const ConvDesc d = parse_conv("mb1ic1iw6oc1kw3sw2_same");
  ASSERT_EQ(d.spatial_rank, 1);
  const std::vector<float> input(6, 1.0f), weights(3, 1.0f);
  std::vector<float> output(3, 0.0f);
  conv_reference(d, input.data(), weights.data(), nullptr, output.data());
  EXPECT_EQ(output, (std::vector<float>{3, 3, 2}));
}

TEST(ConvTfPaddingTest, AppliesToEveryDimAndRoundTrips) {
  const ConvDesc d = parse_conv("mb1ic3id5ih6iw7oc4kd3kh3kw2sd2sh2sw3_same_nchw");
  EXPECT_EQ(d.spatial_rank, 3);
  EXPECT_EQ(d.out[0], 3);  // ceil(5/2)
  EXPECT_EQ(d.out[1], 3);  // ceil(6/2)
  EXPECT_EQ(d.out[2], 3);  // ceil(7/3)
  EXPECT_EQ(parse_conv(to_string(d)), d);
  // The equivalent explicit padding has the same key.
  const ConvDesc explicit_pads = parse_conv(to_string(d));
  EXPECT_EQ(workload_key(explicit_pads), workload_key(d));
}

TEST(ConvTfPaddingTest, ExplicitPadOrOutputWithAModeIsAnError) {
  for (const char* text : {"mb1ic1ih6oc1kh3ph1_same", "mb1ic1ih6oc1oh3kh3_valid"}) {
    try {
      parse_conv(text);
      ADD_FAILURE() << text;
    } catch (const InputError& e) {
      EXPECT_TRUE(e.field() == "ph" || e.field() == "oh") << e.what();
      EXPECT_NE(e.rule().find("padding tag"), std::string::npos) << e.what();
    }
  }
}

TEST(ConvTfPaddingTest, ValidKernelLargerThanInputIsAnError) {
  try {
    parse_conv("mb1ic1ih2oc1kh3_valid");
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "kh");
    EXPECT_NE(e.rule().find("exceeds input"), std::string::npos) << e.what();
  }
}

TEST(ConvTfPaddingTest, TwoModesAreMalformed) {
  EXPECT_THROW(parse_conv("mb1ic1ih6oc1kh3_same_valid"), InputError);
}

}  // namespace conv_tf_padding_test
}  // namespace kf
