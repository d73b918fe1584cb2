// The naive reference convolution: a direct transcription of the definition, accumulating in
// double, with no blocking or reordering, so that it can serve as the oracle for every generated
// schedule. 1D and 2D problems are computed as 3D problems with leading unit dimensions.
#include "dsl/conv_reference.h"

#include <cstdint>
#include <stdexcept>
#include <vector>

#include "dsl/conv_desc.h"
#include "dsl/reference_layout.h"
#include "dsl/reorder_desc.h"

namespace kf {
namespace {

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

// The blocked conversion of one activation tensor of `channels` channels and the spatial sizes
// `size` (outermost first) between nChw16c and NCHW: reorder's own naive reference, which
// zero-fills the padded lanes of a blocked result.
void convert_blocked(const ConvDesc& desc, int64_t channels,
                     const std::array<int64_t, kMaxSpatialRank>& size, bool to_blocked,
                     const float* from, float* to) {
  ReorderDesc reorder;
  reorder.spatial_rank = desc.spatial_rank;
  reorder.mb = desc.mb;
  reorder.ic = channels;
  reorder.in = size;
  reorder.src = to_blocked ? ReorderLayout::kChannelsFirst : ReorderLayout::kBlocked16;
  reorder.dst = to_blocked ? ReorderLayout::kBlocked16 : ReorderLayout::kChannelsFirst;
  reorder_reference(reorder, from, to);
}

// The blocked layout: the NCHW reference between conversions (weights are OIHW in both).
void blocked_reference(const ConvDesc& desc, const float* input, const float* weights,
                       const float* bias, float* output) {
  ConvDesc nchw = desc;
  nchw.layout = Layout::kNCHW;
  std::vector<float> nchw_input(static_cast<size_t>(nchw.input_elements()));
  std::vector<float> nchw_output(static_cast<size_t>(nchw.output_elements()));
  convert_blocked(desc, desc.ic, desc.in, /*to_blocked=*/false, input, nchw_input.data());
  conv_reference(nchw, nchw_input.data(), weights, bias, nchw_output.data());
  convert_blocked(desc, desc.oc, desc.out, /*to_blocked=*/true, nchw_output.data(), output);
}

}  // namespace

void conv_reference(const ConvDesc& desc, const float* input, const float* weights,
                    const float* bias, float* output) {
  validate(desc);
  if (desc.layout == Layout::kNCHW16c) {
    if (desc.bias && bias == nullptr) {
      throw std::invalid_argument("conv_reference: desc.bias is set but bias is null");
    }
    blocked_reference(desc, input, weights, bias, output);
    return;
  }
  if (desc.bias && bias == nullptr) {
    throw std::invalid_argument("conv_reference: desc.bias is set but bias is null");
  }
  const reference::Spatial3d s3 = reference::spatial_3d(desc);
  const auto& in = s3.in;
  const auto& out = s3.out;
  const auto& k = s3.kernel;
  const auto& stride = s3.stride;
  const auto& dil = s3.dilation;
  const auto& pad = s3.pad;
  const int64_t icg = desc.ic / desc.groups;
  const int64_t ocg = desc.oc / desc.groups;
  const reference::ActStrides si = reference::activation_strides(desc.layout, desc.ic, in);
  const reference::ActStrides so = reference::activation_strides(desc.layout, desc.oc, out);
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
