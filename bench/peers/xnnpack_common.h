// What every XNNPACK peer shares: library initialisation (once per process), one pthreadpool per
// thread count, and XnnpackOperator, an XNNPACK operator bound to a kf::Problem's tensors with
// the same check() / run() / implementation() shape as the oneDNN peers, so that
// check_and_measure() and PeerTiming (bench/peers/onednn_common.h) serve both libraries.
//
// XNNPACK (Debian libxnnpack 0.0~git20220216) is an operator library: create_*() packs the
// weights (and bias) into its own memory once, setup_*() binds the tensors and thread pool, and
// xnn_run_operator() computes. The peers do create and setup once, outside any timed call, as an
// XNNPACK user does for inference; only xnn_run_operator() is timed.
//
// Buffers: XNNPACK's micro-kernels may read up to XNN_EXTRA_BYTES (16) past the end of an input
// tensor. The peers therefore run on a private copy of the Problem's input with that much slack
// (same values, same layout) and write straight into the Problem's output buffer.
//
// Threading: pthreadpool, not OpenMP; a pool of `threads` threads is created on first use and
// kept for the process (pools with 1 thread run on the caller's thread).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "autotune/problem.h"
#include "bench/peers/onednn_common.h"

// XNNPACK's and pthreadpool's handle types, without pulling their C headers into users.
struct xnn_operator;
struct pthreadpool;

namespace kf::peers {

/// Initialises XNNPACK once per process (later calls are free). Returns an empty string on
/// success, else why XNNPACK cannot run here (e.g. "xnn_initialize: unsupported hardware").
std::string ensure_xnnpack_initialized();

/// The process-lifetime pthreadpool with `threads` threads (created on first request).
pthreadpool* xnnpack_threadpool(int threads);

/// Readable name of an xnn_status value, e.g. "unsupported parameter".
std::string xnnpack_status_name(int status);

/// An input tensor's values copied into memory with XNN_EXTRA_BYTES of readable slack behind
/// the last element, as XNNPACK's input contract asks.
std::vector<float> xnnpack_padded_copy(const float* data, size_t elements);

/// An XNNPACK operator that has been created and set up on a Problem's tensors: run() only
/// executes it. Owns the operator (deleted with this object) and the padded input copy it reads.
/// The Problem must outlive this object.
class XnnpackOperator {
 public:
  /// Takes ownership of `op`, already set up to read `input` and write `problem`'s output with
  /// `pool`. `implementation` names the XNNPACK operator, e.g. "xnnpack:convolution2d_nhwc_f32".
  XnnpackOperator(xnn_operator* op, pthreadpool* pool, Problem& problem, std::vector<float> input,
                  std::string implementation);
  ~XnnpackOperator();
  XnnpackOperator(const XnnpackOperator&) = delete;
  XnnpackOperator& operator=(const XnnpackOperator&) = delete;

  /// Executes the operator once on its pool. Returns 0, or XNNPACK's non-zero xnn_status.
  int run();

  /// Poisons the Problem's output, runs once and returns Problem::max_error() (infinity when
  /// run() fails).
  double check();

  const std::string& implementation() const { return implementation_; }

 private:
  xnn_operator* op_;
  pthreadpool* pool_;
  Problem* problem_;
  std::vector<float> input_;
  std::string implementation_;
};

/// What creating an XNNPACK peer produced: the bound operator, or (when `peer` is null) why
/// XNNPACK cannot compute the workload.
struct XnnpackSetup {
  std::unique_ptr<XnnpackOperator> peer;
  std::string unsupported;  ///< non-empty exactly when peer is null
};

/// An XnnpackSetup without an operator, for the reason `why`.
XnnpackSetup xnnpack_unsupported(std::string why);

/// Finishes a peer's creation: when `status` (of the create_*() or setup_*() call named `step`)
/// is not success, deletes `op` (if any) and returns the failure as the unsupported reason;
/// else wraps `op` in an XnnpackOperator.
XnnpackSetup xnnpack_finish(int status, const std::string& step, xnn_operator* op,
                            pthreadpool* pool, Problem& problem, std::vector<float> input,
                            std::string implementation);

}  // namespace kf::peers
