// The shape-agnostic transposed convolution (dsl/deconv_generic_algorithm.h,
// schedules/deconv_generic_schedule.h) against the naive reference: four kernels (both
// activation layouts, both weight layouts), compiled once, run on every rank with odd sizes,
// strides 1 to 3, dilation, padding that crops or adds bias-only pixels, groups, bias and ReLU,
// every parameter passed at run time.
#include <HalideBuffer.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "autotune/problem.h"
#include "dsl/deconv_desc.h"
#include "dsl/deconv_generic_algorithm.h"
#include "jit/jit_session.h"
#include "schedules/deconv_generic_schedule.h"
#include "tests/support/relative_error.h"
#include "tests/support/shared_jit_session.h"

namespace kf {
namespace deconv_generic_test {

using KernelKey = std::pair<Layout, DeconvWeights>;

// The four kernels, compiled once for the suite and released before the shared session.
class DeconvGenericTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    JitSession& session = test::shared_session();
    for (const Layout layout : {Layout::kNHWC, Layout::kNCHW}) {
      for (const DeconvWeights weights : {DeconvWeights::kPyTorch, DeconvWeights::kTensorFlow}) {
        GenericDeconvPipeline generic =
            make_generic_deconv_pipeline(layout, weights, session.kernel_target());
        llvm::Expected<Kernel> compiled =
            session.compile(generic.pipeline, generic.algorithm.arguments());
        if (!compiled) {
          ADD_FAILURE() << llvm::toString(compiled.takeError());
          return;
        }
        kernels_[{layout, weights}] = std::make_unique<Kernel>(std::move(*compiled));
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
    "mb1ic7ih5iw6oc17kh4kw4sh2sw2ph1pw1_nhwc_bia",
    "mb1ic5ih5iw7oc6kh4kw4sh2sw2ph1pw1_nchw_relu",
    "mb2ic3ih4iw5oc9oh8ow10kh3kw3sh2sw2ph1pw1_nhwc_wpt_relu",
    "mb1ic4ih4iw9oc3oh8ow18kh3kw3sh2sw2ph1pw1_nchw_wtf_bia",
    "mb1ic9ih3iw4oc20oh7ow9kh2kw2sh2sw2_nhwc",
    "mb1ic3ih4iw5oc5kh5kw5sh3sw3ph2pw1_nchw_bia",
    "mb1ic3ih4iw5oc8kh3kw3sh2sw2dh1dw1ph1pw2_nhwc_bia",
    "g3mb1ic6ih5iw5oc9kh4kw4sh2sw2ph1pw1_nhwc_bia_relu",
    "g2mb1ic4ih5iw6oc6kh3kw3sh2sw2ph1pw1_nchw",
    "mb2ic5iw9oc7kw4sw2pw1_nhwc_bia",
    "mb1ic3iw11oc4kw5sw3pw2_nchw_wtf",
    "mb1ic4id3ih4iw5oc8kd3kh4kw3sd2sh2sw2pd1ph1pw1_nhwc",
    "mb1ic3id3ih3iw5oc5kd2kh2kw3sd2sh2sw2pw1_nchw_bia",
    "mb1ic6ih7iw19oc4kh3kw3ph1pw1_nchw",
    "mb1ic2ih5iw6oc3kh2kw2sh2sw2dh1dw1_nchw_bia",
};

TEST_F(DeconvGenericTest, MatchesTheReferenceOnEveryShape) {
  ASSERT_EQ(kernels_.size(), 4u);
  for (const char* text : kShapes) {
    const DeconvDesc desc = parse_deconv(text);
    const Problem problem(desc, 19);
    std::vector<float> output(problem.reference().size(), NAN);
    const float zero = 0.0f;
    Halide::Runtime::Buffer<float> input = view(problem.input(0), generic_deconv_input_shape(desc));
    Halide::Runtime::Buffer<float> weights =
        view(problem.input(1), generic_deconv_weight_shape(desc));
    Halide::Runtime::Buffer<float> bias =
        desc.bias ? view(problem.input(2), {desc.oc}) : view(&zero, {1});
    Halide::Runtime::Buffer<float> out = view(output.data(), generic_deconv_output_shape(desc));
    int32_t stride[3] = {1, 1, 1}, dilation[3] = {1, 1, 1}, pad[3] = {0, 0, 0};
    for (int i = 0; i < desc.spatial_rank; ++i) {
      const int from = desc.spatial_rank - 1 - i;
      stride[i] = static_cast<int32_t>(desc.stride[from]);
      dilation[i] = static_cast<int32_t>(desc.dilation[from]);
      pad[i] = static_cast<int32_t>(desc.pad_begin[from]);
    }
    int32_t groups = static_cast<int32_t>(desc.groups);
    bool has_bias = desc.bias, relu = desc.relu;
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
                    &relu,
                    out.raw_buffer()};
    ASSERT_EQ(kernels_.at({desc.layout, desc.weights})->run_args(args), 0) << text;
    EXPECT_LE(test::max_relative_error(problem.reference(), output.data()), problem.tolerance())
        << text;
  }
}

}  // namespace deconv_generic_test
}  // namespace kf
