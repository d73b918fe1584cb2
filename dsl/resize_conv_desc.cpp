// ResizeConvDesc: its OpDesc methods, validate(), and the naive reference (upsample explicitly
// into a temporary tensor, then the naive convolution of dsl/conv_reference.h). The reference
// follows PyTorch's source-index formula in double and shares nothing with the Halide algorithm.
#include "dsl/resize_conv_desc.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "dsl/conv_reference.h"
#include "dsl/input_error.h"
#include "dsl/reference_layout.h"

namespace kf {
namespace {

std::string dim_letter(int rank, int i) {
  return std::string(1, "dhw"[kMaxSpatialRank - rank + i]);
}

const char* activation_layout(const ConvDesc& d) {
  static const char* kNhwc[] = {"", "NWC", "NHWC", "NDHWC"};
  static const char* kNchw[] = {"", "NCW", "NCHW", "NCDHW"};
  return d.layout == Layout::kNHWC ? kNhwc[d.spatial_rank] : kNchw[d.spatial_rank];
}

// One upsampled index along one dim: the two source indices and the weight of the second.
struct Source {
  int64_t i0, i1;
  double lambda;
};

// PyTorch's rule (area_pixel_compute_source_index with align_corners=False, then the clamps of
// upsample_linear / the floor of upsample_nearest) for upsampled index u of an input of size n.
Source source_index(ResizeMode mode, int64_t u, int64_t n, int64_t factor) {
  if (mode == ResizeMode::kNearest) {
    const int64_t s = std::min(u / factor, n - 1);
    return {s, s, 0.0};
  }
  double s = (static_cast<double>(u) + 0.5) / static_cast<double>(factor) - 0.5;
  if (s < 0.0) s = 0.0;
  const auto i0 = static_cast<int64_t>(std::floor(s));
  const int64_t i1 = std::min(i0 + 1, n - 1);
  return {i0, i1, s - static_cast<double>(i0)};
}

}  // namespace

const char* resize_mode_tag(ResizeMode mode) {
  return mode == ResizeMode::kBilinear ? "bilinear" : "nearest";
}

std::string ResizeConvDesc::to_string() const { return kf::to_string(*this); }

std::string ResizeConvDesc::key() const {
  ResizeConvDesc unnamed = *this;
  unnamed.conv.name.clear();
  return "resize_conv:" + kf::to_string(unnamed);
}

void ResizeConvDesc::set_batch(int64_t batch) {
  conv.mb = batch;
  validate(*this);
}

void ResizeConvDesc::set_layout(const std::string& layout) { conv.set_layout(layout); }

std::vector<int64_t> ResizeConvDesc::input_shape() const {
  std::vector<int64_t> shape = conv.input_shape();
  const size_t first_spatial = conv.layout == Layout::kNHWC ? 1 : 2;
  for (int i = 0; i < conv.spatial_rank; ++i) shape[first_spatial + i] = input_size(i);
  return shape;
}

std::vector<TensorSpec> ResizeConvDesc::inputs() const {
  std::vector<TensorSpec> specs = conv.inputs();
  specs[0].shape = input_shape();
  return specs;
}

TensorSpec ResizeConvDesc::output() const { return conv.output(); }

double ResizeConvDesc::tolerance() const {
  // Each upsampled value is itself a sum of up to 2^rank f32 products in the kernel.
  return mode == ResizeMode::kBilinear ? 2.0 * conv.tolerance() : conv.tolerance();
}

void ResizeConvDesc::reference(const std::vector<const float*>& inputs, float* output) const {
  std::vector<float> upsampled(static_cast<size_t>(element_count(upsampled_shape())));
  resize_reference(*this, inputs.at(0), upsampled.data());
  conv_reference(conv, upsampled.data(), inputs.at(1), conv.bias ? inputs.at(2) : nullptr, output);
}

void validate(const ResizeConvDesc& desc) {
  if (desc.factor < 1) {
    throw InputError("up", "must be an integer >= 1, got " + std::to_string(desc.factor));
  }
  if (desc.mode != ResizeMode::kNearest && desc.mode != ResizeMode::kBilinear) {
    throw InputError("mode", "must be nearest or bilinear, got enumerator " +
                                 std::to_string(static_cast<int>(desc.mode)));
  }
  const int rank = desc.conv.spatial_rank;
  if (rank < 1 || rank > kMaxSpatialRank) {
    throw InputError("descriptor", "spatial rank must be 1, 2 or 3, got " + std::to_string(rank));
  }
  std::string note;
  for (int i = 0; i < rank; ++i) {
    const std::string field = "i" + dim_letter(rank, i);
    if (desc.conv.in[i] < 1 || desc.conv.in[i] % desc.factor != 0) {
      throw InputError(field, "upsampled size " + std::to_string(desc.conv.in[i]) +
                                  " must be a positive multiple of up " +
                                  std::to_string(desc.factor));
    }
    note += (note.empty() ? "" : ", ") + field + " " + std::to_string(desc.input_size(i)) + " * " +
            std::to_string(desc.factor) + " = " + std::to_string(desc.conv.in[i]);
  }
  try {
    validate(desc.conv);
  } catch (const InputError& e) {
    const std::string& f = e.field();
    const bool spatial = f.size() == 2 && std::string("iokspd").find(f[0]) != std::string::npos &&
                         std::string("dhw").find(f[1]) != std::string::npos;
    if (!spatial) throw;
    throw InputError(f, e.rule() + " (the convolution reads the upsampled input: " + note + ")");
  }
}

void resize_reference(const ResizeConvDesc& desc, const float* input, float* upsampled) {
  validate(desc);
  const ConvDesc& conv = desc.conv;
  const reference::Spatial3d up3 = reference::spatial_3d(conv);
  int64_t small[3] = {1, 1, 1};
  for (int i = 0; i < conv.spatial_rank; ++i) {
    small[kMaxSpatialRank - conv.spatial_rank + i] = desc.input_size(i);
  }
  const reference::ActStrides si = reference::activation_strides(conv.layout, conv.ic, small);
  const reference::ActStrides su = reference::activation_strides(conv.layout, conv.ic, up3.in);
  // Dims absent from the problem have size 1 and factor 1 (u = 0 maps to 0 with weight 0).
  auto source = [&](int dim, int64_t u) {
    return small[dim] == 1 && up3.in[dim] == 1
               ? Source{0, 0, 0.0}
               : source_index(desc.mode, u, small[dim], desc.factor);
  };
  for (int64_t n = 0; n < conv.mb; ++n) {
    for (int64_t c = 0; c < conv.ic; ++c) {
      const float* src = input + n * si.n + c * si.c;
      for (int64_t z = 0; z < up3.in[0]; ++z) {
        const Source sz = source(0, z);
        for (int64_t y = 0; y < up3.in[1]; ++y) {
          const Source sy = source(1, y);
          for (int64_t x = 0; x < up3.in[2]; ++x) {
            const Source sx = source(2, x);
            double value = 0.0;
            for (int corner = 0; corner < 8; ++corner) {
              const bool hz = corner & 4, hy = corner & 2, hx = corner & 1;
              const double weight = (hz ? sz.lambda : 1.0 - sz.lambda) *
                                    (hy ? sy.lambda : 1.0 - sy.lambda) *
                                    (hx ? sx.lambda : 1.0 - sx.lambda);
              if (weight == 0.0) continue;
              value += weight * static_cast<double>(
                                    src[(hz ? sz.i1 : sz.i0) * si.z + (hy ? sy.i1 : sy.i0) * si.y +
                                        (hx ? sx.i1 : sx.i0) * si.x]);
            }
            upsampled[n * su.n + c * su.c + z * su.z + y * su.y + x * su.x] =
                static_cast<float>(value);
          }
        }
      }
    }
  }
}

}  // namespace kf
