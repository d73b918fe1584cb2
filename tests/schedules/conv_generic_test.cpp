// The shape-agnostic convolution (dsl/conv_generic_algorithm.h, schedules/conv_generic_schedule.h)
// against the naive reference: one kernel per layout, compiled once, run on convolutions of
// every rank with odd sizes, stride, dilation, asymmetric padding, groups and depthwise, bias,
// ReLU and clamp, batch > 1.
#include <HalideBuffer.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "autotune/problem.h"
#include "dsl/conv_desc.h"
#include "dsl/conv_generic_algorithm.h"
#include "jit/jit_session.h"
#include "schedules/conv_generic_schedule.h"
#include "tests/support/relative_error.h"
#include "tests/support/shared_jit_session.h"

namespace kf {
namespace conv_generic_test {

// A dense float buffer over `data` with `shape` (outermost first).
Halide::Runtime::Buffer<float> view(const float* data, const std::vector<int64_t>& shape) {
  std::vector<int> sizes(shape.rbegin(), shape.rend());
  return Halide::Runtime::Buffer<float>(const_cast<float*>(data), sizes);
}

// Runs the generic kernel on `problem` and returns max |out - ref| / (1 + |ref|).
double run_generic(const Kernel& kernel, const Problem& problem) {
  const ConvDesc& d = static_cast<const ConvDesc&>(problem.op());
  std::vector<float> output(problem.reference().size(), NAN);
  const float zero = 0.0f;
  Halide::Runtime::Buffer<float> input = view(problem.input(0), generic_input_shape(d));
  Halide::Runtime::Buffer<float> weights = view(problem.input(1), generic_weight_shape(d));
  Halide::Runtime::Buffer<float> bias = d.bias ? view(problem.input(2), {d.oc}) : view(&zero, {1});
  Halide::Runtime::Buffer<float> out = view(output.data(), generic_output_shape(d));
  // Spatial parameters innermost first (w, h, d); absent dims are 1 / 1 / 0.
  int32_t stride[3] = {1, 1, 1}, dilation[3] = {1, 1, 1}, pad[3] = {0, 0, 0};
  for (int i = 0; i < d.spatial_rank; ++i) {
    const int from = d.spatial_rank - 1 - i;
    stride[i] = static_cast<int32_t>(d.stride[from]);
    dilation[i] = static_cast<int32_t>(d.dilation[from]);
    pad[i] = static_cast<int32_t>(d.pad_begin[from]);
  }
  int32_t groups = static_cast<int32_t>(d.groups);
  bool has_bias = d.bias;
  int32_t activation = static_cast<int32_t>(d.activation);
  float clamp_min = d.clamp_min, clamp_max = d.clamp_max;
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
                  out.raw_buffer()};
  if (int code = kernel.run_args(args)) {
    ADD_FAILURE() << "Halide error " << code;
    return INFINITY;
  }
  return test::max_relative_error(problem.reference(), output.data());
}

const char* const kShapes[] = {
    "mb1ic7ih9iw11oc19kh3kw3ph1pw1",              // 2-D, odd sizes, same padding
    "mb2ic8ih10iw9oc16kh3kw3sh2sw2ph1pw1_bia",    // stride 2, asymmetric end padding, bias
    "mb1ic6ih11oc10kh3dh1ph2_relu",               // dilation 2 (benchdnn's 0-based dh1)
    "g2mb1ic6ih7iw5oc10kh3kw1ph1pw0_bia_relu",    // groups, 3x1 kernel
    "g12mb1ic12ih9iw9oc12kh3kw3ph1pw1_clamp0:6",  // depthwise, ReLU6
    "mb2ic5iw23oc7kw5sw3pw2_bia",                 // 1-D
    "mb1ic3id5ih6iw7oc5kd3kh3kw3pd1ph0pw1_relu",  // 3-D
    "mb1ic17ih1iw1oc33kh1kw1",                    // 1x1 on one pixel
};

class ConvGenericTest : public testing::TestWithParam<const char*> {};

TEST_P(ConvGenericTest, MatchesTheReferenceOnEveryShape) {
  const Layout layout = std::string(GetParam()) == "nhwc" ? Layout::kNHWC : Layout::kNCHW;
  JitSession& session = test::shared_session();
  GenericConvPipeline generic = make_generic_conv_pipeline(layout, session.kernel_target());
  llvm::Expected<Kernel> kernel = session.compile(generic.pipeline, generic.algorithm.arguments());
  ASSERT_TRUE(static_cast<bool>(kernel)) << llvm::toString(kernel.takeError());
  for (const char* text : kShapes) {
    ConvDesc desc = parse_conv(text);
    desc.layout = layout;
    validate(desc);
    const Problem problem(desc, 17);
    EXPECT_LE(run_generic(*kernel, problem), problem.tolerance()) << text << " " << GetParam();
  }
}

INSTANTIATE_TEST_SUITE_P(Layouts, ConvGenericTest, testing::Values("nhwc", "nchw"),
                         [](const testing::TestParamInfo<const char*>& info) {
                           return std::string(info.param);
                         });

}  // namespace conv_generic_test
}  // namespace kf
