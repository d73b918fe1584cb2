// The blocked activation layout of convolutions (Layout::kNCHW16c): its descriptor tag, shapes,
// tensor names and validation rule, and the reference, which must equal the NCHW reference
// between conversions, ignore the padded lanes of its input and write them as zero in its
// output.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "dsl/conv_desc.h"
#include "dsl/conv_reference.h"
#include "dsl/input_error.h"

namespace kf {
namespace conv_blocked_layout_test {

TEST(ConvBlockedLayout, TagParsesAndRoundTripsForEveryRank) {
  for (const char* text : {"mb1ic20ih7oc33kh3ph1_nchw16c", "mb2ic5iw9oc7kw3_nchw16c_bia",
                           "nchw16c_relu_mb1ic3id4ih5iw6oc17kd3kh3kw3"}) {
    const ConvDesc desc = parse_conv(text);
    EXPECT_EQ(desc.layout, Layout::kNCHW16c) << text;
    EXPECT_EQ(parse_conv(to_string(desc)), desc) << text;
    EXPECT_NE(to_string(desc).find("_nchw16c"), std::string::npos) << to_string(desc);
  }
  EXPECT_NE(workload_key(parse_conv("mb1ic16ih7oc16kh3_nchw16c")),
            workload_key(parse_conv("mb1ic16ih7oc16kh3_nchw")));
}

TEST(ConvBlockedLayout, ShapesHoldWholeBlocksAndOihwWeights) {
  const ConvDesc desc = parse_conv("mb2ic20ih7iw9oc33kh3kw1ph1_nchw16c");
  EXPECT_EQ(desc.input_shape(), (std::vector<int64_t>{2, 2, 7, 9, 16}));
  EXPECT_EQ(desc.output_shape(), (std::vector<int64_t>{2, 3, 7, 9, 16}));
  EXPECT_EQ(desc.weight_shape(), (std::vector<int64_t>{33, 20, 3, 1}));
  EXPECT_EQ(desc.inputs().at(0).layout, "nChw16c");
  EXPECT_EQ(desc.inputs().at(1).layout, "OIHW");
  EXPECT_EQ(parse_conv("mb1ic5iw9oc7kw3_nchw16c").output().layout, "nCw16c");
  EXPECT_EQ(parse_conv("mb1ic5id3ih3iw3oc7kd1kh1kw1_nchw16c").output().layout, "nCdhw16c");
}

TEST(ConvBlockedLayout, GroupedLayersNeedWholeOutputBlocks) {
  EXPECT_NO_THROW(parse_conv("g2mb1ic6ih7oc32kh3ph1_nchw16c"));
  try {
    parse_conv("g3mb1ic6ih7oc9kh3ph1_nchw16c");
    FAIL() << "a grouped blocked layer with 9 output channels was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "oc");
    EXPECT_NE(std::string(e.what()).find("multiple of 16"), std::string::npos) << e.what();
  }
  ConvDesc nchw = parse_conv("g3mb1ic6ih7oc9kh3ph1_nchw");
  EXPECT_THROW(nchw.set_layout("nchw16c"), InputError);
  ConvDesc ungrouped = parse_conv("mb1ic6ih7oc9kh3ph1_nchw");
  ungrouped.set_layout("nchw16c");
  EXPECT_EQ(ungrouped.layout, Layout::kNCHW16c);
  EXPECT_THROW(ungrouped.set_layout("nChw8c"), InputError);
}

// Blocked <-> NCHW index of channel c, pixel p (of `pixels`) in image n.
int64_t blocked_index(int64_t n, int64_t c, int64_t p, int64_t channels, int64_t pixels) {
  return ((n * channel_blocks(channels) + c / 16) * pixels + p) * 16 + c % 16;
}

TEST(ConvBlockedLayout, ReferenceIsTheNchwReferenceBetweenConversions) {
  const ConvDesc blocked = parse_conv("mb2ic19ih5iw6oc21kh3kw2ph1pw0_nchw16c_bia_clamp0.5:3");
  ConvDesc nchw = blocked;
  nchw.layout = Layout::kNCHW;
  const int64_t in_pixels = 5 * 6, out_pixels = blocked.out[0] * blocked.out[1];
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> value(-1.0f, 1.0f);
  std::vector<float> nchw_input(nchw.input_elements()), weights(nchw.weight_elements()),
      bias(nchw.oc);
  for (float& v : nchw_input) v = value(rng);
  for (float& v : weights) v = value(rng);
  for (float& v : bias) v = value(rng);
  // Padded input lanes hold a huge value: the reference must never read them.
  std::vector<float> blocked_input(blocked.input_elements(), 1e30f);
  for (int64_t n = 0; n < 2; ++n) {
    for (int64_t c = 0; c < nchw.ic; ++c) {
      for (int64_t p = 0; p < in_pixels; ++p) {
        blocked_input[blocked_index(n, c, p, nchw.ic, in_pixels)] =
            nchw_input[(n * nchw.ic + c) * in_pixels + p];
      }
    }
  }
  std::vector<float> nchw_output(nchw.output_elements());
  std::vector<float> blocked_output(blocked.output_elements(), std::nanf(""));
  conv_reference(nchw, nchw_input.data(), weights.data(), bias.data(), nchw_output.data());
  conv_reference(blocked, blocked_input.data(), weights.data(), bias.data(), blocked_output.data());
  for (int64_t n = 0; n < 2; ++n) {
    for (int64_t c = 0; c < channel_blocks(nchw.oc) * 16; ++c) {
      for (int64_t p = 0; p < out_pixels; ++p) {
        const float got = blocked_output[blocked_index(n, c, p, nchw.oc, out_pixels)];
        const float want = c < nchw.oc ? nchw_output[(n * nchw.oc + c) * out_pixels + p] : 0.0f;
        ASSERT_EQ(got, want) << "n " << n << " c " << c << " pixel " << p;
      }
    }
  }
}

}  // namespace conv_blocked_layout_test
}  // namespace kf
