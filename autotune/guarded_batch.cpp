// run_guarded_batch: children prepare in parallel, then measure one at a time on a token from
// the parent, with no other child preparing meanwhile: a compile on the other core shares the
// caches, memory bandwidth and clock with the kernel being timed.
// Protocol per child: it writes "ready\n" on its result pipe after preparing and blocks on its
// go pipe; the parent writes one byte there when the child may measure; the child then writes
// its encoded TrialResult and exits. A result written instead of "ready" (a compile error) ends
// the trial early.
#include "autotune/guarded_batch.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <exception>
#include <string>

namespace kf {

namespace {

using Clock = std::chrono::steady_clock;

Clock::time_point after(double seconds) {
  return Clock::now() +
         std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

constexpr char kReady[] = "ready\n";

enum class Phase { kPreparing, kReady, kMeasuring, kDone };

struct Child {
  pid_t pid = -1;
  int from_child = -1;  // result pipe, read end
  int to_child = -1;    // go pipe, write end
  Phase phase = Phase::kPreparing;
  Clock::time_point deadline;
  std::string text;
};

bool write_text(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

TrialResult failed(TrialStatus status, std::string reason) {
  TrialResult result;
  result.status = status;
  result.failure_reason = std::move(reason);
  return result;
}

// Runs a phase, turning exceptions into a crash result.
template <typename Phase>
auto guarded_call(const Phase& phase) -> decltype(phase()) {
  try {
    return phase();
  } catch (const std::exception& e) {
    return failed(TrialStatus::kCrash, std::string("exception: ") + e.what());
  } catch (...) {
    return failed(TrialStatus::kCrash, "unknown exception");
  }
}

[[noreturn]] void child_main(const StagedTrial& trial, int to_parent, int from_parent) {
  const std::optional<TrialResult> early = guarded_call(trial.prepare);
  if (early) {
    ::_exit(write_text(to_parent, encode_trial_result(*early)) ? 0 : 3);
  }
  if (!write_text(to_parent, kReady)) ::_exit(3);
  char go = 0;
  ssize_t n;
  do {
    n = ::read(from_parent, &go, 1);
  } while (n < 0 && errno == EINTR);
  if (n != 1) ::_exit(4);  // the parent is gone
  const TrialResult result = guarded_call(trial.measure);
  ::_exit(write_text(to_parent, encode_trial_result(result)) ? 0 : 3);
}

std::string describe(int status) {
  if (WIFSIGNALED(status)) {
    const char* name = sigabbrev_np(WTERMSIG(status));
    return std::string("killed by signal ") + (name ? std::string("SIG") + name : "") + " (" +
           std::to_string(WTERMSIG(status)) + ")";
  }
  if (WIFEXITED(status)) return "exited with code " + std::to_string(WEXITSTATUS(status));
  return "ended with wait status " + std::to_string(status);
}

// Starts `trial` in a child; false when no pipe or process could be made.
bool launch(const StagedTrial& trial, double timeout_seconds, Child* child) {
  int result_pipe[2], go_pipe[2];
  if (::pipe(result_pipe) != 0) return false;
  if (::pipe(go_pipe) != 0) {
    ::close(result_pipe[0]);
    ::close(result_pipe[1]);
    return false;
  }
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) {
    for (int fd : {result_pipe[0], result_pipe[1], go_pipe[0], go_pipe[1]}) ::close(fd);
    return false;
  }
  if (pid == 0) {
    ::close(result_pipe[0]);
    ::close(go_pipe[1]);
    child_main(trial, result_pipe[1], go_pipe[0]);
  }
  ::close(result_pipe[1]);
  ::close(go_pipe[0]);
  child->pid = pid;
  child->from_child = result_pipe[0];
  child->to_child = go_pipe[1];
  child->phase = Phase::kPreparing;
  child->deadline = after(timeout_seconds);
  return true;
}

// Reaps a finished (or killed) child and turns what it wrote into its result.
TrialResult finish(Child* child, bool timed_out, double timeout_seconds) {
  if (timed_out) ::kill(child->pid, SIGKILL);
  ::close(child->from_child);
  ::close(child->to_child);
  int status = 0;
  while (::waitpid(child->pid, &status, 0) < 0 && errno == EINTR) {
  }
  child->phase = Phase::kDone;
  if (timed_out) {
    char reason[96];
    std::snprintf(reason, sizeof reason, "no result within %.1f s: killed", timeout_seconds);
    return failed(TrialStatus::kTimeout, reason);
  }
  TrialResult result;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && decode_trial_result(child->text, &result)) {
    return result;
  }
  return failed(TrialStatus::kCrash, "trial process " + describe(status));
}

}  // namespace

std::vector<TrialResult> run_guarded_batch(const std::vector<StagedTrial>& trials, int parallel,
                                           double timeout_seconds) {
  const size_t count = trials.size();
  std::vector<TrialResult> results(count);
  std::vector<Child> children(count);
  std::vector<bool> started(count, false), done(count, false);
  parallel = std::max(1, parallel);
  size_t next = 0, finished = 0;
  int running = 0;
  bool measuring = false;

  while (finished < count) {
    // Start children while there is room, but only between measurements: no child is
    // measuring or ready to measure.
    auto measurement_pending = [&] {
      for (size_t i = 0; i < count; ++i) {
        if (started[i] && !done[i] && children[i].phase != Phase::kPreparing) return true;
      }
      return false;
    };
    auto preparing = [&] {
      for (size_t i = 0; i < count; ++i) {
        if (started[i] && !done[i] && children[i].phase == Phase::kPreparing) return true;
      }
      return false;
    };
    while (next < count && running < parallel && !measurement_pending()) {
      if (launch(trials[next], timeout_seconds, &children[next])) {
        started[next] = true;
        ++running;
      } else if (running == 0) {
        // No process to spare: run it here, both phases, rather than lose it.
        const std::optional<TrialResult> early = guarded_call(trials[next].prepare);
        results[next] = early ? *early : guarded_call(trials[next].measure);
        done[next] = true;
        ++finished;
      } else {
        break;  // wait for a running child to end
      }
      ++next;
    }
    // Let the lowest-numbered ready child measure when nobody else measures or prepares.
    if (!measuring && !preparing()) {
      for (size_t i = 0; i < count; ++i) {
        if (started[i] && !done[i] && children[i].phase == Phase::kReady) {
          children[i].phase = Phase::kMeasuring;
          children[i].deadline = after(timeout_seconds);
          measuring = true;
          if (!write_text(children[i].to_child, "g")) {
            // The child is gone: its exit shows up on its result pipe.
          }
          break;
        }
      }
    }
    // Wait for output from the active children, or the nearest deadline.
    std::vector<pollfd> fds;
    std::vector<size_t> owners;
    Clock::time_point nearest = Clock::time_point::max();
    for (size_t i = 0; i < count; ++i) {
      if (!started[i] || done[i] || children[i].phase == Phase::kReady) continue;
      fds.push_back(pollfd{children[i].from_child, POLLIN, 0});
      owners.push_back(i);
      nearest = std::min(nearest, children[i].deadline);
    }
    if (fds.empty()) continue;
    const double wait = std::chrono::duration<double>(nearest - Clock::now()).count();
    const int ready =
        ::poll(fds.data(), fds.size(), std::max(0, static_cast<int>(wait * 1000)) + 1);
    if (ready < 0 && errno != EINTR) break;
    for (size_t f = 0; f < fds.size(); ++f) {
      const size_t i = owners[f];
      Child& child = children[i];
      bool ended = false, timed_out = false;
      if (fds[f].revents & (POLLIN | POLLHUP | POLLERR)) {
        char buffer[4096];
        const ssize_t n = ::read(child.from_child, buffer, sizeof buffer);
        if (n > 0) {
          child.text.append(buffer, static_cast<size_t>(n));
          if (child.phase == Phase::kPreparing && child.text == kReady) {
            child.text.clear();
            child.phase = Phase::kReady;
          }
        } else if (n == 0 || errno != EINTR) {
          ended = true;
        }
      }
      if (!ended && child.phase != Phase::kReady && Clock::now() >= child.deadline) {
        ended = timed_out = true;
      }
      if (ended) {
        if (child.phase == Phase::kMeasuring) measuring = false;
        results[i] = finish(&child, timed_out, timeout_seconds);
        done[i] = true;
        ++finished;
        --running;
      }
    }
  }
  return results;
}

}  // namespace kf
