// The shape-agnostic layout conversion (schedules/reorder_generic_schedule.h) against the naive
// reference: the six (source, destination) kernels, compiled once, run on tensors of every
// spatial rank with channel counts below, at and past a block of 16 and odd spatial sizes, all
// through their 1-D view.
#include <HalideBuffer.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "autotune/problem.h"
#include "dsl/reorder_desc.h"
#include "jit/jit_session.h"
#include "schedules/reorder_generic_schedule.h"
#include "tests/support/shared_jit_session.h"

namespace kf {
namespace reorder_generic_test {

const ReorderLayout kLayouts[] = {ReorderLayout::kChannelsFirst, ReorderLayout::kChannelsLast,
                                  ReorderLayout::kBlocked16};

// The six kernels, compiled once for the suite and released before the shared session.
class ReorderGenericTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    JitSession& session = test::shared_session();
    for (const ReorderLayout src : kLayouts) {
      for (const ReorderLayout dst : kLayouts) {
        if (src == dst) continue;
        GenericReorderPipeline generic =
            make_generic_reorder_pipeline(src, dst, session.kernel_target());
        llvm::Expected<Kernel> compiled =
            session.compile(generic.pipeline, generic.algorithm.arguments());
        if (!compiled) {
          ADD_FAILURE() << llvm::toString(compiled.takeError());
          return;
        }
        kernels_[{src, dst}] = std::make_unique<Kernel>(std::move(*compiled));
      }
    }
  }
  static void TearDownTestSuite() { kernels_.clear(); }

  static inline std::map<std::pair<ReorderLayout, ReorderLayout>, std::unique_ptr<Kernel>> kernels_;
};

const char* const kSizes[] = {"mb2ic17ih5iw7", "mb1ic3iw9", "mb1ic16id2ih3iw5", "mb3ic33ih1iw1",
                              "mb1ic1ih4iw19"};

TEST_F(ReorderGenericTest, EveryPairMatchesTheReferenceOnEveryRank) {
  ASSERT_EQ(kernels_.size(), 6u);
  for (const char* sizes : kSizes) {
    for (const ReorderLayout src : kLayouts) {
      for (const ReorderLayout dst : kLayouts) {
        if (src == dst) continue;
        ReorderDesc desc = parse_reorder(std::string(sizes) + "_nchw_to_nhwc");
        desc.src = src;
        desc.dst = dst;
        validate(desc);
        const ReorderDesc view = flattened_view(desc);
        const Problem problem(desc, 3);
        const std::vector<int64_t> in_shape = view.shape(src), out_shape = view.shape(dst);
        std::vector<float> output(problem.reference().size(), NAN);
        Halide::Runtime::Buffer<float> input(const_cast<float*>(problem.input(0)),
                                             std::vector<int>(in_shape.rbegin(), in_shape.rend()));
        Halide::Runtime::Buffer<float> out(output.data(),
                                           std::vector<int>(out_shape.rbegin(), out_shape.rend()));
        int32_t channels = static_cast<int32_t>(desc.ic);
        void* args[] = {input.raw_buffer(), &channels, out.raw_buffer()};
        const std::string label = desc.to_string();
        ASSERT_EQ(kernels_.at({src, dst})->run_args(args), 0) << label;
        // A layout conversion copies exactly (blocked tails are zeros in the reference too).
        for (size_t i = 0; i < output.size(); ++i) {
          ASSERT_EQ(output[i], problem.reference()[i]) << label << " at " << i;
        }
      }
    }
  }
}

}  // namespace reorder_generic_test
}  // namespace kf
