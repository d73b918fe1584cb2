// create_xnnpack_peer(DeconvDesc) and time_xnnpack_deconv: XNNPACK's NHWC transposed
// convolution on a kf::Problem (semantics and their mapping in xnnpack_deconv.h).
#include "bench/peers/xnnpack_deconv.h"

#include <xnnpack.h>

#include <algorithm>
#include <limits>

namespace kf::peers {

namespace {

/// One spatial dim as XNNPACK sees it.
struct DeconvDim {
  int64_t in = 1, out = 1, kernel = 1, stride = 1, dilation = 1;
  int64_t pad_begin = 0, pad_end = 0;  ///< pad_end clamped at 0
  int64_t adjustment = 0;              ///< -pad_end when pad_end < 0
};

/// Spatial dim `which` (0 = H, 1 = W) of the 2D view; 1D workloads get H = 1.
DeconvDim dim_2d(const DeconvDesc& desc, int which) {
  if (desc.spatial_rank == 1 && which == 0) return DeconvDim{};
  const int i = desc.spatial_rank == 1 ? 0 : which;
  DeconvDim d;
  d.in = desc.in[i];
  d.out = desc.out[i];
  d.kernel = desc.kernel[i];
  d.stride = desc.stride[i];
  d.dilation = desc.dilation[i];
  d.pad_begin = desc.pad_begin[i];
  d.pad_end = std::max<int64_t>(desc.pad_end[i], 0);
  d.adjustment = std::max<int64_t>(-desc.pad_end[i], 0);
  return d;
}

int64_t xnnpack_output_size(const DeconvDim& d) {
  return d.stride * (d.in - 1) + d.adjustment + (d.kernel - 1) * d.dilation + 1 - d.pad_begin -
         d.pad_end;
}

/// The user's weights -> XNNPACK's [g][oc/g][k][ic/g], where k runs over kh * kw taps.
std::vector<float> to_xnnpack_weights(const DeconvDesc& desc, const float* user) {
  const int64_t g_count = desc.groups;
  const int64_t icg = desc.ic / g_count;
  const int64_t ocg = desc.oc / g_count;
  int64_t taps = 1;
  for (int i = 0; i < desc.spatial_rank; ++i) taps *= desc.kernel[i];
  std::vector<float> goki(static_cast<size_t>(desc.ic * ocg * taps));
  for (int64_t g = 0; g < g_count; ++g) {
    for (int64_t o = 0; o < ocg; ++o) {
      for (int64_t k = 0; k < taps; ++k) {
        for (int64_t i = 0; i < icg; ++i) {
          const int64_t from =
              desc.weights == DeconvWeights::kPyTorch
                  ? ((g * icg + i) * ocg + o) * taps + k                  // [ic][oc/g][k...]
                  : (k * desc.oc + g * ocg + o) * desc.ic + g * icg + i;  // [k...][oc][ic]
          goki[((g * ocg + o) * taps + k) * icg + i] = user[from];
        }
      }
    }
  }
  return goki;
}

}  // namespace

std::optional<std::string> xnnpack_deconv_unsupported(const DeconvDesc& desc) {
  if (desc.spatial_rank == 3) return std::string("XNNPACK has no 3D deconvolution");
  if (desc.layout != Layout::kNHWC) {
    return std::string(
        "XNNPACK deconvolution is NHWC-only; NCHW would need activation transposes in the timed "
        "call, which this peer does not add");
  }
  if (desc.weights == DeconvWeights::kTensorFlow && desc.groups != 1) {
    return std::string("TensorFlow weights with groups > 1 have no defined layout");
  }
  for (int which : {0, 1}) {
    const DeconvDim d = dim_2d(desc, which);
    if (xnnpack_output_size(d) != d.out) {
      return std::string("XNNPACK's output size differs from the descriptor's");
    }
  }
  return std::nullopt;
}

XnnpackSetup create_xnnpack_peer(const DeconvDesc& desc, Problem& problem, int threads) {
  if (auto why = xnnpack_deconv_unsupported(desc)) return xnnpack_unsupported(*why);
  if (std::string failure = ensure_xnnpack_initialized(); !failure.empty()) {
    return xnnpack_unsupported(failure);
  }
  const std::vector<halide_buffer_t*> buffers = problem.buffers();
  const std::vector<float> weights =
      to_xnnpack_weights(desc, reinterpret_cast<const float*>(buffers[1]->host));
  const float* bias = desc.bias ? reinterpret_cast<const float*>(buffers[2]->host) : nullptr;
  const float output_min = desc.relu ? 0.0f : -std::numeric_limits<float>::infinity();
  const float output_max = std::numeric_limits<float>::infinity();
  std::vector<float> input =
      xnnpack_padded_copy(reinterpret_cast<const float*>(buffers[0]->host),
                          static_cast<size_t>(element_count(desc.input_shape())));
  float* output = reinterpret_cast<float*>(buffers.back()->host);
  pthreadpool* pool = xnnpack_threadpool(threads);

  const DeconvDim h = dim_2d(desc, 0);
  const DeconvDim w = dim_2d(desc, 1);
  const auto u32 = [](int64_t value) { return static_cast<uint32_t>(value); };
  xnn_operator_t op = nullptr;
  std::string step = "xnn_create_deconvolution2d_nhwc_f32";
  xnn_status status = xnn_create_deconvolution2d_nhwc_f32(
      u32(h.pad_begin), u32(w.pad_end), u32(h.pad_end), u32(w.pad_begin), u32(h.kernel),
      u32(w.kernel), u32(h.stride), u32(w.stride), u32(h.dilation), u32(w.dilation),
      u32(desc.groups), static_cast<size_t>(desc.ic / desc.groups),
      static_cast<size_t>(desc.oc / desc.groups),
      /*input_pixel_stride=*/static_cast<size_t>(desc.ic),
      /*output_pixel_stride=*/static_cast<size_t>(desc.oc), weights.data(), bias, output_min,
      output_max, /*flags=*/0, &op);
  if (status == xnn_status_success) {
    step = "xnn_setup_deconvolution2d_nhwc_f32";
    status = xnn_setup_deconvolution2d_nhwc_f32(
        op, static_cast<size_t>(desc.mb), static_cast<size_t>(h.in), static_cast<size_t>(w.in),
        u32(h.adjustment), u32(w.adjustment), input.data(), output, pool);
  }
  return xnnpack_finish(status, step, op, pool, problem, std::move(input),
                        "xnnpack:deconvolution2d_nhwc_f32");
}

std::optional<PeerTiming> time_xnnpack_deconv(const DeconvDesc& desc, int threads,
                                              const MeasureOptions& options,
                                              std::string* unsupported) {
  Problem problem(desc);
  XnnpackSetup setup = create_xnnpack_peer(desc, problem, threads);
  if (unsupported) *unsupported = setup.unsupported;
  return check_and_measure(setup.peer, options);
}

}  // namespace kf::peers
