// JSON lines of tuning records: the format of `kforge db export` and `kforge db import`, so that
// trials tuned on several machines (one shard each) can be merged into one database.
//
// One record is one JSON object on one line, with exactly these members (any order on input):
//
//   {"uid":"<32 hex>","workload_key":"...","op":"conv","target":"x86-64-linux-avx2",
//    "threads":1,"template_name":"conv_direct_nhwc","template_version":3,"knobs":"...",
//    "status":"ok","failure_reason":"","min_seconds":0.00025000000000000001,
//    "median_seconds":...,"gflops":...,"max_error":...,"tool_versions":"kforge 0.1; ...",
//    "seed":1,"trial_index":0,"created_at":1700000000}
//
// Numbers are written with 17 significant digits, so every double reads back bit for bit; NaN
// (the timings of a failed trial) is written as null and an infinity as the string "inf" or
// "-inf". Strings are escaped as JSON requires (quotes, backslashes, control characters); other
// bytes pass through unchanged. The database row id is local to one file and is not written.
#pragma once

#include <string>
#include <string_view>

#include "autotune/tuning_record.h"

namespace kf {

/// `record` as one line of JSON (without the newline).
std::string record_to_json(const TuningRecord& record);

/// Parses one line written by record_to_json (or by hand: JSON whitespace and any member order
/// are accepted). The record must have every member above, no other, each of the right type, a
/// non-empty uid, and obey the rules of TuningRecord (validate_record). Otherwise throws
/// InputError whose field is `where` followed by the member, e.g. "a.jsonl line 3, min_seconds",
/// or by the column of a syntax error, e.g. "a.jsonl line 3, column 17".
TuningRecord record_from_json(std::string_view line, const std::string& where);

/// True when `line` holds only JSON whitespace (blank lines of a JSON-lines file are skipped).
bool is_blank_json_line(std::string_view line);

}  // namespace kf
