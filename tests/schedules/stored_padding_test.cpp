// The padded input stored as zeros and an interior copy (PaddingForm::kZeroFillThenCopy,
// store_padding_by_copy): which placements declare it, kernels that use it against the naive
// reference (few input channels, odd sizes, stride 2, asymmetric padding, every rank, through
// conv_direct_nhwc and conv_direct_packed_nhwc, and conv_direct_nchw for channels-first
// tensors), and the errors for a schedule that mixes the forms.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "dsl/conv_algorithm.h"
#include "dsl/conv_desc.h"
#include "schedules/conv_template.h"
#include "schedules/op_template.h"
#include "schedules/schedule_helpers.h"
#include "tests/support/check_config.h"
#include "tests/support/shared_jit_session.h"

namespace kf {
namespace stored_padding_test {

// `tmpl`'s baseline for `desc` with the padding stored up front.
Config baseline_with_image_padding(const Template& tmpl, const ConvDesc& desc) {
  const Halide::Target& target = test::shared_session().kernel_target();
  Config config = tmpl.baseline(desc, target);
  config.values[tmpl.knob_space(desc, target).index_of("pad_at")] = static_cast<int>(PadAt::kImage);
  return config;
}

TEST(StoredPadding, DeclaredOnlyWhenTheWholePaddedImageIsStoredAndThereIsPadding) {
  const ConvDesc padded = parse_conv("mb1ic3ih9iw9oc16kh3kw3sh2sw2ph1pw1");
  const ConvDesc unpadded = parse_conv("mb1ic3ih9iw9oc16kh3kw3");
  EXPECT_EQ(padding_form_for(padded, PadAt::kImage), PaddingForm::kZeroFillThenCopy);
  EXPECT_EQ(padding_form_for(padded, PadAt::kRow), PaddingForm::kBoundaryCondition);
  EXPECT_EQ(padding_form_for(padded, PadAt::kInline), PaddingForm::kBoundaryCondition);
  EXPECT_EQ(padding_form_for(unpadded, PadAt::kImage), PaddingForm::kBoundaryCondition);

  const ConvTemplate* direct = find_conv_template("conv_direct_nhwc");
  ASSERT_NE(direct, nullptr);
  const Config image = baseline_with_image_padding(*direct, padded);
  EXPECT_EQ(direct->padding_form(padded, image), PaddingForm::kZeroFillThenCopy);
  EXPECT_EQ(direct->padding_form(padded, direct->baseline(padded, Halide::get_host_target())),
            PaddingForm::kBoundaryCondition);  // the baseline pads per row

  const ConvDesc padded_nchw = parse_conv("mb1ic3ih9iw9oc16kh3kw3sh2sw2ph1pw1_nchw");
  const ConvTemplate* nchw = find_conv_template("conv_direct_nchw");
  ASSERT_NE(nchw, nullptr);
  EXPECT_EQ(nchw->padding_form(padded_nchw, baseline_with_image_padding(*nchw, padded_nchw)),
            PaddingForm::kZeroFillThenCopy);
  EXPECT_EQ(nchw->padding_form(padded_nchw, nchw->baseline(padded_nchw, Halide::get_host_target())),
            PaddingForm::kBoundaryCondition);
}

TEST(StoredPadding, TheDeclarationHasTheCopyAsAnUpdateOverTheInputExtent) {
  const ConvDesc desc = parse_conv("mb1ic3ih9iw11oc16kh3kw3ph1pw1");
  const ConvAlgorithm stored = make_conv_algorithm(desc, "kf", PaddingForm::kZeroFillThenCopy);
  ASSERT_TRUE(stored.interior.defined());
  ASSERT_EQ(stored.padded.num_update_definitions(), 1);
  ASSERT_EQ(stored.interior.dimensions(), 2);
  auto extent = [](const Halide::RVar& r) {
    const int64_t* value = Halide::Internal::as_const_int(r.extent());
    return value ? *value : int64_t{-1};
  };
  EXPECT_EQ(extent(stored.interior[0]), 11) << "w";
  EXPECT_EQ(extent(stored.interior[1]), 9) << "h";
  const ConvAlgorithm bounded = make_conv_algorithm(desc, "kf");
  EXPECT_FALSE(bounded.interior.defined());
  EXPECT_FALSE(bounded.padded.has_update_definition());
}

// Few channels (the stem's 3: no whole vector of channels), odd sizes, stride 2, bias and
// activations; 1-D and 3-D.
class StoredPaddingTest : public testing::TestWithParam<const char*> {};

TEST_P(StoredPaddingTest, DirectAndPackedKernelsMatchTheReference) {
  const ConvDesc desc = parse_conv(GetParam());
  for (const char* name : {"conv_direct_nhwc", "conv_direct_packed_nhwc"}) {
    const Template* tmpl = find_template(name);
    ASSERT_NE(tmpl, nullptr) << name;
    ASSERT_TRUE(tmpl->applicable(desc)) << name;
    test::check_config(desc, *tmpl, baseline_with_image_padding(*tmpl, desc), 29);
  }
}

// Channels first: every channel's rows are copied as contiguous runs along w.
TEST_P(StoredPaddingTest, ChannelsFirstDirectKernelMatchesTheReference) {
  const ConvDesc desc = parse_conv(std::string(GetParam()) + "_nchw");
  ASSERT_EQ(desc.layout, Layout::kNCHW);
  const Template* tmpl = find_template("conv_direct_nchw");
  ASSERT_NE(tmpl, nullptr);
  ASSERT_TRUE(tmpl->applicable(desc));
  test::check_config(desc, *tmpl, baseline_with_image_padding(*tmpl, desc), 31);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, StoredPaddingTest,
    testing::Values("mb1ic3ih23iw21oc32kh3kw3sh2sw2ph1pw1_bia_relu",    // MobileNet's stem, small
                    "mb2ic5ih9iw7oc16kh7kw7sh2sw2ph3pw3",               // ResNet's, batch 2
                    "mb1ic17iw13oc16kw3pw2_bia",                        // 1-D
                    "mb1ic3id5ih4iw6oc16kd3kh3kw3pd1ph1pw1_clamp0:6"),  // 3-D
    [](const testing::TestParamInfo<const char*>& info) {
      std::string name;
      for (const char* p = info.param; *p; ++p) name += std::isalnum(*p) ? *p : '_';
      return name;
    });

TEST(StoredPadding, ScheduleHelpersRefuseTheOtherForm) {
  const ConvDesc desc = parse_conv("mb1ic3ih9iw9oc16kh3kw3ph1pw1");
  const ConvAlgorithm stored = make_conv_algorithm(desc, "kf", PaddingForm::kZeroFillThenCopy);
  Halide::Var row("row");
  EXPECT_THROW(place_padding(stored.padded, PadAt::kRow, stored.output, row, 2, 0, 1),
               std::logic_error);
  EXPECT_THROW(place_padding(stored, PadAt::kRow, stored.output, row, 2, 0, 1, 16),
               std::logic_error);
  const ConvAlgorithm bounded = make_conv_algorithm(desc, "kf");
  EXPECT_THROW(store_padding_by_copy(bounded, 16), std::logic_error);
}

}  // namespace stored_padding_test
}  // namespace kf
