// create_xnnpack_peer(SoftmaxDesc) and time_xnnpack_softmax: XNNPACK's row softmax on a
// kf::Problem (mapping in xnnpack_softmax.h).
#include "bench/peers/xnnpack_softmax.h"

#include <xnnpack.h>

namespace kf::peers {

std::optional<std::string> xnnpack_softmax_unsupported(const SoftmaxDesc& desc) {
  const std::vector<int64_t> shape = desc.physical_shape();
  int64_t inner = 1;
  for (size_t i = static_cast<size_t>(desc.physical_dim(desc.axis)) + 1; i < shape.size(); ++i) {
    inner *= shape[i];
  }
  if (inner != 1) {
    return "XNNPACK softmax runs over the innermost axis only; in this layout axis " +
           std::to_string(desc.axis) + " has dims of " + std::to_string(inner) +
           " elements inside it (a transpose would be needed)";
  }
  return std::nullopt;
}

XnnpackSetup create_xnnpack_peer(const SoftmaxDesc& desc, Problem& problem, int threads) {
  if (auto why = xnnpack_softmax_unsupported(desc)) return xnnpack_unsupported(*why);
  if (std::string failure = ensure_xnnpack_initialized(); !failure.empty()) {
    return xnnpack_unsupported(failure);
  }
  const std::vector<halide_buffer_t*> buffers = problem.buffers();
  const int64_t elements = element_count(desc.dims);
  const size_t channels = static_cast<size_t>(desc.axis_size());
  const size_t rows = static_cast<size_t>(elements) / channels;
  std::vector<float> input = xnnpack_padded_copy(reinterpret_cast<const float*>(buffers[0]->host),
                                                 static_cast<size_t>(elements));
  float* output = reinterpret_cast<float*>(buffers.back()->host);
  pthreadpool* pool = xnnpack_threadpool(threads);

  xnn_operator_t op = nullptr;
  std::string step = "xnn_create_softmax_nc_f32";
  xnn_status status = xnn_create_softmax_nc_f32(channels, /*input_stride=*/channels,
                                                /*output_stride=*/channels, /*flags=*/0, &op);
  if (status == xnn_status_success) {
    step = "xnn_setup_softmax_nc_f32";
    status = xnn_setup_softmax_nc_f32(op, rows, input.data(), output, pool);
  }
  return xnnpack_finish(status, step, op, pool, problem, std::move(input),
                        "xnnpack:softmax_nc_f32");
}

std::optional<PeerTiming> time_xnnpack_softmax(const SoftmaxDesc& desc, int threads,
                                               const MeasureOptions& options,
                                               std::string* unsupported) {
  Problem problem(desc);
  XnnpackSetup setup = create_xnnpack_peer(desc, problem, threads);
  if (unsupported) *unsupported = setup.unsupported;
  return check_and_measure(setup.peer, options);
}

}  // namespace kf::peers
