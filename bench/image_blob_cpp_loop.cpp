// image_blob_cpp_loop: the hand-written C++ peer of the image_blob benchmark.
#include "bench/image_blob_cpp_loop.h"

namespace kf::bench {

int image_blob_cpp_loop(const ImageBlobDesc& d, const uint8_t* image, float* out, int threads) {
  float mean[4], factor[4];
  for (int64_t c = 0; c < d.ic; ++c) {
    mean[c] = static_cast<float>(d.mean_of(c));
    factor[c] = static_cast<float>(d.factor_of(c));
  }
  const int64_t rows = d.mb * d.ih, width = d.iw, channels = d.ic, plane = d.ih * d.iw;
#pragma omp parallel for num_threads(threads) schedule(static)
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t n = r / d.ih, y = r % d.ih;
    const uint8_t* src = image + r * width * channels;
    for (int64_t c = 0; c < channels; ++c) {
      const uint8_t* in = src + d.source_channel(c);
      float* dst = out + (n * channels + c) * plane + y * width;
      const float m = mean[c], f = factor[c];
      for (int64_t x = 0; x < width; ++x) dst[x] = (static_cast<float>(in[x * channels]) - m) * f;
    }
  }
  return 0;
}

}  // namespace kf::bench
