// oneDNN's softmax and reorder against KernelForge's references on small odd shapes: softmax
// over every axis in both layouts (including the channel axis of a segmentation output), and
// layout conversions to and from the blocked nChw16c layout with channel tails.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "autotune/problem.h"
#include "bench/peers/onednn_reorder.h"
#include "bench/peers/onednn_softmax.h"
#include "dsl/reorder_desc.h"
#include "dsl/softmax_desc.h"

namespace kf {
namespace onednn_softmax_reorder_test {

class OnednnSoftmaxTest : public testing::TestWithParam<const char*> {};

TEST_P(OnednnSoftmaxTest, MatchesReference) {
  const SoftmaxDesc desc = parse_softmax(GetParam());
  Problem problem(desc, 3);
  std::unique_ptr<peers::OnednnSoftmax> softmax = peers::OnednnSoftmax::create(desc, problem, 1);
  ASSERT_NE(softmax, nullptr) << desc.to_string();
  EXPECT_LE(softmax->check(), problem.tolerance()) << desc.to_string();
}

INSTANTIATE_TEST_SUITE_P(Shapes, OnednnSoftmaxTest,
                         testing::Values("2x19x7x9_axis1_nchw", "2x19x7x9_axis1_nhwc",
                                         "3x5x11_axis2", "2x3x5x7_axis3_nhwc", "17x33_axis1",
                                         "2x4x3x5x7_axis1_nhwc"));

class OnednnReorderTest : public testing::TestWithParam<const char*> {};

TEST_P(OnednnReorderTest, MatchesReference) {
  const ReorderDesc desc = parse_reorder(GetParam());
  Problem problem(desc, 3);
  std::unique_ptr<peers::OnednnReorder> reorder = peers::OnednnReorder::create(desc, problem, 1);
  ASSERT_NE(reorder, nullptr) << desc.to_string();
  EXPECT_LE(reorder->check(), problem.tolerance()) << desc.to_string();
}

INSTANTIATE_TEST_SUITE_P(Shapes, OnednnReorderTest,
                         testing::Values("mb2ic17ih5iw7_nchw_to_nhwc", "mb2ic17ih5iw7_nhwc_to_nchw",
                                         "mb2ic17ih5iw7_nchw_to_nchw16c",
                                         "mb1ic33ih3iw5_nchw16c_to_nhwc",
                                         "mb1ic17iw9_ncw_to_ncw16c"));

}  // namespace onednn_softmax_reorder_test
}  // namespace kf
