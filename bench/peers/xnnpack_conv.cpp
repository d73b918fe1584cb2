// create_xnnpack_peer(ConvDesc) and time_xnnpack_conv: XNNPACK's NHWC convolution on a
// kf::Problem (semantics and their mapping in xnnpack_conv.h).
#include "bench/peers/xnnpack_conv.h"

#include <xnnpack.h>

#include <algorithm>
#include <limits>

namespace kf::peers {

namespace {

/// The 2D view XNNPACK sees: 1D workloads get H = 1.
struct Conv2dView {
  int64_t in_h, in_w, out_h, out_w, k_h, k_w, stride_h, stride_w, dilation_h, dilation_w;
  int64_t pad_top, pad_left, pad_bottom, pad_right;  ///< pad_end clamped at 0 (see header)
};

Conv2dView view_2d(const ConvDesc& desc) {
  const int w = desc.spatial_rank - 1;  // index of W in the spatial arrays
  const bool has_h = desc.spatial_rank == 2;
  auto h_or = [&](const std::array<int64_t, kMaxSpatialRank>& values, int64_t fallback) {
    return has_h ? values[0] : fallback;
  };
  return Conv2dView{h_or(desc.in, 1),
                    desc.in[w],
                    h_or(desc.out, 1),
                    desc.out[w],
                    h_or(desc.kernel, 1),
                    desc.kernel[w],
                    h_or(desc.stride, 1),
                    desc.stride[w],
                    h_or(desc.dilation, 1),
                    desc.dilation[w],
                    h_or(desc.pad_begin, 0),
                    desc.pad_begin[w],
                    std::max<int64_t>(h_or(desc.pad_end, 0), 0),
                    std::max<int64_t>(desc.pad_end[w], 0)};
}

/// XNNPACK's output size along one dim: floor((padded - dilated_kernel) / stride) + 1.
int64_t xnnpack_output_size(int64_t in, int64_t pad_total, int64_t kernel, int64_t dilation,
                            int64_t stride) {
  const int64_t padded = in + pad_total;
  const int64_t extent = (kernel - 1) * dilation + 1;
  return padded < extent ? 0 : (padded - extent) / stride + 1;
}

/// [k...][ic/g][oc] (HWIO / WIO) -> XNNPACK's [g][oc/g][kh][kw][ic/g]: with the output channel
/// index oc = g * oc/g + o unchanged, it is a transpose [K][icg][oc] -> [oc][K][icg].
std::vector<float> to_xnnpack_weights(const ConvDesc& desc, const float* hwio) {
  const int64_t taps = desc.weight_elements() / (desc.oc * (desc.ic / desc.groups));
  const int64_t icg = desc.ic / desc.groups;
  std::vector<float> ohwi(static_cast<size_t>(desc.weight_elements()));
  for (int64_t k = 0; k < taps; ++k) {
    for (int64_t i = 0; i < icg; ++i) {
      for (int64_t o = 0; o < desc.oc; ++o) {
        ohwi[(o * taps + k) * icg + i] = hwio[(k * icg + i) * desc.oc + o];
      }
    }
  }
  return ohwi;
}

}  // namespace

std::optional<std::string> xnnpack_conv_unsupported(const ConvDesc& desc) {
  if (desc.spatial_rank == 3) return std::string("XNNPACK has no 3D convolution");
  if (desc.layout != Layout::kNHWC) {
    return std::string(
        "XNNPACK convolution is NHWC-only; NCHW would need activation transposes in the timed "
        "call, which this peer does not add");
  }
  const std::string weights = desc.inputs().at(1).layout;
  if (weights != "HWIO" && weights != "WIO") {
    return "weights layout " + weights + " has no conversion to XNNPACK's [g][o][kh][kw][i]";
  }
  const Conv2dView v = view_2d(desc);
  if (xnnpack_output_size(v.in_h, v.pad_top + v.pad_bottom, v.k_h, v.dilation_h, v.stride_h) !=
          v.out_h ||
      xnnpack_output_size(v.in_w, v.pad_left + v.pad_right, v.k_w, v.dilation_w, v.stride_w) !=
          v.out_w) {
    return std::string("XNNPACK's output size differs from the descriptor's");
  }
  return std::nullopt;
}

XnnpackSetup create_xnnpack_peer(const ConvDesc& desc, Problem& problem, int threads) {
  if (auto why = xnnpack_conv_unsupported(desc)) return xnnpack_unsupported(*why);
  if (std::string failure = ensure_xnnpack_initialized(); !failure.empty()) {
    return xnnpack_unsupported(failure);
  }
  const std::vector<halide_buffer_t*> buffers = problem.buffers();
  const std::vector<float> weights =
      to_xnnpack_weights(desc, reinterpret_cast<const float*>(buffers[1]->host));
  const float* bias = desc.bias ? reinterpret_cast<const float*>(buffers[2]->host) : nullptr;
  float output_min = -std::numeric_limits<float>::infinity();
  float output_max = std::numeric_limits<float>::infinity();
  if (desc.activation == Activation::kRelu) output_min = 0.0f;
  if (desc.activation == Activation::kClamp) {
    output_min = desc.clamp_min;
    output_max = desc.clamp_max;
  }
  std::vector<float> input = xnnpack_padded_copy(reinterpret_cast<const float*>(buffers[0]->host),
                                                 static_cast<size_t>(desc.input_elements()));
  float* output = reinterpret_cast<float*>(buffers.back()->host);
  pthreadpool* pool = xnnpack_threadpool(threads);

  const Conv2dView v = view_2d(desc);
  const auto u32 = [](int64_t value) { return static_cast<uint32_t>(value); };
  xnn_operator_t op = nullptr;
  std::string step = "xnn_create_convolution2d_nhwc_f32";
  xnn_status status = xnn_create_convolution2d_nhwc_f32(
      u32(v.pad_top), u32(v.pad_right), u32(v.pad_bottom), u32(v.pad_left), u32(v.k_h), u32(v.k_w),
      u32(v.stride_h), u32(v.stride_w), u32(v.dilation_h), u32(v.dilation_w), u32(desc.groups),
      static_cast<size_t>(desc.ic / desc.groups), static_cast<size_t>(desc.oc / desc.groups),
      /*input_channel_stride=*/static_cast<size_t>(desc.ic),
      /*output_channel_stride=*/static_cast<size_t>(desc.oc), weights.data(), bias, output_min,
      output_max, /*flags=*/0, &op);
  if (status == xnn_status_success) {
    step = "xnn_setup_convolution2d_nhwc_f32";
    status = xnn_setup_convolution2d_nhwc_f32(
        op, static_cast<size_t>(desc.mb), static_cast<size_t>(v.in_h), static_cast<size_t>(v.in_w),
        input.data(), output, pool);
  }
  return xnnpack_finish(status, step, op, pool, problem, std::move(input),
                        "xnnpack:convolution2d_nhwc_f32");
}

std::optional<PeerTiming> time_xnnpack_conv(const ConvDesc& desc, int threads,
                                            const MeasureOptions& options,
                                            std::string* unsupported) {
  Problem problem(desc);
  XnnpackSetup setup = create_xnnpack_peer(desc, problem, threads);
  if (unsupported) *unsupported = setup.unsupported;
  return check_and_measure(setup.peer, options);
}

}  // namespace kf::peers
