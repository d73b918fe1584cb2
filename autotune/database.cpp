// Database: the SQLite tuning store (see database.h).
//
// One table, `trials`, holds one row per trial; `id` is AUTOINCREMENT so ids grow in commit order
// and are never reused. A file is recognised as ours by PRAGMA application_id and versioned by
// PRAGMA user_version (database_schema.cpp creates, checks and upgrades it). Timings are REAL
// columns where NULL stands for NaN (SQLite cannot store NaN). Every value goes through a bound
// parameter of a statement prepared once at open; inserts run between BEGIN IMMEDIATE and COMMIT so
// a writer takes the write lock up front (waiting up to the busy timeout) instead of failing on a
// stale WAL snapshot. Each row has a uid (UNIQUE); merge() skips rows whose uid is present, so an
// export merged twice adds nothing. A second table, `peer_timings`, holds PeerRecords (other
// libraries' times for the same workloads); insert_peer() and peer_records() use it.
#include "autotune/database.h"

#include <sqlite3.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <iterator>
#include <limits>
#include <map>
#include <thread>
#include <tuple>
#include <utility>

#include "autotune/schedule_ranking.h"
#include "dsl/input_error.h"

namespace kf {
namespace {

constexpr int kBusyTimeoutMs = 10000;

/// Columns of a record in the order read_records() reads them.
constexpr const char* kSelectRecords =
    "SELECT id, workload_key, op, target, threads, template_name, template_version, knobs, "
    "status, failure_reason, min_seconds, median_seconds, gflops, max_error, tool_versions, seed, "
    "trial_index, created_at, uid FROM trials ";
/// Storage class each of those columns must hold: I integer, T text, R real or NULL (NULL stands
/// for NaN, which SQLite cannot store).
constexpr char kColumnKinds[] = "ITTTITITTTRRRRTIIIT";

/// The first column of the current row whose value has the wrong storage class.
std::optional<RecordViolation> find_type_violation(sqlite3_stmt* s) {
  for (int column = 0; kColumnKinds[column] != '\0'; ++column) {
    const int type = sqlite3_column_type(s, column);
    const char kind = kColumnKinds[column];
    const char* rule = kind == 'I' && type != SQLITE_INTEGER ? "must be an integer"
                       : kind == 'T' && type != SQLITE_TEXT  ? "must be text"
                       : kind == 'R' && (type == SQLITE_TEXT || type == SQLITE_BLOB)
                           ? "must be a number"
                           : nullptr;
    if (rule != nullptr) return RecordViolation{sqlite3_column_name(s, column), rule};
  }
  return std::nullopt;
}

std::string column_text(sqlite3_stmt* s, int column) {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(s, column));
  return data == nullptr ? std::string() : std::string(data, sqlite3_column_bytes(s, column));
}

/// NULL reads as NaN, the value it stands for.
double column_real(sqlite3_stmt* s, int column) {
  return sqlite3_column_type(s, column) == SQLITE_NULL ? std::numeric_limits<double>::quiet_NaN()
                                                       : sqlite3_column_double(s, column);
}

/// Columns of a peer timing in the order peer_records() reads them, and their storage classes
/// (as kColumnKinds; min_seconds is NOT NULL).
constexpr const char* kSelectPeers =
    "SELECT id, workload_key, target, threads, peer, implementation, min_seconds, created_at "
    "FROM peer_timings WHERE ?1 = '' OR target = ?1 ORDER BY id";
constexpr char kPeerColumnKinds[] = "ITTITTRI";

/// The first rule of PeerRecord (database.h) that `r` breaks, or std::nullopt.
std::optional<RecordViolation> find_peer_violation(const PeerRecord& r) {
  if (r.workload_key.empty()) return RecordViolation{"workload_key", "must not be empty"};
  if (r.target.empty()) return RecordViolation{"target", "must not be empty"};
  if (r.threads < 1) {
    return RecordViolation{"threads", "must be at least 1, got " + std::to_string(r.threads)};
  }
  if (r.peer.empty()) return RecordViolation{"peer", "must not be empty"};
  if (!std::isfinite(r.min_seconds) || r.min_seconds <= 0) {
    char text[64];
    std::snprintf(text, sizeof text, "%g", r.min_seconds);
    return RecordViolation{"min_seconds", std::string("must be finite and positive, got ") + text};
  }
  if (r.created_at < 0) {
    return RecordViolation{"created_at",
                           "must not be negative, got " + std::to_string(r.created_at)};
  }
  return std::nullopt;
}

/// Resets a statement and clears its bindings when the scope ends, even on an exception.
struct Resetter {
  void operator()(sqlite3_stmt* statement) const noexcept {
    sqlite3_reset(statement);
    sqlite3_clear_bindings(statement);
  }
};
using ResetOnExit = std::unique_ptr<sqlite3_stmt, Resetter>;

/// Binds one value to parameter `index`; NaN becomes NULL (SQLite would store NULL anyway).
int bind_value(sqlite3_stmt* s, int index, const std::string& value) {
  return sqlite3_bind_text(s, index, value.data(), static_cast<int>(value.size()),
                           SQLITE_TRANSIENT);
}
int bind_value(sqlite3_stmt* s, int index, int64_t value) {
  return sqlite3_bind_int64(s, index, value);
}
int bind_value(sqlite3_stmt* s, int index, int value) { return sqlite3_bind_int(s, index, value); }
int bind_value(sqlite3_stmt* s, int index, double value) {
  return std::isnan(value) ? sqlite3_bind_null(s, index) : sqlite3_bind_double(s, index, value);
}

}  // namespace

void Database::ConnectionCloser::operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }

void Database::StatementFinalizer::operator()(sqlite3_stmt* statement) const noexcept {
  sqlite3_finalize(statement);
}

Database::Database(std::string path, Connection db) : path_(std::move(path)), db_(std::move(db)) {}

// Members are destroyed in reverse order of declaration: the statements are finalized before
// db_ closes the connection.
Database::~Database() = default;

std::unique_ptr<Database> Database::open(const std::string& path) {
  if (path.empty()) throw InputError("database path", "must not be empty");
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  Connection db(raw);
  if (rc != SQLITE_OK) {
    throw DatabaseError(path, std::string("cannot open: ") +
                                  (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  std::unique_ptr<Database> database(new Database(path, std::move(db)));
  database->initialize();
  return database;
}

void Database::check(int rc, const char* what) const {
  if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE) return;
  throw DatabaseError(path_, std::string(what) + ": " + sqlite3_errmsg(db_.get()));
}

template <typename... Values>
void Database::bind(sqlite3_stmt* statement, const Values&... values) {
  int index = 0;
  (check(bind_value(statement, ++index, values), "bind a parameter"), ...);
}

void Database::exec(const char* sql, const char* what) {
  check(sqlite3_exec(db_.get(), sql, nullptr, nullptr, nullptr), what);
}

int64_t Database::query_int(const char* sql, const char* what) {
  Statement statement = prepare(sql);
  int rc = sqlite3_step(statement.get());
  check(rc, what);
  if (rc != SQLITE_ROW) throw DatabaseError(path_, std::string(what) + ": no result");
  return sqlite3_column_int64(statement.get(), 0);
}

Database::Statement Database::prepare(const std::string& sql) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v3(db_.get(), sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  Statement statement(raw);
  check(rc, "prepare a statement");
  return statement;
}

void Database::run(sqlite3_stmt* statement, const char* what) {
  ResetOnExit reset(statement);
  int rc;
  while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
  }
  check(rc, what);
}

void Database::switch_to_wal() {
  // Changing the journal mode needs an exclusive lock, and SQLite answers SQLITE_BUSY at once
  // (without its busy handler) when another connection is creating the schema or writing:
  // retry for as long as the busy timeout would have waited.
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
  while (true) {
    const int rc = sqlite3_exec(db_.get(), "PRAGMA journal_mode = WAL", nullptr, nullptr, nullptr);
    const bool busy = rc == SQLITE_BUSY || rc == SQLITE_LOCKED;
    if (!busy || std::chrono::steady_clock::now() >= deadline) {
      check(rc, "switch to WAL mode");
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

void Database::initialize() {
  check(sqlite3_busy_timeout(db_.get(), kBusyTimeoutMs), "set the busy timeout");
  // The schema is checked first so that a foreign database is never switched to WAL mode.
  check_or_create_schema();
  // ":memory:" answers "memory", and a file system without shared memory keeps its rollback
  // journal: both still work (with less concurrency), so the answer is not checked.
  switch_to_wal();
  exec("PRAGMA synchronous = FULL", "set synchronous mode");
  begin_ = prepare("BEGIN IMMEDIATE");
  commit_ = prepare("COMMIT");
  rollback_ = prepare("ROLLBACK");
  insert_ = prepare(
      "INSERT INTO trials (workload_key, op, target, threads, template_name, template_version, "
      "knobs, status, failure_reason, min_seconds, median_seconds, gflops, max_error, "
      "tool_versions, seed, trial_index, created_at, uid) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)");
  select_workload_ =
      prepare(std::string(kSelectRecords) +
              "WHERE workload_key = ?1 AND target = ?2 AND threads = ?3 ORDER BY id");
  select_target_ =
      prepare(std::string(kSelectRecords) + "WHERE ?1 = '' OR target = ?1 ORDER BY id");
  select_thread_counts_ = prepare(
      "SELECT DISTINCT threads FROM trials WHERE workload_key = ?1 AND target = ?2 AND "
      "status = 'ok' ORDER BY threads");
  select_uid_ = prepare(std::string(kSelectRecords) + "WHERE uid = ?1");
  count_ = prepare("SELECT count(*) FROM trials");
  erase_workload_ =
      prepare("DELETE FROM trials WHERE workload_key = ?1 AND target = ?2 AND threads = ?3");
  erase_row_ = prepare("DELETE FROM trials WHERE id = ?1");
  insert_peer_ = prepare(
      "INSERT INTO peer_timings (workload_key, target, threads, peer, implementation, "
      "min_seconds, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  select_peers_ = prepare(kSelectPeers);
}

void Database::rollback_if_open() noexcept {
  if (sqlite3_get_autocommit(db_.get()) == 0) {
    sqlite3_step(rollback_.get());
    sqlite3_reset(rollback_.get());
  }
}

int64_t Database::insert_locked(const TuningRecord& r) {
  sqlite3_stmt* s = insert_.get();
  ResetOnExit reset(s);
  bind(s, r.workload_key, r.op, r.target, r.threads, r.template_name, r.template_version, r.knobs,
       to_string(r.status), r.failure_reason, r.min_seconds, r.median_seconds, r.gflops,
       r.max_error, r.tool_versions, r.seed, r.trial_index, r.created_at, r.uid);
  const int rc = sqlite3_step(s);
  if (rc == SQLITE_CONSTRAINT && sqlite3_extended_errcode(db_.get()) == SQLITE_CONSTRAINT_UNIQUE) {
    throw InputError("TuningRecord.uid", "uid " + r.uid + " is already in " + path_);
  }
  check(rc, "insert a trial");
  return sqlite3_last_insert_rowid(db_.get());
}

int64_t Database::insert(const TuningRecord& record) {
  TuningRecord r = record;
  if (r.created_at == 0) r.created_at = static_cast<int64_t>(std::time(nullptr));
  if (r.uid.empty()) r.uid = make_trial_uid();
  validate_record(r, "TuningRecord.");
  std::lock_guard<std::mutex> lock(mutex_);
  run(begin_.get(), "begin the insert transaction");
  try {
    const int64_t id = insert_locked(r);
    run(commit_.get(), "commit a trial");
    return id;
  } catch (...) {
    rollback_if_open();
    throw;
  }
}

Database::MergeResult Database::merge(const std::vector<TuningRecord>& records) {
  // Every record is checked before the transaction starts: bad input changes nothing.
  std::vector<TuningRecord> checked = records;
  const auto now = static_cast<int64_t>(std::time(nullptr));
  for (TuningRecord& r : checked) {
    if (r.created_at == 0) r.created_at = now;
    validate_record(r, "TuningRecord.");
    if (r.uid.empty()) {
      throw InputError("TuningRecord.uid", "is required to merge (32 lowercase hex digits)");
    }
  }
  MergeResult result;
  std::lock_guard<std::mutex> lock(mutex_);
  run(begin_.get(), "begin the merge transaction");
  try {
    for (const TuningRecord& r : checked) {
      bind(select_uid_.get(), r.uid);
      std::vector<TuningRecord> present = read_records(select_uid_.get());
      if (present.empty()) {
        insert_locked(r);
        ++result.added;
      } else if (same_trial(present.front(), r)) {
        ++result.present;
      } else {
        throw InputError("TuningRecord.uid", "uid " + r.uid + " is already in " + path_ + " (row " +
                                                 std::to_string(present.front().id) +
                                                 ") with different content; nothing was merged");
      }
    }
    run(commit_.get(), "commit the merge");
  } catch (...) {
    rollback_if_open();
    throw;
  }
  return result;
}

std::vector<TuningRecord> Database::read_records(sqlite3_stmt* statement) {
  ResetOnExit reset(statement);
  std::vector<TuningRecord> records;
  int rc;
  while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
    sqlite3_stmt* s = statement;
    std::optional<RecordViolation> violation = find_type_violation(s);
    auto narrow = [&](int column) {
      const int64_t value = sqlite3_column_int64(s, column);
      if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) {
        if (!violation) {
          violation = RecordViolation{sqlite3_column_name(s, column), "must fit an int"};
        }
      }
      return static_cast<int>(value);
    };
    TuningRecord r;
    r.id = sqlite3_column_int64(s, 0);
    r.workload_key = column_text(s, 1);
    r.op = column_text(s, 2);
    r.target = column_text(s, 3);
    r.threads = narrow(4);
    r.template_name = column_text(s, 5);
    r.template_version = narrow(6);
    r.knobs = column_text(s, 7);
    const std::string status = column_text(s, 8);
    r.failure_reason = column_text(s, 9);
    r.min_seconds = column_real(s, 10);
    r.median_seconds = column_real(s, 11);
    r.gflops = column_real(s, 12);
    r.max_error = column_real(s, 13);
    r.tool_versions = column_text(s, 14);
    r.seed = sqlite3_column_int64(s, 15);
    r.trial_index = narrow(16);
    r.created_at = sqlite3_column_int64(s, 17);
    r.uid = column_text(s, 18);
    const std::optional<TrialStatus> parsed = parse_trial_status(status);
    if (!violation && !parsed) {
      violation = RecordViolation{"status",
                                  "must be ok, compile_error, wrong_result, crash or timeout, "
                                  "got \"" +
                                      status + "\""};
    }
    if (!violation) {
      r.status = *parsed;
      violation = find_violation(r);
    }
    if (!violation && r.uid.empty()) violation = RecordViolation{"uid", "must not be empty"};
    if (violation) {
      throw InputError("database row " + std::to_string(r.id),
                       violation->member + " " + violation->rule + " (corrupt row in " + path_ +
                           "; erase it or re-tune)");
    }
    records.push_back(std::move(r));
  }
  check(rc, "read trials");
  return records;
}

std::optional<TuningRecord> Database::best(const std::string& workload_key,
                                           const std::string& target, int threads) {
  return select_best(records(workload_key, target, threads));
}

std::vector<TuningRecord> Database::records(const std::string& workload_key,
                                            const std::string& target, int threads) {
  std::lock_guard<std::mutex> lock(mutex_);
  bind(select_workload_.get(), workload_key, target, threads);
  return read_records(select_workload_.get());
}

std::vector<TuningRecord> Database::all_records(const std::string& target) {
  std::lock_guard<std::mutex> lock(mutex_);
  bind(select_target_.get(), target);
  return read_records(select_target_.get());
}

std::vector<int> Database::thread_counts(const std::string& workload_key,
                                         const std::string& target) {
  std::lock_guard<std::mutex> lock(mutex_);
  sqlite3_stmt* statement = select_thread_counts_.get();
  bind(statement, workload_key, target);
  ResetOnExit reset(statement);
  std::vector<int> counts;
  int rc;
  while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
    const int64_t threads = sqlite3_column_int64(statement, 0);
    if (threads >= 1 && threads <= INT32_MAX) counts.push_back(static_cast<int>(threads));
  }
  check(rc, "read thread counts");
  return counts;
}

std::vector<TuningRecord> Database::best_per_workload(const std::string& target) {
  std::map<std::tuple<std::string, std::string, int>, std::vector<TuningRecord>> by_workload;
  for (TuningRecord& r : all_records(target)) {
    if (r.status != TrialStatus::kOk) continue;
    by_workload[{r.workload_key, r.target, r.threads}].push_back(std::move(r));
  }
  std::vector<TuningRecord> result;
  result.reserve(by_workload.size());
  for (auto& entry : by_workload) result.push_back(*select_best(entry.second));
  return result;
}

int64_t Database::insert_peer(const PeerRecord& record) {
  PeerRecord r = record;
  if (r.created_at == 0) r.created_at = static_cast<int64_t>(std::time(nullptr));
  if (std::optional<RecordViolation> violation = find_peer_violation(r)) {
    throw InputError("PeerRecord." + violation->member, violation->rule);
  }
  std::lock_guard<std::mutex> lock(mutex_);
  run(begin_.get(), "begin the peer timing transaction");
  try {
    sqlite3_stmt* s = insert_peer_.get();
    {
      ResetOnExit reset(s);
      bind(s, r.workload_key, r.target, r.threads, r.peer, r.implementation, r.min_seconds,
           r.created_at);
      check(sqlite3_step(s), "insert a peer timing");
    }
    const int64_t id = sqlite3_last_insert_rowid(db_.get());
    run(commit_.get(), "commit a peer timing");
    return id;
  } catch (...) {
    rollback_if_open();
    throw;
  }
}

std::vector<PeerRecord> Database::peer_records(const std::string& target) {
  std::lock_guard<std::mutex> lock(mutex_);
  sqlite3_stmt* s = select_peers_.get();
  bind(s, target);
  ResetOnExit reset(s);
  std::vector<PeerRecord> records;
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    PeerRecord r;
    r.id = sqlite3_column_int64(s, 0);
    std::optional<RecordViolation> violation;
    for (int column = 0; kPeerColumnKinds[column] != '\0' && !violation; ++column) {
      const int type = sqlite3_column_type(s, column);
      const char kind = kPeerColumnKinds[column];
      if ((kind == 'I' && type != SQLITE_INTEGER) || (kind == 'T' && type != SQLITE_TEXT) ||
          (kind == 'R' && type != SQLITE_FLOAT && type != SQLITE_INTEGER)) {
        violation =
            RecordViolation{sqlite3_column_name(s, column), kind == 'I'   ? "must be an integer"
                                                            : kind == 'T' ? "must be text"
                                                                          : "must be a number"};
      }
    }
    const int64_t threads = sqlite3_column_int64(s, 3);
    if (!violation && (threads < 1 || threads > std::numeric_limits<int>::max())) {
      violation = RecordViolation{"threads", "must be at least 1 and fit an int"};
    }
    if (!violation) {
      r.workload_key = column_text(s, 1);
      r.target = column_text(s, 2);
      r.threads = static_cast<int>(threads);
      r.peer = column_text(s, 4);
      r.implementation = column_text(s, 5);
      r.min_seconds = sqlite3_column_double(s, 6);
      r.created_at = sqlite3_column_int64(s, 7);
      violation = find_peer_violation(r);
    }
    if (violation) {
      throw InputError(
          "database peer_timings row " + std::to_string(r.id),
          violation->member + " " + violation->rule + " (corrupt row in " + path_ + ")");
    }
    records.push_back(std::move(r));
  }
  check(rc, "read peer timings");
  return records;
}

int64_t Database::count() {
  std::lock_guard<std::mutex> lock(mutex_);
  ResetOnExit reset(count_.get());
  int rc = sqlite3_step(count_.get());
  check(rc, "count trials");
  return rc == SQLITE_ROW ? sqlite3_column_int64(count_.get(), 0) : 0;
}

void Database::erase_workload(const std::string& workload_key, const std::string& target,
                              int threads) {
  std::lock_guard<std::mutex> lock(mutex_);
  bind(erase_workload_.get(), workload_key, target, threads);
  run(erase_workload_.get(), "erase a workload");
}

void Database::erase_row(int64_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  bind(erase_row_.get(), id);
  run(erase_row_.get(), "erase a row");
}

}  // namespace kf
