// NormDesc::reference: naive normalisation in double precision, two-pass statistics (mean, then
// the mean of squared deviations), for every kind and layout.
#include <cmath>
#include <vector>

#include "dsl/norm_desc.h"

namespace kf {
namespace {

// lnorm / rmsnorm: every row of `row` elements (the trailing dims) normalised on its own.
void row_reference(const NormDesc& d, const float* in, const float* gamma, const float* beta,
                   float* out) {
  const int64_t row = d.reduction_size();
  const int64_t rows = d.statistics_count();
  for (int64_t r = 0; r < rows; ++r) {
    const float* x = in + r * row;
    float* y = out + r * row;
    double mean = 0, var = 0;
    if (d.kind == NormKind::kLayer) {
      for (int64_t i = 0; i < row; ++i) mean += x[i];
      mean /= static_cast<double>(row);
    }
    for (int64_t i = 0; i < row; ++i) var += (x[i] - mean) * (x[i] - mean);
    var /= static_cast<double>(row);
    const double inv_std = 1.0 / std::sqrt(var + d.epsilon);
    for (int64_t i = 0; i < row; ++i) {
      const double shift = beta ? beta[i] : 0.0;
      y[i] = static_cast<float>((x[i] - mean) * inv_std * gamma[i] + shift);
    }
  }
}

// bnorm / gnorm / inorm: per-(sample, channel) scale and shift, then one affine pass.
void channel_reference(const NormDesc& d, const std::vector<const float*>& inputs, float* out) {
  const float* in = inputs[0];
  const int64_t channels = d.ic;
  int64_t pixels = 1;
  for (int i = 0; i < d.spatial_rank; ++i) pixels *= d.spatial[i];
  const bool nhwc = d.layout == NormLayout::kNHWC;
  auto offset = [&](int64_t n, int64_t c, int64_t s) {
    return nhwc ? (n * pixels + s) * channels + c : (n * channels + c) * pixels + s;
  };
  const int64_t per_group = channels / d.groups;
  std::vector<double> scale(channels), shift(channels);
  for (int64_t n = 0; n < d.mb; ++n) {
    if (d.kind == NormKind::kBatch) {
      const float *mean = inputs[1], *var = inputs[2], *gamma = inputs[3], *beta = inputs[4];
      for (int64_t c = 0; c < channels; ++c) {
        scale[c] = gamma[c] / std::sqrt(static_cast<double>(var[c]) + d.epsilon);
        shift[c] = beta[c] - mean[c] * scale[c];
      }
    } else {
      const float *gamma = inputs[1], *beta = inputs[2];
      const double count = static_cast<double>(per_group * pixels);
      for (int64_t g = 0; g < d.groups; ++g) {
        double mean = 0, var = 0;
        for (int64_t c = g * per_group; c < (g + 1) * per_group; ++c) {
          for (int64_t s = 0; s < pixels; ++s) mean += in[offset(n, c, s)];
        }
        mean /= count;
        for (int64_t c = g * per_group; c < (g + 1) * per_group; ++c) {
          for (int64_t s = 0; s < pixels; ++s) {
            const double dev = in[offset(n, c, s)] - mean;
            var += dev * dev;
          }
        }
        const double inv_std = 1.0 / std::sqrt(var / count + d.epsilon);
        for (int64_t c = g * per_group; c < (g + 1) * per_group; ++c) {
          scale[c] = gamma[c] * inv_std;
          shift[c] = beta[c] - mean * scale[c];
        }
      }
    }
    for (int64_t c = 0; c < channels; ++c) {
      for (int64_t s = 0; s < pixels; ++s) {
        const int64_t i = offset(n, c, s);
        out[i] = static_cast<float>(in[i] * scale[c] + shift[c]);
      }
    }
  }
}

}  // namespace

void NormDesc::reference(const std::vector<const float*>& inputs, float* output) const {
  if (row_wise()) {
    row_reference(*this, inputs.at(0), inputs.at(1),
                  kind == NormKind::kLayer ? inputs.at(2) : nullptr, output);
  } else {
    channel_reference(*this, inputs, output);
  }
}

}  // namespace kf
