// Index arithmetic shared by the naive references of the convolution family: problems of any
// spatial rank seen as 3D (absent leading dims have size 1 and no padding), and the element
// strides of activations in either layout.
#pragma once

#include <cstdint>

#include "dsl/conv_desc.h"

namespace kf::reference {

/// Spatial parameters as (d, h, w).
struct Spatial3d {
  int64_t in[3] = {1, 1, 1}, out[3] = {1, 1, 1}, kernel[3] = {1, 1, 1};
  int64_t stride[3] = {1, 1, 1}, dilation[3] = {1, 1, 1}, pad[3] = {0, 0, 0};
};

/// `desc` (ConvDesc or DeconvDesc: both state spatial_rank, in, out, kernel, stride, dilation
/// and pad_begin outermost first) as a 3D problem.
template <typename Desc>
Spatial3d spatial_3d(const Desc& desc) {
  Spatial3d s;
  const int first = kMaxSpatialRank - desc.spatial_rank;
  for (int i = 0; i < desc.spatial_rank; ++i) {
    s.in[first + i] = desc.in[i];
    s.out[first + i] = desc.out[i];
    s.kernel[first + i] = desc.kernel[i];
    s.stride[first + i] = desc.stride[i];
    s.dilation[first + i] = desc.dilation[i];
    s.pad[first + i] = desc.pad_begin[i];
  }
  return s;
}

/// Element strides of an activation tensor [n][c][z][y][x].
struct ActStrides {
  int64_t n, c, z, y, x;
};

/// Strides of a dense activation tensor of `channels` x `size` (d, h, w) in `layout`.
inline ActStrides activation_strides(Layout layout, int64_t channels, const int64_t (&size)[3]) {
  const int64_t plane = size[0] * size[1] * size[2];
  if (layout == Layout::kNCHW) return {channels * plane, plane, size[1] * size[2], size[2], 1};
  return {plane * channels, 1, size[1] * size[2] * channels, size[2] * channels, channels};
}

}  // namespace kf::reference
