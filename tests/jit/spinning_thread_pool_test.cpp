// SpinningThreadPool: every task of a loop runs exactly once with its own index, at any thread
// count and loop size; a failing task's code comes back while the others still run; loops
// nested in a task, or started by a second caller while one runs, run serially and complete;
// workers that went to sleep wake up for the next loop; stopped workers start again, also in a
// forked child; and Halide's do_par_for handler uses the calling thread's pool.
#include "jit/spinning_thread_pool.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace kf {
namespace spinning_thread_pool_test {

// A loop's closure: how many times each task index ran, and which code task `fail_at` returns.
struct Counts {
  explicit Counts(int size) : runs(size) {}
  std::vector<std::atomic<int>> runs;
  int min = 0;
  int fail_at = -1;
  int failure_code = 0;
};

int count_task(void*, int index, uint8_t* closure) {
  auto* counts = reinterpret_cast<Counts*>(closure);
  counts->runs[index - counts->min].fetch_add(1);
  // A little work, so that the workers take part in short loops too.
  volatile double sink = 0;
  for (int i = 0; i < 2000; ++i) sink = sink + i;
  return index == counts->fail_at ? counts->failure_code : 0;
}

// Runs a loop of `size` tasks from `min` on `pool` and checks each ran once.
void expect_each_task_once(SpinningThreadPool& pool, int min, int size) {
  Counts counts(size);
  counts.min = min;
  ASSERT_EQ(pool.run(nullptr, count_task, min, size, reinterpret_cast<uint8_t*>(&counts)), 0);
  for (int i = 0; i < size; ++i) {
    EXPECT_EQ(counts.runs[i].load(), 1) << "task " << min + i << " of " << size;
  }
}

TEST(SpinningThreadPool, EveryTaskRunsOnceAtAnyThreadCountAndSize) {
  for (int threads : {1, 2, 3, 5}) {
    SpinningThreadPool pool;
    pool.set_threads(threads);
    for (int size : {1, 2, 3, 7, 64, 1001}) {
      for (int repeat = 0; repeat < 3; ++repeat) {
        SCOPED_TRACE(testing::Message() << threads << " threads, " << size << " tasks");
        expect_each_task_once(pool, -3, size);
      }
    }
    EXPECT_EQ(pool.workers(), threads - 1);
  }
}

TEST(SpinningThreadPool, AnEmptyLoopRunsNothing) {
  SpinningThreadPool pool;
  pool.set_threads(2);
  Counts counts(1);
  EXPECT_EQ(pool.run(nullptr, count_task, 0, 0, reinterpret_cast<uint8_t*>(&counts)), 0);
  EXPECT_EQ(counts.runs[0].load(), 0);
}

TEST(SpinningThreadPool, AFailingTaskReturnsItsCodeAndTheOthersStillRun) {
  SpinningThreadPool pool;
  pool.set_threads(2);
  Counts counts(40);
  counts.fail_at = 29;
  counts.failure_code = -7;
  EXPECT_EQ(pool.run(nullptr, count_task, 0, 40, reinterpret_cast<uint8_t*>(&counts)), -7);
  for (int i = 0; i < 40; ++i) EXPECT_EQ(counts.runs[i].load(), 1) << "task " << i;
  expect_each_task_once(pool, 0, 40);  // the next loop starts without the old error
}

// A task that runs an inner loop of 5 tasks through Halide's handler, as a nested parallel loop
// of a kernel would.
int nested_task(void*, int index, uint8_t* closure) {
  auto* inner = reinterpret_cast<std::vector<Counts>*>(closure);
  return SpinningThreadPool::do_par_for(nullptr, count_task, 0, 5,
                                        reinterpret_cast<uint8_t*>(&(*inner)[index]));
}

TEST(SpinningThreadPool, NestedLoopsRunSeriallyAndComplete) {
  SpinningThreadPool pool;
  pool.set_threads(2);
  std::vector<Counts> inner;
  for (int i = 0; i < 6; ++i) inner.emplace_back(5);
  SpinningThreadPool::Use use(&pool);
  ASSERT_EQ(SpinningThreadPool::do_par_for(nullptr, nested_task, 0, 6,
                                           reinterpret_cast<uint8_t*>(&inner)),
            0);
  for (int i = 0; i < 6; ++i) {
    for (int j = 0; j < 5; ++j) EXPECT_EQ(inner[i].runs[j].load(), 1) << i << ", " << j;
  }
}

TEST(SpinningThreadPool, WithoutAPoolTheHandlerRunsTheLoopSerially) {
  Counts counts(9);
  ASSERT_EQ(SpinningThreadPool::do_par_for(nullptr, count_task, 0, 9,
                                           reinterpret_cast<uint8_t*>(&counts)),
            0);
  for (int i = 0; i < 9; ++i) EXPECT_EQ(counts.runs[i].load(), 1);
}

TEST(SpinningThreadPool, TwoCallersAtOnceBothComplete) {
  SpinningThreadPool pool;
  pool.set_threads(2);
  std::atomic<int> failures{0};
  auto caller = [&] {
    SpinningThreadPool::Use use(&pool);
    for (int repeat = 0; repeat < 200; ++repeat) {
      Counts counts(16);
      if (SpinningThreadPool::do_par_for(nullptr, count_task, 0, 16,
                                         reinterpret_cast<uint8_t*>(&counts)) != 0) {
        ++failures;
      }
      for (int i = 0; i < 16; ++i) failures += counts.runs[i].load() != 1;
    }
  };
  std::thread first(caller), second(caller);
  first.join();
  second.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST(SpinningThreadPool, SleepingWorkersWakeUpForTheNextLoop) {
  SpinningThreadPool pool(/*spin_seconds=*/1e-4);
  pool.set_threads(3);
  for (int repeat = 0; repeat < 5; ++repeat) {
    expect_each_task_once(pool, 0, 50);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // past the spin time
  }
}

TEST(SpinningThreadPool, StoppedWorkersStartAgain) {
  SpinningThreadPool pool;
  pool.set_threads(2);
  expect_each_task_once(pool, 0, 10);
  EXPECT_EQ(pool.workers(), 1);
  pool.stop_workers();
  EXPECT_EQ(pool.workers(), 0);
  expect_each_task_once(pool, 0, 10);
  EXPECT_EQ(pool.workers(), 1);
  pool.set_threads(1);
  EXPECT_EQ(pool.workers(), 0);
  expect_each_task_once(pool, 0, 10);
  EXPECT_EQ(pool.workers(), 0);
}

TEST(SpinningThreadPool, AForkedChildStartsItsOwnWorkers) {
  SpinningThreadPool pool;
  pool.set_threads(2);
  expect_each_task_once(pool, 0, 10);
  pool.stop_workers();  // as JitSession::stop_worker_threads before a fork
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    Counts counts(100);
    int status = pool.run(nullptr, count_task, 0, 100, reinterpret_cast<uint8_t*>(&counts));
    for (int i = 0; i < 100; ++i) status |= counts.runs[i].load() != 1;
    status |= pool.workers() != 1;
    pool.stop_workers();
    _exit(status == 0 ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace spinning_thread_pool_test
}  // namespace kf
