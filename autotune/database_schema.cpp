// The schema of the tuning database (see database.h): Database::check_or_create_schema() and
// Database::upgrade_schema(). A file is recognised as ours by PRAGMA application_id and versioned
// by PRAGMA user_version. Version 1 had no trial uid; version 2 adds the `uid` column (UNIQUE),
// filled in for existing rows when a version-1 file is first opened, under the write lock;
// version 3 adds the `peer_timings` table (other libraries' times for the same workloads). An
// older file is upgraded one version at a time, in one transaction.
#include <sqlite3.h>

#include <cstdint>
#include <string>

#include "autotune/database.h"

namespace kf {
namespace {

constexpr int64_t kApplicationId = 0x4B466462;  // "KFdb"
constexpr int64_t kSchemaVersion = 3;

constexpr const char* kCreateSchema = R"sql(
CREATE TABLE trials (
  id INTEGER PRIMARY KEY AUTOINCREMENT, workload_key TEXT NOT NULL, op TEXT NOT NULL,
  target TEXT NOT NULL, threads INTEGER NOT NULL, template_name TEXT NOT NULL,
  template_version INTEGER NOT NULL, knobs TEXT NOT NULL, status TEXT NOT NULL,
  failure_reason TEXT NOT NULL, min_seconds REAL, median_seconds REAL, gflops REAL,
  max_error REAL, tool_versions TEXT NOT NULL, seed INTEGER NOT NULL,
  trial_index INTEGER NOT NULL, created_at INTEGER NOT NULL, uid TEXT NOT NULL);
CREATE INDEX trials_by_workload ON trials (workload_key, target, threads, id);
CREATE UNIQUE INDEX trials_by_uid ON trials (uid);
CREATE TABLE peer_timings (
  id INTEGER PRIMARY KEY AUTOINCREMENT, workload_key TEXT NOT NULL, target TEXT NOT NULL,
  threads INTEGER NOT NULL, peer TEXT NOT NULL, implementation TEXT NOT NULL,
  min_seconds REAL NOT NULL, created_at INTEGER NOT NULL);
CREATE INDEX peer_timings_by_workload ON peer_timings (workload_key, target, threads, id);
PRAGMA application_id = 1262904418;
PRAGMA user_version = 3;
)sql";
static_assert(kApplicationId == 1262904418 && kSchemaVersion == 3, "update kCreateSchema");

/// Version 1 -> 2: every trial gets a uid. ALTER TABLE cannot add a NOT NULL column without a
/// default, so the column is nullable here and a trigger gives a uid to rows that a process
/// opened before the upgrade (an older build) still inserts without one.
constexpr const char* kUpgradeToVersion2 = R"sql(
ALTER TABLE trials ADD COLUMN uid TEXT;
UPDATE trials SET uid = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX trials_by_uid ON trials (uid);
CREATE TRIGGER trials_fill_uid AFTER INSERT ON trials WHEN NEW.uid IS NULL BEGIN
  UPDATE trials SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id;
END;
PRAGMA user_version = 2;
)sql";

/// Version 2 -> 3: a table of peer timings (e.g. oneDNN's time for a workload, as `kforge tune`
/// measures it for its comparison column). Trials are untouched.
constexpr const char* kUpgradeToVersion3 = R"sql(
CREATE TABLE peer_timings (
  id INTEGER PRIMARY KEY AUTOINCREMENT, workload_key TEXT NOT NULL, target TEXT NOT NULL,
  threads INTEGER NOT NULL, peer TEXT NOT NULL, implementation TEXT NOT NULL,
  min_seconds REAL NOT NULL, created_at INTEGER NOT NULL);
CREATE INDEX peer_timings_by_workload ON peer_timings (workload_key, target, threads, id);
PRAGMA user_version = 3;
)sql";

}  // namespace

void Database::check_or_create_schema() {
  struct State {
    int64_t application_id, version, objects;
    bool empty() const { return application_id == 0 && version == 0 && objects == 0; }
  };
  auto read_state = [this] {
    return State{query_int("PRAGMA application_id", "read the application id"),
                 query_int("PRAGMA user_version", "read the schema version"),
                 query_int("SELECT count(*) FROM sqlite_master", "read the schema")};
  };
  // One read transaction, so the three values come from the same snapshot even while another
  // process is creating the schema.
  exec("BEGIN", "start reading the schema");
  State state;
  try {
    state = read_state();
    exec("COMMIT", "finish reading the schema");
  } catch (...) {
    sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  if (state.empty()) {
    // Another process may be creating the schema too: decide again under the write lock.
    exec("BEGIN IMMEDIATE", "lock the database to create the schema");
    try {
      state = read_state();
      if (state.empty()) {
        exec(kCreateSchema, "create the schema");
        state = read_state();
      }
      exec("COMMIT", "commit the schema");
    } catch (...) {
      sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  }
  if (state.application_id != kApplicationId) {
    throw DatabaseError(path_, "not a KernelForge tuning database (application_id " +
                                   std::to_string(state.application_id) + ", " +
                                   std::to_string(state.objects) +
                                   " schema objects); choose another database file");
  }
  if (state.version > kSchemaVersion) {
    throw DatabaseError(path_, "schema version " + std::to_string(state.version) +
                                   " is newer than this build supports (" +
                                   std::to_string(kSchemaVersion) + "); use a newer KernelForge");
  }
  if (state.version < 1) {
    throw DatabaseError(
        path_, "damaged KernelForge database: schema version " + std::to_string(state.version));
  }
  if (state.version < kSchemaVersion) upgrade_schema();
}

void Database::upgrade_schema() {
  // Another process may be upgrading too: decide again under the write lock.
  exec("BEGIN IMMEDIATE", "lock the database to upgrade the schema");
  try {
    if (query_int("PRAGMA user_version", "read the schema version") == 1) {
      exec(kUpgradeToVersion2, "upgrade the schema from version 1 to 2 (trial uids)");
    }
    if (query_int("PRAGMA user_version", "read the schema version") == 2) {
      exec(kUpgradeToVersion3, "upgrade the schema from version 2 to 3 (peer timings)");
    }
    exec("COMMIT", "commit the schema upgrade");
  } catch (...) {
    sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

}  // namespace kf
