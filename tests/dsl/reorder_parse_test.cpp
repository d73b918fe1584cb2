// ReorderDesc: parsing of layout-conversion descriptors, canonical round trip, tensor shapes,
// every validation rule's message, and the naive reference (zero fill of padded channels, and
// the round trip through the blocked layout dropping them).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dsl/input_error.h"
#include "dsl/op_desc.h"
#include "dsl/reorder_desc.h"

namespace kf {
namespace reorder_parse_test {

void expect_rejected(const std::string& text, const std::string& field,
                     const std::string& rule_part) {
  try {
    parse_reorder(text);
    ADD_FAILURE() << "accepted '" << text << "'";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), field) << text << ": " << e.what();
    EXPECT_NE(e.rule().find(rule_part), std::string::npos) << text << ": " << e.what();
  }
}

TEST(ReorderParseTest, ReadsTheBriefExample) {
  const ReorderDesc d = parse_reorder("mb2ic17ih5iw7_nchw_to_nchw16c");
  EXPECT_EQ(d.spatial_rank, 2);
  EXPECT_EQ(d.mb, 2);
  EXPECT_EQ(d.ic, 17);
  EXPECT_EQ(d.src, ReorderLayout::kChannelsFirst);
  EXPECT_EQ(d.dst, ReorderLayout::kBlocked16);
  EXPECT_EQ(d.shape(d.src), (std::vector<int64_t>{2, 17, 5, 7}));
  EXPECT_EQ(d.shape(d.dst), (std::vector<int64_t>{2, 2, 5, 7, 16}));
  EXPECT_EQ(d.output().layout, "nChw16c");
  EXPECT_EQ(d.to_string(), "mb2ic17ih5iw7_nchw_to_nchw16c");
  EXPECT_EQ(d.key(), "reorder:mb2ic17ih5iw7_nchw_to_nchw16c");
}

TEST(ReorderParseTest, RankSpellingsDefaultsAndRoundTrip) {
  int multiplicity = 0;
  const ReorderDesc one = parse_reorder("ic3iw9_NWC_to_nCw16c_n\"x*2\"", &multiplicity);
  EXPECT_EQ(one.spatial_rank, 1);
  EXPECT_EQ(one.mb, 2);
  EXPECT_EQ(multiplicity, 2);
  EXPECT_EQ(one.to_string(), "mb2ic3iw9_nwc_to_ncw16c_n\"x\"");
  const ReorderDesc three = parse_reorder("mb1ic8id4_nchw16c_to_ndhwc");
  EXPECT_EQ(three.spatial_rank, 3);
  EXPECT_EQ(three.shape(three.dst), (std::vector<int64_t>{1, 4, 4, 4, 8}));
  EXPECT_EQ(three.to_string(), "mb1ic8id4ih4iw4_ncdhw16c_to_ndhwc");
  for (const ReorderDesc& d : {one, three}) EXPECT_EQ(parse_reorder(d.to_string()), d);
  EXPECT_EQ(parse_op("reorder", "reorder:mb1ic8ih2_nhwc_to_nchw")->op(), "reorder");
}

TEST(ReorderParseTest, RejectsMalformedText) {
  expect_rejected("", "descriptor", "empty");
  expect_rejected("mb1ic8ih2", "descriptor", "missing the conversion");
  expect_rejected("mb1ic8ih2_nchw_nhwc", "descriptor", "SRC_to_DST");
  expect_rejected("mb1ic8ih2_to_nchw", "descriptor", "'to' must stand");
  expect_rejected("mb1ic8ih2_nchw_to_nhwc_to", "descriptor", "'to' must stand");
  expect_rejected("mb1mb2ic8ih2_nchw_to_nhwc", "descriptor", "given twice");
  expect_rejected("mb1ic8ih2_nchw_to_nhwc_oc3", "descriptor", "unknown entry");
  expect_rejected("mb1ic8 ih2_nchw_to_nhwc", "descriptor", "whitespace");
  expect_rejected("mb1ic99999999999ih2_nchw_to_nhwc", "descriptor", "too large");
  expect_rejected("mb1ic8ih2_nchw_to_nhwc_n\"a", "descriptor", "unterminated quote");
}

TEST(ReorderValidateTest, EveryRuleHasAMessage) {
  expect_rejected("mb1ih2_nchw_to_nhwc", "ic", "missing");
  expect_rejected("mb1ic8_nchw_to_nhwc", "iw", "missing");
  expect_rejected("mb0ic8ih2_nchw_to_nhwc", "mb", "between 1 and");
  expect_rejected("mb1ic0ih2_nchw_to_nhwc", "ic", "between 1 and");
  expect_rejected("mb1ic8ih2iw0_nchw_to_nhwc", "iw", "between 1 and");
  expect_rejected("mb1ic8ih2_nchw_to_nchw", "layout", "must change the layout");
  expect_rejected("mb1ic8ih2_ncw_to_nhwc", "layout", "1D layout but the descriptor is 2D");
  expect_rejected("mb64ic65536ih1024_nchw_to_nhwc", "descriptor", "at most 2147483647");
  expect_rejected("mb1ic8ih2_nchw_to_nhwc_n\"a*0\"", "n", "must be positive");
  ReorderDesc d = parse_reorder("mb1ic8ih2_nchw_to_nhwc");
  d.name = "a\tb";
  try {
    validate(d);
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "n");
  }
  d.name = "a*3";
  EXPECT_THROW(validate(d), InputError);
  d.name.clear();
  d.spatial_rank = 4;
  try {
    validate(d);
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "descriptor");
  }
  try {
    parse_reorder("mb1ic8ih2_nchw_to_nhwc").set_layout("nhwc");
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "--layout");
    EXPECT_NE(e.rule().find("_nchw_to_nhwc"), std::string::npos);
  }
  try {
    parse_reorder("mb1ic8ih2_nchw_to_nhwc").set_batch(0);
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "mb");
  }
}

TEST(ReorderReferenceTest, BlockedOutputZeroFillsPaddedChannelsAndConvertingBackDropsThem) {
  // 1 image, 17 channels, 1x2 pixels; value = 100 * c + pixel.
  const ReorderDesc to_blocked = parse_reorder("mb1ic17ih1iw2_nchw_to_nchw16c");
  std::vector<float> nchw(34);
  for (int c = 0; c < 17; ++c) {
    for (int p = 0; p < 2; ++p) nchw[c * 2 + p] = static_cast<float>(100 * c + p);
  }
  std::vector<float> blocked(2 * 2 * 16, -1.0f);
  reorder_reference(to_blocked, nchw.data(), blocked.data());
  for (int b = 0; b < 2; ++b) {
    for (int p = 0; p < 2; ++p) {
      for (int l = 0; l < 16; ++l) {
        const int c = b * 16 + l;
        EXPECT_EQ(blocked[(b * 2 + p) * 16 + l], c < 17 ? 100.0f * c + p : 0.0f)
            << "block " << b << " pixel " << p << " lane " << l;
      }
    }
  }
  const ReorderDesc to_nhwc = parse_reorder("mb1ic17ih1iw2_nchw16c_to_nhwc");
  std::vector<float> nhwc(34);
  reorder_reference(to_nhwc, blocked.data(), nhwc.data());
  for (int p = 0; p < 2; ++p) {
    for (int c = 0; c < 17; ++c) EXPECT_EQ(nhwc[p * 17 + c], 100.0f * c + p);
  }
}

}  // namespace reorder_parse_test
}  // namespace kf
