// forward_conv_of: a stride-1 transposed convolution equals the forward convolution it maps to,
// with the taps reversed. The check runs both naive references (scatter form for the
// deconvolution, gather form for the convolution) on random data; the weights are flipped here
// by index arithmetic written from the two layouts' definitions, independently of the Halide
// view the kernels use (dsl/deconv_as_conv_weights.h).
#include "dsl/deconv_as_conv.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "dsl/conv_reference.h"

namespace kf {
namespace deconv_as_conv_test {

// The convolution weights (HWIO for NHWC, OIHW for NCHW) of a stride-1 deconvolution's weights
// (PyTorch [ic][oc/g][k...] or TensorFlow [k...][oc][ic]).
std::vector<float> flip_weights(const DeconvDesc& d, const std::vector<float>& deconv) {
  const int rank = d.spatial_rank;
  const int64_t icg = d.ic / d.groups, ocg = d.oc / d.groups;
  int64_t taps = 1;
  for (int i = 0; i < rank; ++i) taps *= d.kernel[i];
  std::vector<float> conv(deconv.size());
  for (int64_t k = 0; k < d.oc; ++k) {
    for (int64_t c = 0; c < icg; ++c) {
      for (int64_t t = 0; t < taps; ++t) {
        // t: the convolution's tap, row-major over the spatial dims (outermost first); its
        // deconvolution tap is the reverse in every dim, i.e. taps - 1 - t.
        const int64_t flipped = taps - 1 - t;
        const int64_t group = k / ocg, ic = group * icg + c;
        const int64_t from = d.weights == DeconvWeights::kPyTorch
                                 ? (ic * ocg + (k - group * ocg)) * taps + flipped
                                 : (flipped * d.oc + k) * d.ic + ic;
        const int64_t to =
            d.layout == Layout::kNCHW ? (k * icg + c) * taps + t : (t * icg + c) * d.oc + k;
        conv[static_cast<size_t>(to)] = deconv[static_cast<size_t>(from)];
      }
    }
  }
  return conv;
}

std::vector<float> random_values(int64_t count, std::mt19937& rng) {
  std::uniform_real_distribution<float> value(-1.0f, 1.0f);
  std::vector<float> v(static_cast<size_t>(count));
  for (float& x : v) x = value(rng);
  return v;
}

void expect_equal_to_conv(const char* descriptor) {
  SCOPED_TRACE(descriptor);
  const DeconvDesc d = parse_deconv(descriptor);
  const std::optional<ConvDesc> conv = forward_conv_of(d);
  ASSERT_TRUE(conv.has_value());
  EXPECT_EQ(conv->output_shape(), d.output_shape());
  EXPECT_EQ(conv->input_shape(), d.input_shape());
  std::mt19937 rng(7);
  const std::vector<float> input = random_values(element_count(d.input_shape()), rng);
  const std::vector<float> weights = random_values(element_count(d.weight_shape()), rng);
  const std::vector<float> bias = random_values(d.oc, rng);
  std::vector<float> expected(static_cast<size_t>(element_count(d.output_shape())));
  std::vector<float> actual(expected.size(), -7.0f);
  deconv_reference(d, input.data(), weights.data(), bias.data(), expected.data());
  const std::vector<float> conv_weights = flip_weights(d, weights);
  conv_reference(*conv, input.data(), conv_weights.data(), bias.data(), actual.data());
  double worst = 0;
  for (size_t i = 0; i < expected.size(); ++i) {
    worst = std::max(worst, std::abs(static_cast<double>(expected[i]) - actual[i]));
  }
  EXPECT_LE(worst, 1e-5);
}

TEST(DeconvAsConvTest, StrideOneDeconvolutionsEqualTheirForwardConvolution) {
  expect_equal_to_conv("mb1ic5ih7iw9oc6kh3kw3ph1pw1_nhwc_wtf_bia");
  expect_equal_to_conv("mb2ic3ih6iw5oc7kh3kw5ph0pw2_nchw_wpt_bia_relu");
  expect_equal_to_conv("g2mb1ic4ih5iw7oc6kh3kw2ph2pw1_nhwc_wpt_bia");
  expect_equal_to_conv("mb1ic4ih6iw7oc5kh3kw3dh1dw1ph2pw3_nchw_wtf_bia");
  expect_equal_to_conv("mb1ic3iw11oc4kw5pw1_nhwc_bia");
  expect_equal_to_conv("mb1ic2id3ih4iw5oc3kd2kh3kw2pd1ph0pw1_nchw_bia");
  expect_equal_to_conv("mb1ic8ih4iw4oc16kh1kw1_nhwc_wtf_bia");
}

TEST(DeconvAsConvTest, PadsBecomeTheKernelReachMinusThePad) {
  const ConvDesc conv = *forward_conv_of(parse_deconv("mb1ic4ih8iw9oc5kh5kw3ph1pw0_nhwc"));
  EXPECT_EQ(conv.pad_begin[0], 3);
  EXPECT_EQ(conv.pad_begin[1], 2);
  EXPECT_EQ(conv.pad_end[0], 3);
  EXPECT_EQ(conv.pad_end[1], 2);
  EXPECT_EQ(conv.kernel[0], 5);
  EXPECT_EQ(conv.stride[0], 1);
}

TEST(DeconvAsConvTest, NoForwardConvolutionForStridesOrCropsBeyondTheKernel) {
  EXPECT_FALSE(forward_conv_of(parse_deconv("mb1ic4ih5iw5oc4kh4kw4sh2sw2ph1pw1")).has_value());
  EXPECT_FALSE(forward_conv_of(parse_deconv("mb1ic4ih5iw5oc4kh3kw3sh1sw2ph1pw1")).has_value());
  // A crop of 3 pixels with a 3-tap kernel: pad' = 2 - 3 < 0.
  EXPECT_FALSE(forward_conv_of(parse_deconv("mb1ic4ih9iw9oc4kh3kw3ph3pw1")).has_value());
}

}  // namespace deconv_as_conv_test
}  // namespace kf
