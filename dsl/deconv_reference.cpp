// The naive reference transposed convolution, in scatter form: every input pixel adds
// input * weight to the output pixel each tap lands on (o = i * stride - pad_begin + k *
// dilation), accumulating in double. It shares nothing with the Halide algorithm's sub-pixel
// gather formulation, so each checks the other. 1D and 2D problems run as 3D with unit dims.
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "dsl/deconv_desc.h"
#include "dsl/reference_layout.h"

namespace kf {
namespace {

// Element strides of weights indexed [input channel c][output channel within group o][kz][ky][kx].
struct WeiStrides {
  int64_t c, o, z, y, x;
};

WeiStrides weight_strides(const DeconvDesc& d, const int64_t (&k)[3]) {
  const int64_t taps = k[0] * k[1] * k[2];
  if (d.weights == DeconvWeights::kPyTorch) {
    const int64_t ocg = d.oc / d.groups;
    return {ocg * taps, taps, k[1] * k[2], k[2], 1};
  }
  // [kz][ky][kx][oc][ic]; groups == 1, so o is the output channel.
  return {1, d.ic, k[1] * k[2] * d.oc * d.ic, k[2] * d.oc * d.ic, d.oc * d.ic};
}

}  // namespace

void deconv_reference(const DeconvDesc& desc, const float* input, const float* weights,
                      const float* bias, float* output) {
  validate(desc);
  if (desc.bias && bias == nullptr) {
    throw std::invalid_argument("deconv_reference: desc.bias is set but bias is null");
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
  const WeiStrides sw = weight_strides(desc, k);
  const int64_t out_elements = desc.mb * desc.oc * out[0] * out[1] * out[2];

  std::vector<double> acc(static_cast<size_t>(out_elements), 0.0);
  for (int64_t n = 0; n < desc.mb; ++n) {
    for (int64_t c = 0; c < desc.ic; ++c) {
      const int64_t group = c / icg;
      for (int64_t iz = 0; iz < in[0]; ++iz) {
        for (int64_t iy = 0; iy < in[1]; ++iy) {
          for (int64_t ix = 0; ix < in[2]; ++ix) {
            const double x = input[n * si.n + c * si.c + iz * si.z + iy * si.y + ix * si.x];
            for (int64_t kz = 0; kz < k[0]; ++kz) {
              const int64_t oz = iz * stride[0] - pad[0] + kz * dil[0];
              if (oz < 0 || oz >= out[0]) continue;
              for (int64_t ky = 0; ky < k[1]; ++ky) {
                const int64_t oy = iy * stride[1] - pad[1] + ky * dil[1];
                if (oy < 0 || oy >= out[1]) continue;
                for (int64_t kx = 0; kx < k[2]; ++kx) {
                  const int64_t ox = ix * stride[2] - pad[2] + kx * dil[2];
                  if (ox < 0 || ox >= out[2]) continue;
                  for (int64_t ol = 0; ol < ocg; ++ol) {
                    const int64_t o = group * ocg + ol;
                    const float w =
                        weights[c * sw.c + ol * sw.o + kz * sw.z + ky * sw.y + kx * sw.x];
                    acc[n * so.n + o * so.c + oz * so.z + oy * so.y + ox * so.x] +=
                        x * static_cast<double>(w);
                  }
                }
              }
            }
          }
        }
      }
    }
  }
  for (int64_t n = 0; n < desc.mb; ++n) {
    for (int64_t o = 0; o < desc.oc; ++o) {
      for (int64_t z = 0; z < out[0]; ++z) {
        for (int64_t y = 0; y < out[1]; ++y) {
          for (int64_t x = 0; x < out[2]; ++x) {
            const int64_t at = n * so.n + o * so.c + z * so.z + y * so.y + x * so.x;
            double v = acc[at] + (desc.bias ? static_cast<double>(bias[o]) : 0.0);
            if (desc.relu && v < 0.0) v = 0.0;  // a NaN propagates, as in PyTorch's relu
            output[at] = static_cast<float>(v);
          }
        }
      }
    }
  }
}

void DeconvDesc::reference(const std::vector<const float*>& inputs, float* output) const {
  deconv_reference(*this, inputs.at(0), inputs.at(1), bias ? inputs.at(2) : nullptr, output);
}

}  // namespace kf
