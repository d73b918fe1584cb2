// The shape-agnostic resize-convolution (schedules/resize_conv_generic_schedule.h) against the
// naive reference: four kernels (both layouts, nearest and multilinear), compiled once, run on
// 1-D, 2-D and 3-D shapes with factors 2 and 3, stride, asymmetric padding, bias and
// activations, every size and parameter passed at run time.
#include <HalideBuffer.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "autotune/problem.h"
#include "dsl/conv_generic_algorithm.h"
#include "dsl/resize_conv_desc.h"
#include "jit/jit_session.h"
#include "schedules/resize_conv_generic_schedule.h"
#include "tests/support/relative_error.h"
#include "tests/support/shared_jit_session.h"

namespace kf {
namespace resize_conv_generic_test {

using KernelKey = std::pair<Layout, ResizeMode>;

// The four kernels, compiled once for the suite and released before the shared session.
class ResizeConvGenericTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    JitSession& session = test::shared_session();
    for (const Layout layout : {Layout::kNHWC, Layout::kNCHW}) {
      for (const ResizeMode mode : {ResizeMode::kNearest, ResizeMode::kBilinear}) {
        GenericResizeConvPipeline generic =
            make_generic_resize_conv_pipeline(layout, mode, session.kernel_target());
        llvm::Expected<Kernel> compiled = session.compile(generic.pipeline, generic.arguments());
        if (!compiled) {
          ADD_FAILURE() << llvm::toString(compiled.takeError());
          return;
        }
        kernels_[{layout, mode}] = std::make_unique<Kernel>(std::move(*compiled));
      }
    }
  }
  static void TearDownTestSuite() { kernels_.clear(); }

  static inline std::map<KernelKey, std::unique_ptr<Kernel>> kernels_;
};

Halide::Runtime::Buffer<float> view(const float* data, const std::vector<int64_t>& shape) {
  return Halide::Runtime::Buffer<float>(const_cast<float*>(data),
                                        std::vector<int>(shape.rbegin(), shape.rend()));
}

const char* const kShapes[] = {
    "mb1ic5iw7oc9kw3pw1_up2_nearest_nhwc_bia",
    "mb2ic3iw5oc4kw4sw2pw1_up3_bilinear_nchw_relu",
    "mb1ic3ih5iw4oc17kh3kw3ph1pw1_up2_bilinear_nhwc_bia",
    "mb1ic4ih3iw5oc6kh3kw3ph1pw1_up3_nearest_nchw",
    "mb1ic2ih3iw3oc3kh2kw3sh2pw1_up3_bilinear_nhwc_clamp-0.5:0.5",
    "mb1ic2id2ih3iw2oc4kd3kh3kw3pd1ph1pw1_up2_bilinear_nhwc",
    "mb1ic3id2ih2iw3oc2kd3kh3kw3pd1ph1pw1_up2_nearest_nchw_bia",
    "g2mb1ic4ih3iw4oc6kh3kw3ph1pw1_up2_bilinear_nchw_bia",
};

TEST_F(ResizeConvGenericTest, MatchesTheReferenceOnEveryShape) {
  ASSERT_EQ(kernels_.size(), 4u);
  for (const char* text : kShapes) {
    const ResizeConvDesc desc = parse_resize_conv(text);
    const ConvDesc& conv = desc.conv;
    const Problem problem(desc, 29);
    std::vector<float> output(problem.reference().size(), NAN);
    // The small input with extent-1 dims for the absent outer spatial dims.
    std::vector<int64_t> small = desc.input_shape();
    small.insert(small.begin() + (conv.layout == Layout::kNHWC ? 1 : 2), 3 - conv.spatial_rank, 1);
    const float zero = 0.0f;
    Halide::Runtime::Buffer<float> input = view(problem.input(0), small);
    Halide::Runtime::Buffer<float> weights = view(problem.input(1), generic_weight_shape(conv));
    Halide::Runtime::Buffer<float> bias =
        conv.bias ? view(problem.input(2), {conv.oc}) : view(&zero, {1});
    Halide::Runtime::Buffer<float> out = view(output.data(), generic_output_shape(conv));
    int32_t stride[3] = {1, 1, 1}, dilation[3] = {1, 1, 1}, pad[3] = {0, 0, 0},
            factor[3] = {1, 1, 1};
    for (int i = 0; i < conv.spatial_rank; ++i) {
      const int from = conv.spatial_rank - 1 - i;
      stride[i] = static_cast<int32_t>(conv.stride[from]);
      dilation[i] = static_cast<int32_t>(conv.dilation[from]);
      pad[i] = static_cast<int32_t>(conv.pad_begin[from]);
      factor[i] = static_cast<int32_t>(desc.factor);
    }
    int32_t groups = static_cast<int32_t>(conv.groups);
    bool has_bias = conv.bias;
    int32_t activation = static_cast<int32_t>(conv.activation);
    float clamp_min = conv.clamp_min, clamp_max = conv.clamp_max;
    void* args[] = {input.raw_buffer(),
                    weights.raw_buffer(),
                    bias.raw_buffer(),
                    &stride[0],
                    &stride[1],
                    &stride[2],
                    &dilation[0],
                    &dilation[1],
                    &dilation[2],
                    &pad[0],
                    &pad[1],
                    &pad[2],
                    &groups,
                    &has_bias,
                    &activation,
                    &clamp_min,
                    &clamp_max,
                    &factor[0],
                    &factor[1],
                    &factor[2],
                    out.raw_buffer()};
    ASSERT_EQ(kernels_.at({conv.layout, desc.mode})->run_args(args), 0) << text;
    EXPECT_LE(test::max_relative_error(problem.reference(), output.data()), problem.tolerance())
        << text;
  }
}

}  // namespace resize_conv_generic_test
}  // namespace kf
