// The reorder template (reorder_tiled) against the naive reference: NCHW <-> NHWC <-> nChw16c
// and their 1D/3D kin, with channel tails (17, 33) whose padded channels must be written as
// zeros (the tolerance is 0 and the output is poisoned with NaN first). For each shape the
// baseline and one seeded random config are compiled in the session of
// softmax_template_test.cpp.
#include "schedules/reorder_template.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "autotune/problem.h"
#include "autotune/tuner.h"
#include "dsl/reorder_desc.h"
#include "jit/jit_session.h"
#include "tests/support/shared_jit_session.h"

namespace kf {

// Defined in softmax_template_test.cpp.
void expect_template_correct(const OpDesc& desc, const Template& tmpl, const Config& config,
                             Problem& problem);
Config other_config(const KnobSpace& space, const Config& baseline);

namespace reorder_template_test {

const char* const kShapes[] = {
    "mb2ic17ih5iw7_nchw_to_nchw16c",   "mb2ic17ih5iw7_nchw16c_to_nchw",
    "mb1ic17ih3iw5_nhwc_to_nchw16c",   "mb1ic33ih3iw5_nchw16c_to_nhwc",
    "mb2ic5ih7iw9_nchw_to_nhwc",       "mb2ic19ih7iw9_nhwc_to_nchw",
    "mb1ic3iw11_ncw_to_ncw16c",        "mb1ic20iw11_nwc_to_ncw",
    "mb1ic18id3ih4iw5_ncdhw_to_ndhwc", "mb1ic17id2ih3iw5_ncdhw16c_to_ncdhw",
};

std::string shape_name(const std::string& text) {
  std::string name;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) name += c;
  }
  return name;
}

class ReorderTemplateTest : public testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    desc_ = parse_reorder(GetParam());
    const auto templates = reorder_templates_for(desc_);
    ASSERT_EQ(templates.size(), 1u);
    tmpl_ = templates[0];
  }
  const Halide::Target& target() { return test::shared_session().kernel_target(); }

  ReorderDesc desc_;
  const ReorderTemplate* tmpl_ = nullptr;
};

TEST_P(ReorderTemplateTest, BaselineIsInKnobSpace) {
  const KnobSpace space = tmpl_->knob_space(desc_, target());
  const Config baseline = tmpl_->baseline(desc_, target());
  EXPECT_TRUE(space.contains(baseline)) << space.encode(baseline);
  EXPECT_EQ(space.decode(space.encode(baseline)), baseline);
}

TEST_P(ReorderTemplateTest, BaselineAndRandomConfigMatchReference) {
  Problem problem(desc_);
  const Config baseline = tmpl_->baseline(desc_, target());
  expect_template_correct(desc_, *tmpl_, baseline, problem);
  expect_template_correct(desc_, *tmpl_, other_config(tmpl_->knob_space(desc_, target()), baseline),
                          problem);
}

INSTANTIATE_TEST_SUITE_P(Shapes, ReorderTemplateTest, testing::ValuesIn(kShapes),
                         [](const testing::TestParamInfo<const char*>& info) {
                           return shape_name(info.param);
                         });

TEST(ReorderTemplateRegistryTest, GenericRegistryFindsTheTiledTemplate) {
  const ReorderDesc desc = parse_reorder("mb1ic3ih4iw5_nchw_to_nhwc");
  const std::vector<const Template*> generic = templates_for(desc);
  ASSERT_EQ(generic.size(), 1u);
  EXPECT_EQ(generic[0]->name(), "reorder_tiled");
  EXPECT_EQ(find_template("reorder_tiled"), find_reorder_template("reorder_tiled"));
  EXPECT_EQ(find_reorder_template("reorder_magic"), nullptr);
}

}  // namespace reorder_template_test
}  // namespace kf
