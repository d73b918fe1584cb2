// The generic op front door: parse_op with and without an "<op>:" prefix, keys, shape files of
// an op, --mb and --layout overrides, and the errors for unknown ops and layouts.
#include <gtest/gtest.h>

#include "dsl/conv_desc.h"
#include "dsl/input_error.h"
#include "dsl/op_desc.h"

namespace kf {
namespace op_registry_test {

InputError error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "no InputError";
  return InputError("", "");
}

TEST(OpRegistryTest, ParsesConvWithAndWithoutPrefix) {
  const auto plain = parse_op("conv", "mb1ic3ih5oc4kh3_n\"x\"");
  const auto prefixed = parse_op("somethingelse", "conv:mb1ic3ih5oc4kh3_n\"x\"");
  EXPECT_EQ(plain->op(), "conv");
  EXPECT_EQ(plain->to_string(), prefixed->to_string());
  EXPECT_EQ(plain->layer_name(), "x");
}

TEST(OpRegistryTest, KeyIsOpPrefixedAndNameless) {
  const auto named = parse_op("conv", "mb1ic3ih5oc4kh3_n\"x\"");
  const auto unnamed = parse_op("conv", "mb1ic3ih5oc4kh3");
  EXPECT_EQ(named->key(), unnamed->key());
  EXPECT_EQ(named->key().rfind("conv:", 0), 0u) << named->key();
  // A key parses back to the same workload.
  EXPECT_EQ(parse_op("", named->key())->key(), named->key());
}

TEST(OpRegistryTest, UnknownOpNamesTheField) {
  const InputError e = error_of([] { parse_op("frobnicate", "mb1ic3ih5oc4kh3"); });
  EXPECT_EQ(e.field(), "op");
  EXPECT_NE(e.rule().find("conv"), std::string::npos) << e.what();
}

TEST(OpRegistryTest, ReadsAShapeFileWithBatchOverride) {
  const auto entries =
      parse_op_list("conv", std::string(KF_SHAPES_DIR) + "/conv/shapes_resnet_50", 1);
  ASSERT_FALSE(entries.empty());
  for (const OpEntry& entry : entries) {
    const auto& conv = dynamic_cast<const ConvDesc&>(*entry.desc);
    EXPECT_EQ(conv.mb, 1) << conv.name;
    EXPECT_GT(entry.line, 0);
  }
}

TEST(OpRegistryTest, TensorsMatchTheDescriptor) {
  const auto op = parse_op("conv", "mb2ic6ih9iw7oc8kh3kw3ph1pw1_bia_nchw");
  const std::vector<TensorSpec> inputs = op->inputs();
  ASSERT_EQ(inputs.size(), 3u);
  EXPECT_EQ(inputs[0].shape, (std::vector<int64_t>{2, 6, 9, 7}));
  EXPECT_EQ(inputs[0].layout, "NCHW");
  EXPECT_EQ(inputs[1].shape, (std::vector<int64_t>{8, 6, 3, 3}));
  EXPECT_EQ(inputs[2].role, "bias");
  EXPECT_EQ(op->output().shape, (std::vector<int64_t>{2, 8, 9, 7}));
  EXPECT_DOUBLE_EQ(op->min_bytes(), 4.0 * (2 * 6 * 9 * 7 + 8 * 6 * 9 + 8 + 2 * 8 * 9 * 7));
}

TEST(OpRegistryTest, LayoutOverrideAndItsError) {
  auto op = parse_op("conv", "mb1ic3ih5oc4kh3");
  op->set_layout("nchw");
  EXPECT_EQ(dynamic_cast<const ConvDesc&>(*op).layout, Layout::kNCHW);
  EXPECT_EQ(error_of([&] { op->set_layout("nwhc"); }).field(), "--layout");
}

TEST(OpRegistryTest, BatchOverrideIsValidated) {
  auto op = parse_op("conv", "mb1ic3ih5oc4kh3");
  EXPECT_EQ(error_of([&] { op->set_batch(0); }).field(), "mb");
}

}  // namespace op_registry_test
}  // namespace kf
