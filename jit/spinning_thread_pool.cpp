// SpinningThreadPool: each thread runs its share of a loop's tasks, then helps with the others';
// idle workers spin, then sleep (see header).
//
// Joining a loop: a worker that sees the generation change announces itself (active_), then
// checks that the loop is still open and still the one it saw. run() closes the loop before it
// waits for active_ to drop to zero, so a worker either backs out or finishes with the loop
// before run() returns and rewrites the loop's fields. These handshakes use sequentially
// consistent atomics (each side writes one flag and reads the other's).
#include "jit/spinning_thread_pool.h"

#include <immintrin.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>

namespace kf {

namespace {

thread_local SpinningThreadPool* current_pool = nullptr;

}  // namespace

SpinningThreadPool::Use::Use(SpinningThreadPool* pool) : previous_(current_pool) {
  current_pool = pool;
}

SpinningThreadPool::Use::~Use() { current_pool = previous_; }

SpinningThreadPool::SpinningThreadPool(double spin_seconds)
    : spin_seconds_(spin_seconds),
      threads_(static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))) {
  busy_.clear();
}

SpinningThreadPool::~SpinningThreadPool() { stop_workers(); }

void SpinningThreadPool::set_threads(int threads) {
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (threads == threads_) return;
  stop_workers();
  threads_ = threads;
}

void SpinningThreadPool::stop_workers() {
  if (workers_.empty()) return;
  if (workers_pid_ == getpid()) {
    {
      std::lock_guard<std::mutex> lock(sleep_mutex_);
      stop_.store(true);
    }
    wake_up_.notify_all();
    for (std::thread& worker : workers_) worker.join();
  } else {
    // A forked child holds handles of threads that exist only in its parent.
    for (std::thread& worker : workers_) worker.detach();
  }
  workers_.clear();
  stop_.store(false);
}

void SpinningThreadPool::start_workers() {
  if (static_cast<int>(workers_.size()) == threads_ - 1 && workers_pid_ == getpid()) return;
  stop_workers();
  workers_pid_ = getpid();
  shares_ = std::vector<Share>(threads_);
  const uint64_t generation = generation_.load();
  for (int i = 1; i < threads_; ++i) {
    workers_.emplace_back([this, i, generation] { worker_loop(i, generation); });
  }
}

int SpinningThreadPool::run_serially(void* user_context, halide_task_t task, int min, int size,
                                     uint8_t* closure) {
  int error = 0;
  for (int i = min; i < min + size; ++i) {
    const int result = task(user_context, i, closure);
    if (result != 0 && error == 0) error = result;
  }
  return error;
}

int SpinningThreadPool::do_par_for(void* user_context, halide_task_t task, int min, int size,
                                   uint8_t* closure) {
  if (current_pool) return current_pool->run(user_context, task, min, size, closure);
  return run_serially(user_context, task, min, size, closure);
}

int SpinningThreadPool::run(void* user_context, halide_task_t task, int min, int size,
                            uint8_t* closure) {
  if (size <= 1 || threads_ <= 1 || busy_.test_and_set(std::memory_order_acquire)) {
    return run_serially(user_context, task, min, size, closure);
  }
  start_workers();
  user_context_ = user_context;
  task_ = task;
  closure_ = closure;
  for (int t = 0; t < threads_; ++t) {
    shares_[t].next.store(min + static_cast<int>(int64_t{size} * t / threads_));
    shares_[t].end = min + static_cast<int>(int64_t{size} * (t + 1) / threads_);
  }
  pending_.store(size);
  error_.store(0);
  loop_open_.store(true);
  generation_.fetch_add(1);
  if (sleepers_.load() > 0) {
    std::lock_guard<std::mutex> lock(sleep_mutex_);
    wake_up_.notify_all();
  }
  work_on_loop(0);
  while (pending_.load() > 0) _mm_pause();
  loop_open_.store(false);
  while (active_.load() > 0) _mm_pause();
  const int error = error_.load();
  busy_.clear(std::memory_order_release);
  return error;
}

void SpinningThreadPool::work_on_loop(int thread_index) {
  const int threads = static_cast<int>(shares_.size());
  for (int k = 0; k < threads; ++k) {
    Share& share = shares_[(thread_index + k) % threads];
    for (int i = share.next.fetch_add(1); i < share.end; i = share.next.fetch_add(1)) {
      const int result = task_(user_context_, i, closure_);
      if (result != 0) {
        int expected = 0;
        error_.compare_exchange_strong(expected, result);
      }
      pending_.fetch_sub(1);
    }
  }
}

void SpinningThreadPool::worker_loop(int thread_index, uint64_t seen_generation) {
  using Clock = std::chrono::steady_clock;
  const auto spin =
      std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(spin_seconds_));
  while (true) {
    // Spin until a loop opens; past the spin time, sleep until one does.
    auto idle_since = Clock::now();
    for (int polls = 0; generation_.load() == seen_generation && !stop_.load(); ++polls) {
      _mm_pause();
      if (polls % 64 != 63 || Clock::now() - idle_since < spin) continue;
      std::unique_lock<std::mutex> lock(sleep_mutex_);
      sleepers_.fetch_add(1);
      wake_up_.wait(lock, [&] { return generation_.load() != seen_generation || stop_.load(); });
      sleepers_.fetch_sub(1);
    }
    if (stop_.load()) return;
    seen_generation = generation_.load();
    active_.fetch_add(1);
    if (loop_open_.load() && generation_.load() == seen_generation) work_on_loop(thread_index);
    active_.fetch_sub(1);
  }
}

}  // namespace kf
