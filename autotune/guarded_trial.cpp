// run_guarded: fork, run the trial in the child, read its verdict through a pipe with a
// deadline, reap the child, and turn a death or an overrun into a failed trial.
#include "autotune/guarded_trial.h"

#include <poll.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>

namespace kf {

namespace {

constexpr char kMagic[] = "kf-trial-v1";

// Writes all of `text` to `fd` (retrying short writes); false on error.
bool write_all(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

TrialResult failure(TrialStatus status, std::string reason) {
  TrialResult result;
  result.status = status;
  result.failure_reason = std::move(reason);
  return result;
}

// The child's side: run the trial, report, and leave without running any destructor or
// atexit handler of the parent's objects.
[[noreturn]] void child_main(const std::function<TrialResult()>& trial, int fd) {
  TrialResult result;
  try {
    result = trial();
  } catch (const std::exception& e) {
    result = failure(TrialStatus::kCrash, std::string("exception: ") + e.what());
  } catch (...) {
    result = failure(TrialStatus::kCrash, "unknown exception");
  }
  const bool written = write_all(fd, encode_trial_result(result));
  ::close(fd);
  ::_exit(written ? 0 : 3);
}

// How the child ended, in words.
std::string describe_exit(int status) {
  if (WIFSIGNALED(status)) {
    const int signal_number = WTERMSIG(status);
    const char* name = sigabbrev_np(signal_number);
    return std::string("killed by signal ") + (name ? std::string("SIG") + name : "") + " (" +
           std::to_string(signal_number) + ")";
  }
  if (WIFEXITED(status)) return "exited with code " + std::to_string(WEXITSTATUS(status));
  return "ended with wait status " + std::to_string(status);
}

}  // namespace

std::string encode_trial_result(const TrialResult& r) {
  // "<magic> <status> <max_error> <min_seconds> <median_seconds> <reason>\n"; the reason is
  // made one line (a newline would end the record early).
  std::string reason = r.failure_reason;
  for (char& c : reason) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  char numbers[160];
  std::snprintf(numbers, sizeof numbers, " %s %.17g %.17g %.17g ", to_string(r.status).c_str(),
                r.max_error, r.min_seconds, r.median_seconds);
  return kMagic + std::string(numbers) + reason + "\n";
}

bool decode_trial_result(const std::string& text, TrialResult* result) {
  if (text.empty() || text.back() != '\n') return false;
  char magic[32], status[32];
  double max_error = 0, min_seconds = 0, median_seconds = 0;
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%31s %31s %lg %lg %lg%n", magic, status, &max_error, &min_seconds,
                  &median_seconds, &consumed) != 5 ||
      std::string(magic) != kMagic || static_cast<size_t>(consumed) >= text.size() ||
      text[consumed] != ' ') {
    return false;
  }
  const std::optional<TrialStatus> parsed = parse_trial_status(status);
  if (!parsed) return false;
  const size_t reason_start = static_cast<size_t>(consumed) + 1;
  *result = TrialResult{*parsed, text.substr(reason_start, text.size() - 1 - reason_start),
                        max_error, min_seconds, median_seconds};
  return true;
}

TrialResult run_guarded(const std::function<TrialResult()>& trial, double timeout_seconds) {
  int fds[2];
  if (::pipe(fds) != 0) return trial();  // no pipe to spare: run it here, unguarded
  std::fflush(nullptr);  // the child must not flush the parent's buffered output again
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return trial();  // no process to spare: run it here rather than lose the trial
  }
  if (pid == 0) {
    ::close(fds[0]);
    child_main(trial, fds[1]);
  }
  ::close(fds[1]);

  // Read the verdict until EOF or the deadline.
  std::string text;
  bool timed_out = false;
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_seconds);
  for (;;) {
    const double left =
        std::chrono::duration<double>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    pollfd poll_fd{fds[0], POLLIN, 0};
    const int ready = ::poll(&poll_fd, 1, static_cast<int>(left * 1000) + 1);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;  // re-check the deadline
    char buffer[4096];
    const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // EOF: the child closed its end (finished or died)
    text.append(buffer, static_cast<size_t>(n));
  }
  ::close(fds[0]);
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }

  if (timed_out) {
    char reason[96];
    std::snprintf(reason, sizeof reason, "no result within %.1f s: killed", timeout_seconds);
    return failure(TrialStatus::kTimeout, reason);
  }
  TrialResult result;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && decode_trial_result(text, &result)) {
    return result;
  }
  return failure(TrialStatus::kCrash, "trial process " + describe_exit(status));
}

}  // namespace kf
