// XNNPACK initialisation, thread pools and XnnpackOperator (see xnnpack_common.h).
#include "bench/peers/xnnpack_common.h"

#include <pthreadpool.h>
#include <xnnpack.h>

#include <cstring>
#include <limits>
#include <map>
#include <mutex>

namespace kf::peers {

std::string ensure_xnnpack_initialized() {
  // xnn_initialize is itself idempotent; the static keeps the first outcome and its message.
  static const std::string failure = [] {
    const xnn_status status = xnn_initialize(/*allocator=*/nullptr);
    return status == xnn_status_success ? std::string()
                                        : "xnn_initialize: " + xnnpack_status_name(status);
  }();
  return failure;
}

pthreadpool* xnnpack_threadpool(int threads) {
  struct PoolDeleter {
    void operator()(pthreadpool* pool) const { pthreadpool_destroy(pool); }
  };
  static std::mutex mutex;
  static std::map<int, std::unique_ptr<pthreadpool, PoolDeleter>> pools;
  const std::lock_guard<std::mutex> lock(mutex);
  auto& pool = pools[threads];
  if (!pool) pool.reset(pthreadpool_create(static_cast<size_t>(threads)));
  return pool.get();
}

std::string xnnpack_status_name(int status) {
  switch (status) {
    case xnn_status_success:
      return "success";
    case xnn_status_uninitialized:
      return "uninitialized";
    case xnn_status_invalid_parameter:
      return "invalid parameter";
    case xnn_status_invalid_state:
      return "invalid state";
    case xnn_status_unsupported_parameter:
      return "unsupported parameter";
    case xnn_status_unsupported_hardware:
      return "unsupported hardware";
    case xnn_status_out_of_memory:
      return "out of memory";
    default:
      return "status " + std::to_string(status);
  }
}

std::vector<float> xnnpack_padded_copy(const float* data, size_t elements) {
  const size_t slack = (XNN_EXTRA_BYTES + sizeof(float) - 1) / sizeof(float);
  std::vector<float> copy(elements + slack, 0.0f);
  std::memcpy(copy.data(), data, elements * sizeof(float));
  return copy;
}

XnnpackOperator::XnnpackOperator(xnn_operator* op, pthreadpool* pool, Problem& problem,
                                 std::vector<float> input, std::string implementation)
    : op_(op),
      pool_(pool),
      problem_(&problem),
      input_(std::move(input)),
      implementation_(std::move(implementation)) {}

XnnpackOperator::~XnnpackOperator() { xnn_delete_operator(op_); }

int XnnpackOperator::run() { return static_cast<int>(xnn_run_operator(op_, pool_)); }

double XnnpackOperator::check() {
  problem_->poison_output();
  if (run() != 0) return std::numeric_limits<double>::infinity();
  return problem_->max_error();
}

XnnpackSetup xnnpack_unsupported(std::string why) { return XnnpackSetup{nullptr, std::move(why)}; }

XnnpackSetup xnnpack_finish(int status, const std::string& step, xnn_operator* op,
                            pthreadpool* pool, Problem& problem, std::vector<float> input,
                            std::string implementation) {
  if (status != xnn_status_success) {
    if (op) xnn_delete_operator(op);
    return xnnpack_unsupported(step + " returned " + xnnpack_status_name(status));
  }
  return XnnpackSetup{std::make_unique<XnnpackOperator>(op, pool, problem, std::move(input),
                                                        std::move(implementation)),
                      ""};
}

}  // namespace kf::peers
