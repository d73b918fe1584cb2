// TuningRecord rules, status names and trial uids (see tuning_record.h).
#include "autotune/tuning_record.h"

#include <cmath>
#include <cstdio>
#include <iterator>
#include <random>

#include "dsl/input_error.h"

namespace kf {
namespace {

/// Stored text of each TrialStatus, indexed by its value.
constexpr const char* kStatusNames[] = {"ok", "compile_error", "wrong_result", "crash", "timeout"};
static_assert(std::size(kStatusNames) == static_cast<size_t>(TrialStatus::kTimeout) + 1);

std::string number_text(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

bool positive_finite(double value) { return std::isfinite(value) && value > 0; }
bool non_negative_finite(double value) { return std::isfinite(value) && value >= 0; }
bool same_number(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

}  // namespace

std::string to_string(TrialStatus status) {
  const auto index = static_cast<size_t>(status);
  return index < std::size(kStatusNames) ? kStatusNames[index] : "unknown";
}

std::optional<TrialStatus> parse_trial_status(std::string_view text) {
  for (size_t index = 0; index < std::size(kStatusNames); ++index) {
    if (text == kStatusNames[index]) return static_cast<TrialStatus>(index);
  }
  return std::nullopt;
}

std::optional<RecordViolation> find_violation(const TuningRecord& r) {
  struct Rule {
    bool broken;
    const char* member;
    const char* rule;
    std::optional<double> got = std::nullopt;
  };
  const bool ok = r.status == TrialStatus::kOk;
  const Rule rules[] = {
      {r.workload_key.empty(), "workload_key", "must not be empty"},
      {r.op.empty(), "op", "must not be empty"},
      {r.target.empty(), "target", "must not be empty"},
      {r.threads < 1, "threads", "must be at least 1", r.threads},
      {r.template_name.empty(), "template_name", "must not be empty"},
      {r.template_version < 0, "template_version", "must be >= 0", r.template_version},
      {r.knobs.empty(), "knobs", "must not be empty"},
      {r.trial_index < 0, "trial_index", "must be >= 0", r.trial_index},
      {r.created_at < 0, "created_at", "must be >= 0", static_cast<double>(r.created_at)},
      {!r.uid.empty() && !is_trial_uid(r.uid), "uid", "must be 32 lowercase hex digits"},
      {ok && !r.failure_reason.empty(), "failure_reason", "must be empty when status is ok"},
      {ok && !positive_finite(r.min_seconds), "min_seconds",
       "must be > 0 and finite when status is ok", r.min_seconds},
      {ok && !(positive_finite(r.median_seconds) && r.median_seconds >= r.min_seconds),
       "median_seconds", "must be finite and >= min_seconds when status is ok", r.median_seconds},
      {ok && !non_negative_finite(r.gflops), "gflops", "must be >= 0 and finite when status is ok",
       r.gflops},
      {ok && !non_negative_finite(r.max_error), "max_error",
       "must be >= 0 and finite when status is ok", r.max_error}};
  for (const Rule& rule : rules) {
    if (rule.broken) {
      return RecordViolation{
          rule.member, rule.rule + (rule.got ? ", got " + number_text(*rule.got) : std::string())};
    }
  }
  return std::nullopt;
}

void validate_record(const TuningRecord& record, const std::string& field_prefix) {
  if (auto violation = find_violation(record)) {
    throw InputError(field_prefix + violation->member, violation->rule);
  }
}

bool same_trial(const TuningRecord& a, const TuningRecord& b) {
  return a.workload_key == b.workload_key && a.op == b.op && a.target == b.target &&
         a.threads == b.threads && a.template_name == b.template_name &&
         a.template_version == b.template_version && a.knobs == b.knobs && a.status == b.status &&
         a.failure_reason == b.failure_reason && same_number(a.min_seconds, b.min_seconds) &&
         same_number(a.median_seconds, b.median_seconds) && same_number(a.gflops, b.gflops) &&
         same_number(a.max_error, b.max_error) && a.tool_versions == b.tool_versions &&
         a.seed == b.seed && a.trial_index == b.trial_index && a.created_at == b.created_at &&
         a.uid == b.uid;
}

std::string make_trial_uid() {
  // std::random_device reads the kernel's random source on every call, so forked processes
  // never repeat each other's uids (a user-space generator seeded before fork() would).
  std::random_device device;
  std::string uid;
  for (int word = 0; word < 4; ++word) {
    char hex[9];
    std::snprintf(hex, sizeof hex, "%08x", static_cast<unsigned>(device()));
    uid += hex;
  }
  return uid;
}

bool is_trial_uid(std::string_view text) {
  if (text.size() != 32) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace kf
