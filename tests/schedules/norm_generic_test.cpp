// The shape-agnostic normalisations (schedules/norm_generic_schedule.h) against the naive
// reference: six kernels (lnorm, rmsnorm, bnorm and gnorm per layout), compiled once, run on
// every kind of every rank through their canonical views, with odd sizes, epsilons and group
// counts passed at run time (inorm through the gnorm kernel).
#include <HalideBuffer.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "autotune/problem.h"
#include "dsl/norm_desc.h"
#include "dsl/op_desc.h"
#include "jit/jit_session.h"
#include "schedules/norm_generic_schedule.h"
#include "tests/support/relative_error.h"
#include "tests/support/shared_jit_session.h"

namespace kf {
namespace norm_generic_test {

using KernelKey = std::pair<NormKind, NormLayout>;

// The kernel key of `desc`: inorm runs on the gnorm kernel; row-wise kinds have one layout.
KernelKey key_of(const NormDesc& desc) {
  const NormKind kind = desc.kind == NormKind::kInstance ? NormKind::kGroup : desc.kind;
  return {kind, desc.row_wise() ? NormLayout::kNHWC : desc.layout};
}

// The six kernels, compiled once for the suite and released before the shared session.
class NormGenericTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    JitSession& session = test::shared_session();
    const KernelKey keys[] = {
        {NormKind::kLayer, NormLayout::kNHWC}, {NormKind::kRms, NormLayout::kNHWC},
        {NormKind::kBatch, NormLayout::kNHWC}, {NormKind::kBatch, NormLayout::kNCHW},
        {NormKind::kGroup, NormLayout::kNHWC}, {NormKind::kGroup, NormLayout::kNCHW}};
    for (const KernelKey& key : keys) {
      GenericNormPipeline generic =
          make_generic_norm_pipeline(key.first, key.second, session.kernel_target());
      llvm::Expected<Kernel> compiled =
          session.compile(generic.pipeline, generic.algorithm.arguments());
      if (!compiled) {
        ADD_FAILURE() << llvm::toString(compiled.takeError());
        return;
      }
      kernels_[key] = std::make_unique<Kernel>(std::move(*compiled));
    }
  }
  static void TearDownTestSuite() { kernels_.clear(); }

  static inline std::map<KernelKey, std::unique_ptr<Kernel>> kernels_;
};

const std::pair<const char*, const char*> kShapes[] = {
    {"bnorm", "mb2ic13ih5iw7"},
    {"bnorm", "mb2ic13ih5iw7_nchw"},
    {"bnorm", "mb1ic5id3ih2iw3_nchw"},
    {"bnorm", "mb3ic17"},
    {"bnorm", "mb1ic3iw21_eps0.001"},
    {"lnorm", "7x3x33"},
    {"lnorm", "4x5x6x7_nd3"},
    {"lnorm", "3x16x32_eps1e-5"},
    {"lnorm", "33"},
    {"rmsnorm", "9x37"},
    {"rmsnorm", "3x2x64_nd2"},
    {"gnorm", "g2mb2ic6ih3iw5"},
    {"gnorm", "g2mb2ic6ih3iw5_nchw"},
    {"gnorm", "g5mb2ic10id3ih1iw10_nchw"},
    {"gnorm", "g1mb2ic2iw4"},
    {"gnorm", "g2mb2ic4iw19_nchw"},
    {"inorm", "mb3ic5id2ih3iw5_nchw"},
    {"inorm", "mb2ic16ih3iw4"},
};

TEST_F(NormGenericTest, EveryKindMatchesTheReference) {
  ASSERT_EQ(kernels_.size(), 6u);
  for (const auto& [op, text] : kShapes) {
    const std::unique_ptr<OpDesc> parsed = parse_op(op, text);
    const NormDesc& desc = static_cast<const NormDesc&>(*parsed);
    const Problem problem(desc, 13);
    const std::vector<int64_t> shape = generic_norm_input_shape(desc);
    const int64_t params = desc.row_wise() ? shape[1] : desc.ic;
    std::vector<float> output(problem.reference().size(), NAN);
    Halide::Runtime::Buffer<float> input(const_cast<float*>(problem.input(0)),
                                         std::vector<int>(shape.rbegin(), shape.rend()));
    Halide::Runtime::Buffer<float> out(output.data(),
                                       std::vector<int>(shape.rbegin(), shape.rend()));
    std::vector<Halide::Runtime::Buffer<float>> param_buffers;
    for (size_t i = 1; i < desc.inputs().size(); ++i) {
      param_buffers.emplace_back(const_cast<float*>(problem.input(i)),
                                 std::vector<int>{static_cast<int>(params)});
    }
    float epsilon = static_cast<float>(desc.epsilon);
    int32_t groups = static_cast<int32_t>(desc.groups);
    std::vector<void*> args = {input.raw_buffer()};
    for (auto& buffer : param_buffers) args.push_back(buffer.raw_buffer());
    args.push_back(&epsilon);
    args.push_back(&groups);
    args.push_back(out.raw_buffer());
    const std::string label = std::string(op) + " " + text;
    ASSERT_EQ(kernels_.at(key_of(desc))->run_args(args.data()), 0) << label;
    EXPECT_LE(test::max_relative_error(problem.reference(), output.data()), problem.tolerance())
        << label;
  }
}

TEST(NormGenericViewTest, CanonicalShapes) {
  EXPECT_EQ(
      generic_norm_input_shape(static_cast<const NormDesc&>(*parse_op("lnorm", "4x5x6x7_nd3"))),
      (std::vector<int64_t>{4, 210}));
  EXPECT_EQ(generic_norm_input_shape(
                static_cast<const NormDesc&>(*parse_op("gnorm", "g5mb2ic10id3ih1iw10_nchw"))),
            (std::vector<int64_t>{2, 10, 30}));
  EXPECT_EQ(generic_norm_input_shape(static_cast<const NormDesc&>(*parse_op("bnorm", "mb3ic17"))),
            (std::vector<int64_t>{3, 1, 17}));
}

}  // namespace norm_generic_test
}  // namespace kf
