// The shape-agnostic softmax (schedules/softmax_generic_schedule.h) against the naive reference:
// one kernel, compiled once, run on softmaxes of every rank, layout and axis with odd sizes,
// contiguous and strided axes, sizes below and above the vector width, all through their
// (outer, axis, inner) view.
#include <HalideBuffer.h>
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "autotune/problem.h"
#include "dsl/softmax_desc.h"
#include "jit/jit_session.h"
#include "schedules/softmax_generic_schedule.h"
#include "tests/support/relative_error.h"
#include "tests/support/shared_jit_session.h"

namespace kf {
namespace softmax_generic_test {

// A dense float buffer over `data` with `shape` (outermost first).
Halide::Runtime::Buffer<float> view(const float* data, const std::vector<int64_t>& shape) {
  std::vector<int> sizes(shape.rbegin(), shape.rend());
  return Halide::Runtime::Buffer<float>(const_cast<float*>(data), sizes);
}

// The generic kernel, compiled once for the suite and released before the shared session
// (a kernel outliving its session would unmap its code under it at exit).
class SoftmaxGenericTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    JitSession& session = test::shared_session();
    GenericSoftmaxPipeline generic = make_generic_softmax_pipeline(session.kernel_target());
    llvm::Expected<Kernel> compiled =
        session.compile(generic.pipeline, generic.algorithm.arguments());
    if (!compiled) {
      ADD_FAILURE() << llvm::toString(compiled.takeError());
      return;
    }
    kernel_ = std::make_unique<Kernel>(std::move(*compiled));
  }
  static void TearDownTestSuite() { kernel_.reset(); }

  static inline std::unique_ptr<Kernel> kernel_;
};

const char* const kShapes[] = {
    "2x7x5x9_axis1_nchw",     // channel axis, strided (inner 45)
    "2x7x5x9_axis1_nhwc",     // channel axis, contiguous
    "3x5x4x37_axis3_nchw",    // W axis, axis with a vector tail
    "2x6x5x19_axis2_nhwc",    // H axis of NHWC
    "5x37",                   // NC
    "13x9_axis0",             // batch axis: outer 1, inner 9
    "3x17x3x5x7_axis1_nhwc",  // 5-D channels last
    "3x17x3x5x7_axis2_nchw",  // 5-D depth axis
    "6x10x1x1",               // unit spatial dims
    "29_axis0",               // 1-D
    "2x3x5x3_axis0_nchw",     // batch axis of a 4-D tensor
    "2x16x8x2x4",             // inner 64: whole vectors
    "1x1",                    // one element
    "3x40x33_axis1_nchw",     // inner 33: two vectors and a tail
};

TEST_F(SoftmaxGenericTest, MatchesTheReferenceOnEveryShape) {
  ASSERT_TRUE(kernel_ && kernel_->valid());
  const Kernel& kernel = *kernel_;
  for (const char* text : kShapes) {
    const SoftmaxDesc desc = parse_softmax(text);
    const Problem problem(desc, 23);
    const std::vector<int64_t> shape = generic_softmax_shape(desc);
    std::vector<float> output(problem.reference().size(), NAN);
    Halide::Runtime::Buffer<float> input = view(problem.input(0), shape);
    Halide::Runtime::Buffer<float> out = view(output.data(), shape);
    void* args[] = {input.raw_buffer(), out.raw_buffer()};
    ASSERT_EQ(kernel.run_args(args), 0) << text;
    EXPECT_LE(test::max_relative_error(problem.reference(), output.data()), problem.tolerance())
        << text;
  }
}

TEST_F(SoftmaxGenericTest, ViewShapes) {
  EXPECT_EQ(generic_softmax_shape(parse_softmax("2x7x5x9_axis1_nhwc")),
            (std::vector<int64_t>{90, 7, 1}));
  EXPECT_EQ(generic_softmax_shape(parse_softmax("3x17x3x5x7_axis2_nchw")),
            (std::vector<int64_t>{51, 3, 35}));
}

}  // namespace softmax_generic_test
}  // namespace kf
