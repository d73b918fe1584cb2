// The reference transposed convolution on cases worked by hand from the framework definitions:
// tf.nn.conv1d_transpose with stride 2 for both legal output shapes of one input (SAME and
// VALID), PyTorch's output_padding, groups, bias and ReLU. The unpadded scatter of input {1, 2}
// with kernel {1, 10, 100} at stride 2 is full = {1, 10, 102, 20, 200}; every case crops it.
#include <gtest/gtest.h>

#include <vector>

#include "dsl/deconv_desc.h"

namespace kf {
namespace deconv_reference_test {

std::vector<float> run(const DeconvDesc& d, const std::vector<float>& input,
                       const std::vector<float>& weights, const std::vector<float>& bias = {}) {
  std::vector<float> out(static_cast<size_t>(element_count(d.output_shape())), -7.0f);
  deconv_reference(d, input.data(), weights.data(), bias.empty() ? nullptr : bias.data(),
                   out.data());
  return out;
}

TfDeconvArgs tf_1d(TfDeconvPadding padding, int64_t out) {
  TfDeconvArgs a;
  a.spatial_rank = 1;
  a.in_channels = a.out_channels = 1;
  a.in[0] = 2;
  a.kernel[0] = 3;
  a.stride[0] = 2;
  a.padding = padding;
  a.output_shape[0] = out;
  return a;
}

const std::vector<float> kInput = {1, 2};
const std::vector<float> kKernel = {1, 10, 100};

TEST(DeconvReferenceTest, TensorFlowSameOutput4CropsNothingAtTheStart) {
  // SAME, out 4: conv SAME of 4 at s2 k3 gives 2 with total pad 1, at the end -> full[0:4].
  const DeconvDesc d = deconv_from_tensorflow(tf_1d(TfDeconvPadding::kSame, 4));
  EXPECT_EQ(d.pad_begin[0], 0);
  EXPECT_EQ(d.pad_end[0], 1);
  EXPECT_EQ(run(d, kInput, kKernel), (std::vector<float>{1, 10, 102, 20}));
}

TEST(DeconvReferenceTest, TensorFlowSameOutput3CropsOneAtEachEnd) {
  // SAME, out 3: total pad (2-1)*2 + 3 - 3 = 2 -> 1 and 1 -> full[1:4].
  const DeconvDesc d = deconv_from_tensorflow(tf_1d(TfDeconvPadding::kSame, 3));
  EXPECT_EQ(d.pad_begin[0], 1);
  EXPECT_EQ(d.pad_end[0], 1);
  EXPECT_EQ(run(d, kInput, kKernel), (std::vector<float>{10, 102, 20}));
}

TEST(DeconvReferenceTest, TensorFlowValidBothOutputs) {
  const DeconvDesc five = deconv_from_tensorflow(tf_1d(TfDeconvPadding::kValid, 5));
  EXPECT_EQ(run(five, kInput, kKernel), (std::vector<float>{1, 10, 102, 20, 200}));
  // out 6: conv VALID of 6 still gives 2 (the last pixel is unread): a zero pixel appended.
  const DeconvDesc six = deconv_from_tensorflow(tf_1d(TfDeconvPadding::kValid, 6));
  EXPECT_EQ(six.pad_end[0], -1);
  EXPECT_EQ(run(six, kInput, kKernel), (std::vector<float>{1, 10, 102, 20, 200, 0}));
}

PyTorchDeconvArgs pytorch_1d(int64_t output_padding) {
  PyTorchDeconvArgs a;
  a.spatial_rank = 1;
  a.in_channels = a.out_channels = 1;
  a.in[0] = 2;
  a.kernel[0] = 3;
  a.stride[0] = 2;
  a.padding[0] = 1;
  a.output_padding[0] = output_padding;
  return a;
}

TEST(DeconvReferenceTest, PyTorchOutputPaddingExtendsTheEnd) {
  // ConvTranspose1d(k=3, s=2, p=1): out (2-1)*2 - 2 + 2 + 1 = 3 -> full[1:4]; op=1 -> full[1:5].
  const DeconvDesc plain = deconv_from_pytorch(pytorch_1d(0));
  EXPECT_EQ(plain.out[0], 3);
  EXPECT_EQ(run(plain, kInput, kKernel), (std::vector<float>{10, 102, 20}));
  const DeconvDesc padded = deconv_from_pytorch(pytorch_1d(1));
  EXPECT_EQ(padded.out[0], 4);
  EXPECT_EQ(padded.pad_end[0], 0);
  EXPECT_EQ(run(padded, kInput, kKernel), (std::vector<float>{10, 102, 20, 200}));
}

TEST(DeconvReferenceTest, GroupsKeepChannelsApartWithBiasAndRelu) {
  // g2, NCW, PyTorch weights [ic][oc/g][k]: channel 0 {1, 2} * {1, 1} -> {1, 3, 2};
  // channel 1 {3, 4} * {-10, 0} -> {-30, -40, 0}; bias {0.5, 5}; ReLU.
  DeconvDesc d = parse_deconv("g2mb1ic2iw2oc2kw2_nchw_wpt_bia_relu");
  ASSERT_EQ(d.out[0], 3);
  EXPECT_EQ(run(d, {1, 2, 3, 4}, {1, 1, -10, 0}, {0.5f, 5}),
            (std::vector<float>{1.5f, 3.5f, 2.5f, 0, 0, 5}));
}

TEST(DeconvReferenceTest, TensorFlowWeightsAreKernelOutputInput) {
  // NWC, 1 input channel, 2 output channels, k2: weights [k][oc][ic] = {{1}, {2}}, {{3}, {4}}.
  const DeconvDesc d = parse_deconv("mb1ic1iw1oc2kw2_nhwc_wtf");
  EXPECT_EQ(d.weight_shape(), (std::vector<int64_t>{2, 2, 1}));
  // output [w][oc]: w0 = {1, 2} * x, w1 = {3, 4} * x with x = 2.
  EXPECT_EQ(run(d, {2}, {1, 2, 3, 4}), (std::vector<float>{2, 4, 6, 8}));
}

TEST(DeconvReferenceTest, DilationSpreadsTheTaps) {
  // in {1, 2}, k {1, 10}, dilation 2, stride 1: full length 1 + 2 + 1 = 4: {1, 2, 10, 20}.
  const DeconvDesc d = parse_deconv("mb1ic1iw2oc1kw2dw1_nchw");
  EXPECT_EQ(run(d, {1, 2}, {1, 10}), (std::vector<float>{1, 2, 10, 20}));
}

}  // namespace deconv_reference_test
}  // namespace kf
