// parse_conv: benchdnn defaults and deductions (0-based dilation, implicit h->w and d->h copies,
// deduced output and left pad, derived right pad), KernelForge tags, names and multiplicities,
// and the canonical printer (to_string / workload_key) round trip.
#include <gtest/gtest.h>

#include <string>

#include "dsl/conv_desc.h"
#include "dsl/input_error.h"

namespace kf {
namespace conv_parse_test {

TEST(ConvParse, TwoDimensionalDescriptorGetsBenchdnnDefaults) {
  const ConvDesc d = parse_conv("ic3oc16_ih5oh5kh3ph1_n\"conv_basic_2d:1st\"");
  EXPECT_EQ(d.spatial_rank, 2);
  EXPECT_EQ(d.mb, 2);
  EXPECT_EQ(d.groups, 1);
  EXPECT_EQ(d.ic, 3);
  EXPECT_EQ(d.oc, 16);
  // w copied from h.
  EXPECT_EQ(d.in[0], 5);
  EXPECT_EQ(d.in[1], 5);
  EXPECT_EQ(d.out[1], 5);
  EXPECT_EQ(d.kernel[1], 3);
  EXPECT_EQ(d.pad_begin[1], 1);
  EXPECT_EQ(d.pad_end[0], 1);
  EXPECT_EQ(d.pad_end[1], 1);
  EXPECT_EQ(d.stride[0], 1);
  EXPECT_EQ(d.dilation[0], 1);
  EXPECT_FALSE(d.bias);
  EXPECT_EQ(d.activation, Activation::kNone);
  EXPECT_EQ(d.layout, Layout::kNHWC);
  EXPECT_EQ(d.name, "conv_basic_2d:1st");
}

TEST(ConvParse, ResNetStrideTwoOneByOneHasNegativeRightPad) {
  const ConvDesc d =
      parse_conv("g1mb50ic256ih56iw56oc512oh28ow28kh1kw1sh2sw2ph0pw0n\"resnet_50:res3a_branch1\"");
  EXPECT_EQ(d.mb, 50);
  // (28 - 1) * 2 - 56 + 1 - 0 = -1: the last input row and column are never read.
  EXPECT_EQ(d.pad_end[0], -1);
  EXPECT_EQ(d.pad_end[1], -1);
}

TEST(ConvParse, DeducesOutputWhenMissing) {
  const ConvDesc d = parse_conv("ic1oc1ih8kh3sh2");
  EXPECT_EQ(d.out[0], 3);  // (8 - 3 + 0) / 2 + 1
  EXPECT_EQ(d.pad_begin[0], 0);
  EXPECT_EQ(d.pad_end[0], -1);  // (3 - 1) * 2 - 8 + 3 - 0
  const ConvDesc padded = parse_conv("ic1oc1ih7kh3sh2ph1");
  EXPECT_EQ(padded.out[0], 4);  // (7 - 3 + 2) / 2 + 1
  EXPECT_EQ(padded.pad_end[0], 1);
}

TEST(ConvParse, DeducesLeftPadWhenOutputGivenWithoutPad) {
  const ConvDesc same = parse_conv("ic1oc1ih5oh5kh3");
  EXPECT_EQ(same.pad_begin[0], 1);  // ((5 - 1) * 1 - 5 + 3) / 2
  EXPECT_EQ(same.pad_end[0], 1);
  const ConvDesc wider = parse_conv("ic1oc1ih5oh6kh3");
  EXPECT_EQ(wider.pad_begin[0], 1);  // (5 - 5 + 3) / 2
  EXPECT_EQ(wider.pad_end[0], 2);
  // ((28 - 1) * 2 - 56 + 1) / 2 = -1 / 2 truncates to 0, as in benchdnn.
  const ConvDesc strided = parse_conv("ic256ih56oc512oh28kh1sh2");
  EXPECT_EQ(strided.pad_begin[0], 0);
  EXPECT_EQ(strided.pad_end[0], -1);
}

TEST(ConvParse, DilationIsZeroBasedInText) {
  const ConvDesc d = parse_conv("mb20ic4ih8oc6oh3kh3sh2ph1dh1n\"dilated_conv:1\"");
  EXPECT_EQ(d.dilation[0], 2);
  EXPECT_EQ(d.dilation[1], 2);
  EXPECT_EQ(d.dilated_kernel(0), 5);
  EXPECT_EQ(d.pad_end[0], 0);  // (3 - 1) * 2 - 8 + 5 - 1
  const ConvDesc mixed = parse_conv("mb20ic4ih8iw8oc6oh8ow2kh3kw3sh1sw3ph1pw1dh0dw2");
  EXPECT_EQ(mixed.dilation[0], 1);
  EXPECT_EQ(mixed.dilation[1], 3);
  EXPECT_EQ(mixed.pad_end[1], 1);  // (2 - 1) * 3 - 8 + 7 - 1
}

TEST(ConvParse, ImplicitRuleCopiesEveryHeightEntryToWidth) {
  const ConvDesc d = parse_conv("ic1oc1ih9kh3sh2dh1ph2");
  EXPECT_EQ(d.spatial_rank, 2);
  EXPECT_EQ(d.in[1], 9);
  EXPECT_EQ(d.kernel[1], 3);
  EXPECT_EQ(d.stride[1], 2);
  EXPECT_EQ(d.dilation[1], 2);
  EXPECT_EQ(d.pad_begin[1], 2);
  EXPECT_EQ(d.out[1], d.out[0]);
  EXPECT_EQ(d.pad_end[1], d.pad_end[0]);
}

TEST(ConvParse, DepthOnlyDescriptorIsCubic) {
  const ConvDesc d = parse_conv("g2_ic32oc32_id17kd2_n\"3d_gconv_channel-block-16\"");
  EXPECT_EQ(d.spatial_rank, 3);
  EXPECT_EQ(d.groups, 2);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(d.in[i], 17);
    EXPECT_EQ(d.kernel[i], 2);
    EXPECT_EQ(d.out[i], 16);
  }
}

TEST(ConvParse, DepthAndWidthWithoutHeightCopiesHeightFromDepth) {
  const ConvDesc d = parse_conv("ic1oc1id6kd3iw9kw2");
  EXPECT_EQ(d.spatial_rank, 3);
  EXPECT_EQ(d.in[1], 6);
  EXPECT_EQ(d.kernel[1], 3);
  EXPECT_EQ(d.in[2], 9);
  EXPECT_EQ(d.kernel[2], 2);
}

TEST(ConvParse, RankFollowsTheOutermostDimensionMentioned) {
  EXPECT_EQ(parse_conv("ic2oc2iw7kw3").spatial_rank, 1);
  EXPECT_EQ(parse_conv("ic2oc2ih1iw7kh1kw3").spatial_rank, 2);
  EXPECT_EQ(parse_conv("ic2oc2id1ih1iw7kd1kh1kw3").spatial_rank, 3);
  const ConvDesc one = parse_conv("g128ic128iw16oc128ow16kw3sw1pw1n\"conv_dw\"");
  EXPECT_EQ(one.spatial_rank, 1);
  EXPECT_EQ(one.in[0], 16);
  EXPECT_EQ(one.pad_end[0], 1);
}

TEST(ConvParse, TagsSetBiasReluAndLayout) {
  const ConvDesc d = parse_conv("ic3oc16ih5kh3_nchw_bia_relu");
  EXPECT_TRUE(d.bias);
  EXPECT_EQ(d.activation, Activation::kRelu);
  EXPECT_EQ(d.layout, Layout::kNCHW);
  EXPECT_EQ(parse_conv("nchw_bia_relu_ic3oc16ih5kh3"), d);
  EXPECT_EQ(parse_conv("ic3oc16bia_ih5kh3relu"), parse_conv("ic3oc16ih5kh3_nhwc_relu_bia"));
  EXPECT_EQ(parse_conv("ic3oc16ih5kh3nhwc").layout, Layout::kNHWC);
  const ConvDesc named = parse_conv("ic3oc16ih5kh3n\"x\"_relu");
  EXPECT_EQ(named.name, "x");
  EXPECT_EQ(named.activation, Activation::kRelu);
}

TEST(ConvParse, UnquotedNameRunsToTheEndLikeBenchdnn) {
  const ConvDesc d = parse_conv("ic3oc16ih5kh3nfoo_relu");
  EXPECT_EQ(d.name, "foo_relu");
  EXPECT_EQ(d.activation, Activation::kNone);
}

TEST(ConvParse, NameSuffixStarNIsAMultiplicity) {
  const ShapeEntry e =
      parse_conv_entry("mb50ic64ih56oc64oh56kh3ph1n\"resnet_50:res2a_branch2b*3\"");
  EXPECT_EQ(e.desc.name, "resnet_50:res2a_branch2b");
  EXPECT_EQ(e.multiplicity, 3);
  EXPECT_EQ(e.line, 0);
  EXPECT_EQ(parse_conv("ic1oc1ih3kh1nconv*12").name, "conv");
  EXPECT_EQ(parse_conv_entry("ic1oc1ih3kh1n\"a\"").multiplicity, 1);
  // A star not followed by digits only is part of the name.
  EXPECT_EQ(parse_conv("ic1oc1ih3kh1n\"a*b\"").name, "a*b");
  EXPECT_EQ(parse_conv("ic1oc1ih3kh1n\"a*\"").name, "a*");
}

TEST(ConvParse, SurroundingWhitespaceIsIgnored) {
  EXPECT_EQ(parse_conv("  ic3oc16ih5kh3\t\r\n"), parse_conv("ic3oc16ih5kh3"));
}

TEST(ConvToString, PrintsEveryEntryExplicitly) {
  const ConvDesc d = parse_conv("ic3oc16_ih5oh5kh3ph1_n\"conv_basic_2d:1st\"");
  EXPECT_EQ(to_string(d),
            "g1mb2_ic3ih5iw5_oc16oh5ow5_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_n\"conv_basic_2d:1st\"");
  EXPECT_EQ(workload_key(d), "g1mb2_ic3ih5iw5_oc16oh5ow5_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc");
}

TEST(ConvToString, PrintsZeroBasedDilationTagsAndOnlyTheDescriptorsRank) {
  EXPECT_EQ(to_string(parse_conv("mb1ic4iw9oc8kw3dw1sw2_bia_relu_nchw")),
            "g1mb1_ic4iw9_oc8ow3_kw3_sw2_pw0_dw1_nchw_bia_relu");
  EXPECT_EQ(to_string(parse_conv("g2ic4oc2id3kd1ih4kh2iw5kw3")),
            "g2mb2_ic4id3ih4iw5_oc2od3oh3ow3_kd1kh2kw3_sd1sh1sw1_pd0ph0pw0_dd0dh0dw0_nhwc");
}

TEST(ConvToString, WorkloadKeyIgnoresOnlyTheName) {
  const ConvDesc a = parse_conv("ic3oc16ih5kh3n\"a\"");
  const ConvDesc b = parse_conv("ic3oc16ih5kh3n\"b\"");
  EXPECT_EQ(workload_key(a), workload_key(b));
  EXPECT_NE(workload_key(a), workload_key(parse_conv("ic3oc16ih5kh3_relu")));
  EXPECT_NE(workload_key(a), workload_key(parse_conv("ic3oc16ih5kh3_nchw")));
  EXPECT_NE(workload_key(a), workload_key(parse_conv("mb3ic3oc16ih5kh3")));
}

struct RoundTripCase {
  const char* label;
  const char* text;
};

class ConvRoundTrip : public ::testing::TestWithParam<RoundTripCase> {};

TEST_P(ConvRoundTrip, ParseOfToStringIsIdentity) {
  const ConvDesc d = parse_conv(GetParam().text);
  const std::string canonical = to_string(d);
  EXPECT_EQ(parse_conv(canonical), d) << canonical;
  EXPECT_EQ(to_string(parse_conv(canonical)), canonical);
  ConvDesc unnamed = d;
  unnamed.name.clear();
  EXPECT_EQ(parse_conv(workload_key(d)), unnamed);
}

INSTANTIATE_TEST_SUITE_P(
    Descriptors, ConvRoundTrip,
    ::testing::Values(
        RoundTripCase{"Plain2d", "ic3oc16ih5kh3"},
        RoundTripCase{"NegativeRightPad", "ic256ih56oc512oh28kh1sh2n\"res3a_branch1\""},
        RoundTripCase{"GemmLikeLargeRightPad", "g1ic17oc17_iw8ow5kw3pw3sw2"},
        RoundTripCase{"Dilated", "mb2_ic3oc48_ih227oh110kh5sh2ph0dh1_iw227ow72kw5sw3pw0dw2"},
        RoundTripCase{"Depthwise3d", "g16ic16oc16_id5od5kd3pd1_bia"},
        RoundTripCase{"AllTags", "nchw_bia_relu_g4mb7ic8oc12ih6iw7kh2kw3sh2sw1ph1pw0dh1"},
        RoundTripCase{"MultiplicityStripped", "ic1oc1ih3kh1n\"layer*7\""}),
    [](const ::testing::TestParamInfo<RoundTripCase>& info) { return info.param.label; });

}  // namespace conv_parse_test
}  // namespace kf
