// SpinningThreadPool: the worker threads that run the parallel loops of JIT-compiled kernels.
//
// Halide 14's own thread pool puts a worker to sleep on a condition variable a few
// microseconds after its last task. Waking it again costs a futex wake-up and, on a virtual
// machine whose idle vCPU halts, an inter-processor interrupt: about 21 us for a round trip on
// this machine's 2-vCPU VM, against 0.5 us for a worker that is still spinning (bench/
// RESULTS.md). A 2-thread depthwise layer that computes in 7 us then takes 14-22 us, and which
// of the two a measurement sees depends on whether the other vCPU happened to be awake. Like
// an OpenMP runtime (which oneDNN uses), this pool keeps its workers spinning for a while
// (`spin_seconds`) after each loop, so that back-to-back kernels and the loops inside one
// kernel do not pay for a wake-up; after that they sleep and cost nothing.
//
// JitSession installs SpinningThreadPool::do_par_for as its Halide runtime's do_par_for, and
// each Kernel runs inside a SpinningThreadPool::Use of its session's pool. A parallel loop
// started outside a Use (on a worker, for a loop nested in a task) or while the pool runs
// another loop runs serially on the calling thread.
//
// The same code runs the loops of emitted libraries (jit/emitted_thread_pool.cpp), which C
// programs link with -lpthread only: the pool is written on POSIX threads and fixed arrays, and
// needs nothing from the C++ library beyond its headers (no exceptions, no allocation).
#pragma once

#include <pthread.h>
#include <sys/types.h>

#include <atomic>
#include <cstdint>

#include "HalideRuntime.h"

namespace kf {

class SpinningThreadPool {
 public:
  /// How long an idle worker spins before it sleeps (a little longer than one kernel of a
  /// ResNet-50 or MobileNet layer, and the gap between back-to-back layers).
  static constexpr double kDefaultSpinSeconds = 500e-6;

  explicit SpinningThreadPool(double spin_seconds = kDefaultSpinSeconds);
  /// Joins the workers.
  ~SpinningThreadPool();
  SpinningThreadPool(const SpinningThreadPool&) = delete;
  SpinningThreadPool& operator=(const SpinningThreadPool&) = delete;

  /// Most threads a loop runs on (as Halide's own pool).
  static constexpr int kMaxThreads = 256;

  /// Threads that run a loop, the calling thread included (0, and the default: one per
  /// hardware thread; at most kMaxThreads). The workers start at the next loop. Not to be
  /// called while a loop runs.
  void set_threads(int threads);
  int threads() const { return threads_; }

  /// Joins the workers (the next loop starts them again). Call it before fork(): threads do
  /// not survive into the child.
  void stop_workers();

  /// Workers currently started (threads() - 1 after a parallel loop, 0 after stop_workers).
  int workers() const { return worker_count_; }

  /// Runs task(user_context, i, closure) for i in [min, min + size), on the calling thread
  /// and the workers, and returns when all have returned: 0, or the non-zero code of one of
  /// the tasks that failed (every task still runs).
  int run(void* user_context, halide_task_t task, int min, int size, uint8_t* closure);

  /// The do_par_for handler for Halide's runtime: run() on the pool the calling thread uses,
  /// else a serial loop.
  static int do_par_for(void* user_context, halide_task_t task, int min, int size,
                        uint8_t* closure);

  /// Makes `pool` (may be null) the calling thread's pool until the Use goes out of scope.
  class Use {
   public:
    explicit Use(SpinningThreadPool* pool);
    ~Use();
    Use(const Use&) = delete;
    Use& operator=(const Use&) = delete;

   private:
    SpinningThreadPool* previous_;
  };

 private:
  static int run_serially(void* user_context, halide_task_t task, int min, int size,
                          uint8_t* closure);
  static void* worker_main(void* start);
  void start_workers();
  void worker_loop(int thread_index, uint64_t seen_generation);
  /// Runs the tasks of thread `thread_index`'s share of the open loop, then takes the tasks
  /// left in the other shares, until none is left.
  void work_on_loop(int thread_index);

  const double spin_seconds_;
  int threads_;  ///< one per hardware thread until set_threads
  /// What worker_main needs to start worker t (1 <= t < threads_).
  struct WorkerStart {
    SpinningThreadPool* pool = nullptr;
    int thread_index = 0;
    uint64_t generation = 0;
  };
  WorkerStart starts_[kMaxThreads];
  pthread_t workers_[kMaxThreads];
  int worker_count_ = 0;
  pid_t workers_pid_ = 0;  ///< the process that started the workers
  std::atomic_flag busy_;  ///< a loop is running (a nested or concurrent one runs serially)

  // The open loop. Written by run() only while no worker is inside it (active_ == 0 and
  // loop_open_ false); workers read it after joining through the generation and loop_open_.
  void* user_context_ = nullptr;
  halide_task_t task_ = nullptr;
  uint8_t* closure_ = nullptr;
  /// Thread t's share of the loop: the same contiguous range of tasks at every loop of that
  /// size (as OpenMP's static schedule), so the data a task touches stays in that thread's
  /// cache from one call to the next. A thread that finishes its share takes what is left of
  /// the others'.
  struct alignas(64) Share {
    std::atomic<int> next{0};  ///< next task to claim
    int end = 0;
    int chunk = 1;  ///< tasks claimed at a time (an eighth of the share)
  };
  Share shares_[kMaxThreads];
  std::atomic<int> pending_{0};  ///< tasks not finished
  std::atomic<int> error_{0};    ///< first non-zero task result
  std::atomic<bool> loop_open_{false};
  std::atomic<int> active_{0};           ///< workers inside the open loop
  std::atomic<uint64_t> generation_{0};  ///< bumped when a loop opens

  pthread_mutex_t sleep_mutex_ = PTHREAD_MUTEX_INITIALIZER;
  pthread_cond_t wake_up_ = PTHREAD_COND_INITIALIZER;
  std::atomic<int> sleepers_{0};
  std::atomic<bool> stop_{false};
};

}  // namespace kf
