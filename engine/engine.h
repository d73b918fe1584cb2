// Engine: KernelForge in-process, for applications that want a tuned kernel for a layer without
// a build step. Give it a descriptor; it returns a callable kernel with the best schedule the
// tuning database has for this CPU and thread count, or the template's hand baseline when the
// database has none. Kernels come from the JIT, through the persistent object cache when one is
// configured, so that a process restart costs milliseconds per kernel.
//
//   auto engine = kf::Engine::create({.database_path = "kforge.db"});
//   auto conv = (*engine)->kernel("conv", "mb1ic64ih56oc64oh56kh3ph1_bia_relu");
//   (*conv)->run({input, weights, bias}, output);   // packs the weights on the first call
//
// Tensors are dense arrays in the descriptor's layout, one pointer per OpDesc::inputs() entry
// (float, or uint8_t where the TensorSpec says u8), and a float output.
#pragma once

#include <llvm/Support/Error.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

#include "dsl/op_desc.h"
#include "jit/op_kernel.h"

namespace kf {

class Database;
class JitSession;
class ObjectCache;

/// How an Engine finds schedules and keeps kernels.
struct EngineOptions {
  /// Tuning database to read schedules from (must exist); empty: baselines only.
  std::string database_path;
  /// Object cache directory; empty: the environment variable KFORGE_CACHE_DIR, or no cache.
  std::string cache_dir;
  /// Threads every kernel runs with (and whose tuning records are used).
  int threads = 1;
};

/// A compiled op bound to its descriptor. run() may be called from several threads at once;
/// prepare() waits for running calls and blocks new ones while it packs.
class EngineKernel {
 public:
  /// What run() returns when the number of pointers does not match the op's inputs.
  static constexpr int kWrongInputCount = -1002;

  /// Holds `session` (the JIT the kernel lives in) as long as the kernel exists.
  EngineKernel(std::shared_ptr<JitSession> session, std::unique_ptr<OpDesc> desc, OpKernel kernel,
               std::string schedule);

  const OpDesc& desc() const { return *desc_; }
  /// Where the schedule came from and what it is, e.g. "tuned (0.081 ms): conv_direct_nhwc v3
  /// {...}" or "baseline: conv_direct_nhwc v3 {...}".
  const std::string& schedule() const { return schedule_; }
  /// True when the op has weight-packing stages (Winograd, sub-pixel transposed conv).
  bool packs_weights() const { return kernel_.needs_prepare(); }

  /// Packs the weights from `inputs` (OpDesc::inputs() order; only the packed ones are read).
  /// run() calls it on first use; call it again when the weights change. Returns 0 or a Halide
  /// error code.
  int prepare(const std::vector<const void*>& inputs);

  /// Computes the op: `inputs` in OpDesc::inputs() order, `output` dense in the output's layout
  /// (any alignment; 64-byte aligned outputs let streaming-store schedules stream). Returns 0,
  /// a Halide error code, or kWrongInputCount.
  int run(const std::vector<const void*>& inputs, float* output);

 private:
  int prepare_locked(const std::vector<const void*>& inputs);

  std::shared_ptr<JitSession> session_;  ///< declared first: destroyed after the kernel
  std::unique_ptr<OpDesc> desc_;
  std::vector<TensorSpec> inputs_;
  TensorSpec output_;
  OpKernel kernel_;
  std::string schedule_;
  std::shared_mutex mutex_;  ///< shared by run(), exclusive for prepare()
  std::atomic<bool> prepared_{false};
};

/// Gives out kernels for descriptors. Thread-safe: kernel() may be called from several threads.
class Engine {
 public:
  /// Starts the JIT for this host, opens the database and the object cache. Errors name what
  /// failed (a missing database file, an unusable cache directory, a bad thread count).
  static llvm::Expected<std::unique_ptr<Engine>> create(const EngineOptions& options);
  ~Engine();

  /// A kernel for `desc`: the database's best schedule for this CPU and thread count, else the
  /// first applicable template's baseline. Each call returns a kernel of its own (its own
  /// packed weights); the code of equal kernels is shared. Errors: no template applies, the
  /// database row is corrupt, Halide rejects the schedule.
  llvm::Expected<std::unique_ptr<EngineKernel>> kernel(const OpDesc& desc);
  /// The same for a descriptor text of `op` (InputError messages become the error's text).
  llvm::Expected<std::unique_ptr<EngineKernel>> kernel(const std::string& op,
                                                       const std::string& descriptor);

  int threads() const { return options_.threads; }
  ObjectCache* object_cache() const;

 private:
  Engine(EngineOptions options, std::shared_ptr<JitSession> session,
         std::unique_ptr<Database> database);

  EngineOptions options_;
  std::shared_ptr<JitSession> session_;
  std::unique_ptr<Database> database_;
  std::mutex mutex_;  ///< one compile at a time in the session
};

}  // namespace kf
