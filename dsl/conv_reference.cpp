// The naive reference convolution: a direct transcription of the definition, accumulating in
// double, with no blocking or reordering, so that it can serve as the oracle for every generated
// schedule. 1D and 2D problems are computed as 3D problems with leading unit dimensions.
#include "dsl/conv_reference.h"

#include <cstdint>
#include <stdexcept>

#include "dsl/conv_desc.h"

namespace kf {
namespace {

// Element strides of a tensor [batch][channel][z][y][x] in either activation layout.
struct ActStrides {
  int64_t n, c, z, y, x;
};

ActStrides activation_strides(Layout layout, int64_t channels, const int64_t (&size)[3]) {
  if (layout == Layout::kNCHW) {
    const int64_t c = size[0] * size[1] * size[2];
    return {channels * c, c, size[1] * size[2], size[2], 1};
  }
  return {size[0] * size[1] * size[2] * channels, 1, size[1] * size[2] * channels,
          size[2] * channels, channels};
}

// Element strides of weights [o][c][kz][ky][kx]: OIDHW for NCHW, DHWIO for NHWC.
struct WeiStrides {
  int64_t o, c, z, y, x;
};

WeiStrides weight_strides(Layout layout, int64_t oc, int64_t icg, const int64_t (&k)[3]) {
  if (layout == Layout::kNCHW) {
    const int64_t c = k[0] * k[1] * k[2];
    return {icg * c, c, k[1] * k[2], k[2], 1};
  }
  return {1, oc, k[1] * k[2] * icg * oc, k[2] * icg * oc, icg * oc};
}

}  // namespace

void conv_reference(const ConvDesc& desc, const float* input, const float* weights,
                    const float* bias, float* output) {
  validate(desc);
  if (desc.bias && bias == nullptr) {
    throw std::invalid_argument("conv_reference: desc.bias is set but bias is null");
  }
  // Spatial parameters as 3D (d, h, w); absent leading dimensions are 1 with no padding.
  int64_t in[3] = {1, 1, 1}, out[3] = {1, 1, 1}, k[3] = {1, 1, 1};
  int64_t stride[3] = {1, 1, 1}, dil[3] = {1, 1, 1}, pad[3] = {0, 0, 0};
  const int first = kMaxSpatialRank - desc.spatial_rank;
  for (int i = 0; i < desc.spatial_rank; ++i) {
    in[first + i] = desc.in[i];
    out[first + i] = desc.out[i];
    k[first + i] = desc.kernel[i];
    stride[first + i] = desc.stride[i];
    dil[first + i] = desc.dilation[i];
    pad[first + i] = desc.pad_begin[i];
  }
  const int64_t icg = desc.ic / desc.groups;
  const int64_t ocg = desc.oc / desc.groups;
  const ActStrides si = activation_strides(desc.layout, desc.ic, in);
  const ActStrides so = activation_strides(desc.layout, desc.oc, out);
  const WeiStrides sw = weight_strides(desc.layout, desc.oc, icg, k);

  for (int64_t n = 0; n < desc.mb; ++n) {
    for (int64_t o = 0; o < desc.oc; ++o) {
      const int64_t group = o / ocg;
      for (int64_t oz = 0; oz < out[0]; ++oz) {
        for (int64_t oy = 0; oy < out[1]; ++oy) {
          for (int64_t ox = 0; ox < out[2]; ++ox) {
            double acc = desc.bias ? static_cast<double>(bias[o]) : 0.0;
            for (int64_t c = 0; c < icg; ++c) {
              const float* src = input + n * si.n + (group * icg + c) * si.c;
              const float* wei = weights + o * sw.o + c * sw.c;
              for (int64_t kz = 0; kz < k[0]; ++kz) {
                const int64_t iz = oz * stride[0] - pad[0] + kz * dil[0];
                if (iz < 0 || iz >= in[0]) continue;
                for (int64_t ky = 0; ky < k[1]; ++ky) {
                  const int64_t iy = oy * stride[1] - pad[1] + ky * dil[1];
                  if (iy < 0 || iy >= in[1]) continue;
                  for (int64_t kx = 0; kx < k[2]; ++kx) {
                    const int64_t ix = ox * stride[2] - pad[2] + kx * dil[2];
                    if (ix < 0 || ix >= in[2]) continue;
                    acc += static_cast<double>(src[iz * si.z + iy * si.y + ix * si.x]) *
                           static_cast<double>(wei[kz * sw.z + ky * sw.y + kx * sw.x]);
                  }
                }
              }
            }
            // Written so that a NaN propagates, as in PyTorch's relu.
            if (desc.activation == Activation::kRelu && acc < 0.0) acc = 0.0;
            if (desc.activation == Activation::kClamp) {
              if (acc < desc.clamp_min) acc = desc.clamp_min;
              if (acc > desc.clamp_max) acc = desc.clamp_max;
            }
            output[n * so.n + o * so.c + oz * so.z + oy * so.y + ox * so.x] =
                static_cast<float>(acc);
          }
        }
      }
    }
  }
}

}  // namespace kf
