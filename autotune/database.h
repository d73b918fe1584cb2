// Database: the SQLite store of tuning trials, one row per measured or failed candidate.
//
// The database holds what is needed to rebuild a kernel (workload key, target, thread count,
// template name and version, knob values) and what was measured, never generated code. Each
// insert is its own committed transaction, so results survive a killed tuner, and several
// processes may tune into one file at once (WAL mode, 10 s busy timeout). Rows read back are
// validated: a corrupt row is reported as kf::InputError, never returned as a result. Every row
// carries a trial uid (tuning_record.h) that identifies it across databases, so merging an export
// twice adds nothing. A second table holds peer timings (PeerRecord): another library's time for
// a workload, measured next to the tuning for comparison.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "autotune/tuning_record.h"

struct sqlite3;
struct sqlite3_stmt;

namespace kf {

/// A failure of SQLite itself (cannot open, not a KernelForge database, I/O error, lock timeout).
/// The message names the database path and carries SQLite's own message.
class DatabaseError : public std::runtime_error {
 public:
  DatabaseError(const std::string& path, const std::string& message)
      : std::runtime_error("database " + path + ": " + message), path_(path) {}

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

/// One timing of a peer library (e.g. oneDNN) on a workload, as `kforge tune` measures it for its
/// comparison column. Rules (checked on insert and on read): workload_key, target and peer are
/// non-empty; threads >= 1; min_seconds finite and > 0; created_at >= 0.
struct PeerRecord {
  std::string workload_key;    ///< the workload's key, as in TuningRecord::workload_key
  std::string target;          ///< target string of the machine, as in TuningRecord::target
  int threads = 1;             ///< thread count the peer ran with
  std::string peer;            ///< the peer library, e.g. "onednn"
  std::string implementation;  ///< the peer's own name for the code it ran, e.g. "brg:avx512_core"
  double min_seconds = 0;      ///< fastest sample, per call
  int64_t created_at = 0;      ///< unix seconds; insert_peer() fills in the current time when 0
  int64_t id = 0;              ///< row id; set when read back, ignored by insert_peer()
};

/// A tuning database file (or ":memory:"). All methods are safe to call from several threads;
/// several Database objects and processes may use one file at once.
class Database {
 public:
  /// Opens `path`, creating the file and the schema when absent. Throws DatabaseError naming the
  /// path when the file cannot be opened, is not a KernelForge database, or was written by a
  /// newer schema version; InputError when `path` is empty.
  static std::unique_ptr<Database> open(const std::string& path);

  /// Finalizes the prepared statements and closes the connection; never throws.
  ~Database();

  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  /// Path given to open().
  const std::string& path() const { return path_; }

  /// Checks `record` against the rules of TuningRecord (InputError with field
  /// "TuningRecord.<member>" otherwise), stores it in its own committed transaction and returns
  /// its row id. Row ids increase in commit order. An empty uid gets a fresh one; a uid already
  /// stored is an InputError ("TuningRecord.uid").
  int64_t insert(const TuningRecord& record);

  /// The trial of the fastest schedule of this workload, target and thread count
  /// (select_best in schedule_ranking.h: a schedule's time is the median of its ok trials';
  /// with one trial per schedule, the ok record with the smallest min_seconds, the earliest on
  /// a tie), or std::nullopt when there is none. Every row of the workload is
  /// validated; a corrupt one throws InputError with field "database row <id>".
  std::optional<TuningRecord> best(const std::string& workload_key, const std::string& target,
                                   int threads);

  /// All records (failures included) of this workload, target and thread count in insertion
  /// order. Throws InputError on a corrupt row.
  std::vector<TuningRecord> records(const std::string& workload_key, const std::string& target,
                                    int threads);

  /// The thread counts this workload has ok records for on `target`, ascending (one indexed
  /// query; no record is read). Counts below 1, which only a corrupt row can hold, are left out.
  std::vector<int> thread_counts(const std::string& workload_key, const std::string& target);

  /// The best record (as best()) of every (workload_key, target, threads) triple, sorted by that
  /// triple; only rows of `target` unless it is empty. Throws InputError on a corrupt row.
  std::vector<TuningRecord> best_per_workload(const std::string& target);

  /// Every record (failures included) in insertion order; only rows of `target` unless it is
  /// empty. Throws InputError on a corrupt row.
  std::vector<TuningRecord> all_records(const std::string& target = "");

  /// What merge() did.
  struct MergeResult {
    int64_t added = 0;    ///< records stored
    int64_t present = 0;  ///< records skipped because a row with the same uid and content exists
  };

  /// Merges `records` (for example the lines of an export) in one transaction: either all of
  /// them are stored or skipped, or nothing changes. Each is checked against the rules of
  /// TuningRecord first (InputError with field "TuningRecord.<member>"); each must carry a uid
  /// (InputError "TuningRecord.uid"). A record whose uid is already stored is skipped when its
  /// content matches, and rejected (InputError "TuningRecord.uid", nothing merged) when it does
  /// not.
  MergeResult merge(const std::vector<TuningRecord>& records);

  /// Checks `record` against the rules of PeerRecord (InputError with field
  /// "PeerRecord.<member>" otherwise), stores it in its own committed transaction and returns
  /// its row id. Every measurement is kept (a peer timed again adds a row).
  int64_t insert_peer(const PeerRecord& record);

  /// Every peer timing in insertion order; only rows of `target` unless it is empty. A corrupt
  /// row throws InputError with field "database peer_timings row <id>".
  std::vector<PeerRecord> peer_records(const std::string& target = "");

  /// Number of rows, failures included (corrupt rows too: nothing is validated).
  int64_t count();

  /// Deletes every row of this workload, target and thread count (for a full re-tune).
  void erase_workload(const std::string& workload_key, const std::string& target, int threads);

  /// Deletes the row with this id, if any (to drop a row reported as corrupt).
  void erase_row(int64_t id);

 private:
  struct ConnectionCloser {
    void operator()(sqlite3* db) const noexcept;
  };
  struct StatementFinalizer {
    void operator()(sqlite3_stmt* statement) const noexcept;
  };
  using Connection = std::unique_ptr<sqlite3, ConnectionCloser>;
  using Statement = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

  Database(std::string path, Connection db);

  /// Sets the pragmas, creates or checks the schema and prepares the statements.
  void initialize();
  /// Sets WAL mode, retrying while another connection holds the lock (up to the busy timeout).
  void switch_to_wal();
  /// Creates the schema if the file is empty, otherwise checks that it is ours and not newer,
  /// and upgrades an older schema (version 1 had no uid column, version 2 no peer_timings).
  void check_or_create_schema();
  /// Upgrades an older schema to kSchemaVersion under the write lock, unless another process
  /// already has (database_schema.cpp).
  void upgrade_schema();
  /// Inserts a checked record within the caller's transaction and returns its row id; a uid
  /// already stored is an InputError. The caller holds mutex_.
  int64_t insert_locked(const TuningRecord& record);
  /// Rolls back the open transaction, if any (after a failed statement).
  void rollback_if_open() noexcept;
  /// Runs SQL text without parameters (pragmas, DDL, transaction control).
  void exec(const char* sql, const char* what);
  /// Runs a query returning one integer.
  int64_t query_int(const char* sql, const char* what);
  Statement prepare(const std::string& sql);
  /// Throws DatabaseError if `rc` is an error code, naming the failed action.
  void check(int rc, const char* what) const;
  /// Steps `statement` to the end and resets it; throws on error.
  void run(sqlite3_stmt* statement, const char* what);
  /// Steps a bound SELECT of the record columns, validating each row; resets it.
  std::vector<TuningRecord> read_records(sqlite3_stmt* statement);
  /// Binds `values` to parameters 1, 2, ... of `statement`; throws DatabaseError on failure.
  template <typename... Values>
  void bind(sqlite3_stmt* statement, const Values&... values);

  std::string path_;
  Connection db_;
  std::mutex mutex_;
  Statement begin_;
  Statement commit_;
  Statement rollback_;
  Statement insert_;
  Statement select_workload_;
  Statement select_target_;
  Statement select_thread_counts_;
  Statement select_uid_;
  Statement count_;
  Statement erase_workload_;
  Statement erase_row_;
  Statement insert_peer_;
  Statement select_peers_;
};

}  // namespace kf
