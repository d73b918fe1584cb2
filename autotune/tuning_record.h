// TuningRecord: one trial of one candidate schedule on one workload, as the tuning database
// stores it and as `kforge db export/import` carry it between machines, with the rules every
// stored or imported record obeys and the trial uid that identifies a record across databases.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kf {

/// Outcome of one trial. Only kOk trials carry meaningful timings and may become a best result.
enum class TrialStatus { kOk, kCompileError, kWrongResult, kCrash, kTimeout };

/// "ok", "compile_error", "wrong_result", "crash" or "timeout" (the text stored in the database).
std::string to_string(TrialStatus status);

/// Inverse of to_string(TrialStatus); std::nullopt for any other text.
std::optional<TrialStatus> parse_trial_status(std::string_view text);

/// One trial of one candidate schedule on one workload. Rules (validate_record), checked on
/// insert, on read and on import: workload_key, op, target, template_name and knobs are
/// non-empty; threads >= 1; template_version, trial_index and created_at >= 0; uid is empty
/// (insert() makes one) or 32 lowercase hex digits; an ok trial has an empty failure_reason,
/// 0 < min_seconds <= median_seconds (finite) and finite, non-negative gflops and max_error; a
/// failed trial's reason and numbers are stored as given (NaN and infinity allowed).
struct TuningRecord {
  std::string workload_key;  ///< canonical descriptor text, e.g. "g1mb1ic64ih56...dw0_nhwc"
  std::string op;            ///< op family, e.g. "conv"
  std::string target;        ///< Halide target string
  int threads = 1;           ///< thread count the trial ran with
  std::string template_name;
  int template_version = 0;
  std::string knobs;  ///< canonical "name=value,name=value" text from schedules/ (opaque here)
  TrialStatus status = TrialStatus::kOk;
  std::string failure_reason;  ///< empty when ok
  double min_seconds = 0;
  double median_seconds = 0;
  double gflops = 0;
  double max_error = 0;  ///< max normalized error against the reference
  std::string tool_versions;
  int64_t seed = 0;
  int trial_index = 0;
  int64_t created_at = 0;  ///< unix seconds; insert() fills in the current time when 0
  /// Identity of the trial in every database it is copied to (128 random bits as 32 lowercase
  /// hex digits). insert() makes one when empty; import skips a record whose uid is present.
  /// Content cannot serve as identity: a re-tune with the same seed in the same second repeats
  /// workload, knobs, trial index and time.
  std::string uid;
  int64_t id = 0;  ///< row id in one database; set when read back, ignored by insert/export
};

/// The first rule of TuningRecord that a record breaks: the member's name ("min_seconds") and
/// the rule with the offending value, readable on its own.
struct RecordViolation {
  std::string member;
  std::string rule;
};

/// The first rule of TuningRecord (see above) that `record` breaks, or std::nullopt.
std::optional<RecordViolation> find_violation(const TuningRecord& record);

/// Throws InputError with field `field_prefix` + member when `record` breaks a rule.
void validate_record(const TuningRecord& record, const std::string& field_prefix);

/// True when the two records describe the same trial: every member equal except the row id
/// (NaN equals NaN).
bool same_trial(const TuningRecord& a, const TuningRecord& b);

/// A fresh trial uid: 128 bits from the operating system's random source (safe after fork()).
std::string make_trial_uid();

/// True for 32 lowercase hex digits.
bool is_trial_uid(std::string_view text);

}  // namespace kf
