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
#include <time.h>
#include <unistd.h>

#include <algorithm>

namespace kf {

namespace {

thread_local SpinningThreadPool* current_pool = nullptr;

int hardware_threads() {
  const long online = sysconf(_SC_NPROCESSORS_ONLN);
  return static_cast<int>(std::clamp<long>(online, 1, SpinningThreadPool::kMaxThreads));
}

double monotonic_seconds() {
  timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

// Holds a pthread mutex for a scope.
class MutexLock {
 public:
  explicit MutexLock(pthread_mutex_t* mutex) : mutex_(mutex) { pthread_mutex_lock(mutex_); }
  ~MutexLock() { pthread_mutex_unlock(mutex_); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  pthread_mutex_t* mutex_;
};

}  // namespace

SpinningThreadPool::Use::Use(SpinningThreadPool* pool) : previous_(current_pool) {
  current_pool = pool;
}

SpinningThreadPool::Use::~Use() { current_pool = previous_; }

SpinningThreadPool::SpinningThreadPool(double spin_seconds)
    : spin_seconds_(spin_seconds), threads_(hardware_threads()) {
  busy_.clear();
}

SpinningThreadPool::~SpinningThreadPool() {
  stop_workers();
  pthread_cond_destroy(&wake_up_);
  pthread_mutex_destroy(&sleep_mutex_);
}

void SpinningThreadPool::set_threads(int threads) {
  threads = threads <= 0 ? hardware_threads() : std::min(threads, kMaxThreads);
  if (threads == threads_) return;
  stop_workers();
  threads_ = threads;
}

void SpinningThreadPool::stop_workers() {
  if (worker_count_ == 0) return;
  if (workers_pid_ == getpid()) {
    {
      MutexLock lock(&sleep_mutex_);
      stop_.store(true);
    }
    pthread_cond_broadcast(&wake_up_);
    for (int i = 0; i < worker_count_; ++i) pthread_join(workers_[i], nullptr);
  } else {
    // A forked child holds handles of threads that exist only in its parent: it forgets them,
    // and their state, including a mutex one of them may have held at the fork.
    pthread_mutex_init(&sleep_mutex_, nullptr);
    pthread_cond_init(&wake_up_, nullptr);
    sleepers_.store(0);
    active_.store(0);
  }
  worker_count_ = 0;
  stop_.store(false);
}

void* SpinningThreadPool::worker_main(void* start) {
  const WorkerStart& worker = *static_cast<const WorkerStart*>(start);
  worker.pool->worker_loop(worker.thread_index, worker.generation);
  return nullptr;
}

void SpinningThreadPool::start_workers() {
  if (worker_count_ == threads_ - 1 && workers_pid_ == getpid()) return;
  stop_workers();
  workers_pid_ = getpid();
  for (int t = 0; t < threads_; ++t) {
    shares_[t].next.store(0);
    shares_[t].end = 0;
    shares_[t].chunk = 1;
  }
  const uint64_t generation = generation_.load();
  for (int i = 1; i < threads_; ++i) {
    starts_[i] = WorkerStart{this, i, generation};
    // A worker that cannot be created leaves its share to the others (work_on_loop steals).
    if (pthread_create(&workers_[worker_count_], nullptr, &worker_main, &starts_[i]) != 0) break;
    ++worker_count_;
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
    const int begin = min + static_cast<int>(int64_t{size} * t / threads_);
    shares_[t].end = min + static_cast<int>(int64_t{size} * (t + 1) / threads_);
    shares_[t].chunk = std::max(1, (shares_[t].end - begin) / 8);
    shares_[t].next.store(begin);
  }
  pending_.store(size);
  error_.store(0);
  loop_open_.store(true);
  generation_.fetch_add(1);
  if (sleepers_.load() > 0) {
    MutexLock lock(&sleep_mutex_);
    pthread_cond_broadcast(&wake_up_);
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
  // Tasks are claimed a chunk at a time, an eighth of a share: a loop of many small tasks (a
  // padded copy has one per row) would otherwise pass a share's cache line between the cores at
  // every task once a thread helps with another's share. The finished tasks are taken off
  // pending_ once, for the same reason.
  const int threads = threads_;
  int finished = 0;
  for (int k = 0; k < threads; ++k) {
    Share& share = shares_[(thread_index + k) % threads];
    const int chunk = share.chunk;
    for (int first = share.next.fetch_add(chunk); first < share.end;
         first = share.next.fetch_add(chunk)) {
      const int last = std::min(first + chunk, share.end);
      for (int i = first; i < last; ++i) {
        const int result = task_(user_context_, i, closure_);
        if (result != 0) {
          int expected = 0;
          error_.compare_exchange_strong(expected, result);
        }
      }
      finished += last - first;
    }
  }
  if (finished > 0) pending_.fetch_sub(finished);
}

void SpinningThreadPool::worker_loop(int thread_index, uint64_t seen_generation) {
  while (true) {
    // Spin until a loop opens; past the spin time, sleep until one does.
    const double idle_since = monotonic_seconds();
    for (int polls = 0; generation_.load() == seen_generation && !stop_.load(); ++polls) {
      _mm_pause();
      if (polls % 64 != 63 || monotonic_seconds() - idle_since < spin_seconds_) continue;
      MutexLock lock(&sleep_mutex_);
      sleepers_.fetch_add(1);
      while (generation_.load() == seen_generation && !stop_.load()) {
        pthread_cond_wait(&wake_up_, &sleep_mutex_);
      }
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
