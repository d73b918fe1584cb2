// ConvDesc arithmetic: FLOP counts, tensor shapes in both layouts and all ranks, element counts,
// and equality (which ignores array entries beyond the spatial rank).
#include "dsl/conv_desc.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace kf {
namespace conv_desc_test {

using Shape = std::vector<int64_t>;

TEST(ConvDescFlops, CountsTwoFlopsPerMultiplyAdd) {
  // ResNet-50 conv1: 2 * 50 * 64 * 112 * 112 * 3 * 7 * 7.
  EXPECT_EQ(parse_conv("g1mb50ic3ih224iw224oc64oh112ow112kh7kw7sh2sw2ph3pw3").flops(),
            11801395200.0);
  // Grouped: each output channel reads ic / g = 2 input channels.
  EXPECT_EQ(parse_conv("g2mb1ic4ih1oc2kh1").flops(), 8.0);
  // 1D and 3D: 2 * mb * oc * prod(out) * ic/g * prod(kernel).
  EXPECT_EQ(parse_conv("mb1ic2iw5oc3kw2").flops(), 2.0 * 3 * 4 * 2 * 2);
  EXPECT_EQ(parse_conv("mb1ic1id3oc1kd2").flops(), 2.0 * 8 * 8);
}

TEST(ConvDescFlops, IgnoresBiasAndActivation) {
  EXPECT_EQ(parse_conv("mb1ic2ih3oc4kh2_bia_relu").flops(), parse_conv("mb1ic2ih3oc4kh2").flops());
}

TEST(ConvDescFlops, CountsPaddedTapsLikeBenchdnn) {
  // Every output point counts a full kernel even where it overlaps padding: 2 * 5 * 3.
  EXPECT_EQ(parse_conv("mb1ic1iw3oc1ow5kw3pw2").flops(), 30.0);
}

TEST(ConvDescKernel, DilatedExtentUsesPyTorchDilation) {
  const ConvDesc d = parse_conv("ic1oc1id9ih9iw12kd3kh1kw4dd0dh5dw2");
  EXPECT_EQ(d.dilated_kernel(0), 3);   // dense
  EXPECT_EQ(d.dilated_kernel(1), 1);   // a 1-tap kernel has extent 1 whatever the dilation
  EXPECT_EQ(d.dilated_kernel(2), 10);  // (4 - 1) * 3 + 1
}

TEST(ConvDescShapes, NhwcUsesHwioWeights) {
  const ConvDesc d = parse_conv("g2mb3ic4ih5iw6oc6kh3kw2");
  EXPECT_EQ(d.input_shape(), (Shape{3, 5, 6, 4}));
  EXPECT_EQ(d.weight_shape(), (Shape{3, 2, 2, 6}));
  EXPECT_EQ(d.output_shape(), (Shape{3, 3, 5, 6}));
  EXPECT_EQ(d.input_elements(), 360);
  EXPECT_EQ(d.weight_elements(), 72);
  EXPECT_EQ(d.output_elements(), 270);
}

TEST(ConvDescShapes, NchwUsesOihwWeights) {
  const ConvDesc d = parse_conv("g2mb3ic4ih5iw6oc6kh3kw2_nchw");
  EXPECT_EQ(d.input_shape(), (Shape{3, 4, 5, 6}));
  EXPECT_EQ(d.weight_shape(), (Shape{6, 2, 3, 2}));
  EXPECT_EQ(d.output_shape(), (Shape{3, 6, 3, 5}));
  EXPECT_EQ(d.input_elements(), 360);
  EXPECT_EQ(d.weight_elements(), 72);
  EXPECT_EQ(d.output_elements(), 270);
}

TEST(ConvDescShapes, OneAndThreeDimensional) {
  const ConvDesc one = parse_conv("mb2ic3iw9oc5kw4");
  EXPECT_EQ(one.input_shape(), (Shape{2, 9, 3}));
  EXPECT_EQ(one.weight_shape(), (Shape{4, 3, 5}));
  EXPECT_EQ(one.output_shape(), (Shape{2, 6, 5}));
  const ConvDesc three = parse_conv("mb2ic3id4ih5iw6oc5kd1kh2kw3_nchw");
  EXPECT_EQ(three.input_shape(), (Shape{2, 3, 4, 5, 6}));
  EXPECT_EQ(three.weight_shape(), (Shape{5, 3, 1, 2, 3}));
  EXPECT_EQ(three.output_shape(), (Shape{2, 5, 4, 4, 4}));
}

TEST(ConvDescEquality, ComparesEveryMeaningfulField) {
  const ConvDesc base = parse_conv("ic4oc4ih5kh3n\"a\"");
  EXPECT_EQ(base, parse_conv("ic4oc4ih5kh3n\"a\""));
  EXPECT_NE(base, parse_conv("ic4oc4ih5kh3n\"b\""));
  EXPECT_NE(base, parse_conv("ic4oc4ih5kh3n\"a\"_nchw"));
  EXPECT_NE(base, parse_conv("ic4oc4ih5kh3n\"a\"_bia"));
  EXPECT_NE(base, parse_conv("ic4oc4ih5kh3n\"a\"_relu"));
  EXPECT_NE(base, parse_conv("g2ic4oc4ih5kh3n\"a\""));
  EXPECT_NE(base, parse_conv("ic4oc4ih5iw6kh3kw3n\"a\""));
  EXPECT_NE(base, parse_conv("ic4oc4ih5kh3ph1n\"a\""));
  EXPECT_NE(base, parse_conv("ic4oc4ih5kh3dh1ph1n\"a\""));
}

TEST(ConvDescEquality, DescriptorsOfDifferentRankDiffer) {
  EXPECT_NE(parse_conv("ic4oc4iw5kw3"), parse_conv("ic4oc4ih1iw5kh1kw3"));
  EXPECT_NE(parse_conv("ic4oc4ih5kh3"), parse_conv("ic4oc4id1ih5iw5kd1kh3kw3"));
}

TEST(ConvDescEquality, IgnoresEntriesBeyondTheSpatialRank) {
  ConvDesc a = parse_conv("ic4oc4iw5kw3");
  ConvDesc b = a;
  b.in[2] = 99;
  b.stride[1] = 7;
  EXPECT_EQ(a, b);
  b.in[0] = 6;
  EXPECT_NE(a, b);
}

}  // namespace conv_desc_test
}  // namespace kf
