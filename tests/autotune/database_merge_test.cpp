// Tests of trial uids and Database::merge(): every row gets a uid, merging records twice adds
// nothing, a bad or conflicting batch changes nothing, an export (JSON lines) merged into another
// database reads back identical, and a schema-version-1 file is upgraded when opened.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <set>
#include <string>

#include "autotune/database.h"
#include "autotune/database_json.h"
#include "dsl/input_error.h"

namespace kf {
namespace database_merge_test {

constexpr char kKey[] = "conv:g1mb1_ic4ih6iw6_oc4oh6ow6_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc";
constexpr char kTarget[] = "x86-64-linux-avx2-fma";

TuningRecord make_record(int trial_index, double min_seconds = 1e-3) {
  TuningRecord r;
  r.workload_key = kKey;
  r.op = "conv";
  r.target = kTarget;
  r.template_name = "conv_direct_nhwc";
  r.template_version = 1;
  r.knobs = "tile_w=" + std::to_string(trial_index + 1);
  r.min_seconds = min_seconds;
  r.median_seconds = min_seconds * 1.25;
  r.gflops = 3.0;
  r.max_error = 1e-7;
  r.tool_versions = "kforge test";
  r.seed = 1;
  r.trial_index = trial_index;
  r.created_at = 1700000000;
  return r;
}

TuningRecord make_failure(int trial_index) {
  TuningRecord r = make_record(trial_index);
  r.status = TrialStatus::kWrongResult;
  r.failure_reason = "max error 1 exceeds tolerance\n\"quoted\"";
  r.min_seconds = r.median_seconds = r.gflops = std::numeric_limits<double>::quiet_NaN();
  r.max_error = std::numeric_limits<double>::infinity();
  return r;
}

/// Rows of `path` through a raw connection: count(*) of `sql`.
int64_t raw_count(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), SQLITE_OK) << sql;
  const int64_t value = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
  sqlite3_finalize(s);
  sqlite3_close(db);
  return value;
}

void raw_exec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
      << (error != nullptr ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

class DatabaseMergeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = "/tmp/kf_database_merge_test_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string dir_;
};

TEST_F(DatabaseMergeTest, InsertGivesEveryRowAUniqueUid) {
  auto db = Database::open(":memory:");
  for (int i = 0; i < 50; ++i) db->insert(make_record(0));  // identical content, 50 trials
  std::set<std::string> uids;
  for (const TuningRecord& r : db->all_records()) {
    EXPECT_TRUE(is_trial_uid(r.uid)) << r.uid;
    uids.insert(r.uid);
  }
  EXPECT_EQ(uids.size(), 50u);

  TuningRecord given = make_record(1);
  given.uid = "00000000000000000000000000000001";
  db->insert(given);
  EXPECT_EQ(db->all_records().back().uid, given.uid);
  try {
    db->insert(given);
    ADD_FAILURE() << "stored one uid twice";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "TuningRecord.uid") << e.what();
  }
  given.uid = "not a uid";
  EXPECT_THROW(db->insert(given), InputError);
  EXPECT_EQ(db->count(), 51);
}

TEST_F(DatabaseMergeTest, MergingTwiceAddsNothing) {
  auto source = Database::open(":memory:");
  source->insert(make_record(0, 2e-3));
  source->insert(make_failure(1));
  source->insert(make_record(2, 1e-3));
  const std::vector<TuningRecord> records = source->all_records();

  auto target = Database::open(dir_ + "/merged.db");
  target->insert(make_record(5, 5e-3));  // a trial of its own
  Database::MergeResult first = target->merge(records);
  EXPECT_EQ(first.added, 3);
  EXPECT_EQ(first.present, 0);
  Database::MergeResult second = target->merge(records);
  EXPECT_EQ(second.added, 0);
  EXPECT_EQ(second.present, 3);
  EXPECT_EQ(target->count(), 4);

  // The merged rows read back identical, failure (NaN, infinity, newline) included.
  const std::vector<TuningRecord> merged = target->all_records();
  ASSERT_EQ(merged.size(), 4u);
  for (size_t i = 0; i < records.size(); ++i) {
    EXPECT_TRUE(same_trial(merged[i + 1], records[i])) << record_to_json(merged[i + 1]);
  }
  EXPECT_EQ(target->best(kKey, kTarget, 1)->uid, records[2].uid);
}

TEST_F(DatabaseMergeTest, ExportedLinesMergeIntoAnotherDatabase) {
  auto a = Database::open(dir_ + "/a.db");
  auto b = Database::open(dir_ + "/b.db");
  for (int i = 0; i < 4; ++i) a->insert(i % 2 ? make_failure(i) : make_record(i));
  for (int i = 0; i < 3; ++i) b->insert(make_record(i, 1e-4));  // same content, other trials
  std::vector<TuningRecord> lines;
  for (const TuningRecord& r : a->all_records()) {
    lines.push_back(record_from_json(record_to_json(r), "export line"));
  }
  EXPECT_EQ(b->merge(lines).added, 4);
  EXPECT_EQ(b->merge(lines).added, 0);
  EXPECT_EQ(b->count(), 7);
  EXPECT_EQ(raw_count(dir_ + "/b.db", "SELECT count(DISTINCT uid) FROM trials"), 7);
}

TEST_F(DatabaseMergeTest, ABadBatchChangesNothing) {
  auto db = Database::open(dir_ + "/t.db");
  TuningRecord kept = make_record(0);
  kept.uid = "11111111111111111111111111111111";
  db->merge({kept});

  TuningRecord fresh = make_record(1);
  fresh.uid = "22222222222222222222222222222222";
  TuningRecord invalid = make_record(2);
  invalid.uid = "33333333333333333333333333333333";
  invalid.threads = 0;
  try {
    db->merge({fresh, invalid});
    ADD_FAILURE() << "merged an invalid record";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "TuningRecord.threads") << e.what();
  }
  TuningRecord no_uid = make_record(3);
  try {
    db->merge({fresh, no_uid});
    ADD_FAILURE() << "merged a record without uid";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "TuningRecord.uid") << e.what();
  }
  // Same uid, other content: found inside the transaction, after `fresh` was inserted, which
  // must be rolled back.
  TuningRecord conflict = kept;
  conflict.min_seconds = 2e-3;
  conflict.median_seconds = 3e-3;
  try {
    db->merge({fresh, conflict});
    ADD_FAILURE() << "merged a conflicting record";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "TuningRecord.uid") << e.what();
    EXPECT_NE(e.rule().find("different content"), std::string::npos) << e.what();
  }
  EXPECT_EQ(db->count(), 1);
  EXPECT_EQ(db->all_records().at(0).uid, kept.uid);

  // A uid twice in one batch: stored once.
  Database::MergeResult result = db->merge({fresh, fresh});
  EXPECT_EQ(result.added, 1);
  EXPECT_EQ(result.present, 1);
  // created_at 0 gets the current time, as on insert.
  TuningRecord undated = make_record(4);
  undated.uid = "44444444444444444444444444444444";
  undated.created_at = 0;
  db->merge({undated});
  EXPECT_GT(db->all_records().back().created_at, 1600000000);
}

/// The schema of version 1 (before trial uids), as older builds created it.
constexpr const char* kVersion1Schema = R"sql(
CREATE TABLE trials (
  id INTEGER PRIMARY KEY AUTOINCREMENT, workload_key TEXT NOT NULL, op TEXT NOT NULL,
  target TEXT NOT NULL, threads INTEGER NOT NULL, template_name TEXT NOT NULL,
  template_version INTEGER NOT NULL, knobs TEXT NOT NULL, status TEXT NOT NULL,
  failure_reason TEXT NOT NULL, min_seconds REAL, median_seconds REAL, gflops REAL,
  max_error REAL, tool_versions TEXT NOT NULL, seed INTEGER NOT NULL,
  trial_index INTEGER NOT NULL, created_at INTEGER NOT NULL);
CREATE INDEX trials_by_workload ON trials (workload_key, target, threads, id);
PRAGMA application_id = 1262904418;
PRAGMA user_version = 1;
)sql";

constexpr const char* kVersion1Insert =
    "INSERT INTO trials (workload_key, op, target, threads, template_name, template_version, "
    "knobs, status, failure_reason, min_seconds, median_seconds, gflops, max_error, "
    "tool_versions, seed, trial_index, created_at) VALUES ('conv:g1mb1_ic4ih6iw6_oc4oh6ow6_"
    "kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc', 'conv', 'x86-64-linux-avx2-fma', 1, 'conv_direct_nhwc', "
    "1, 'tile_w=1', 'ok', '', 0.001, 0.002, 3.0, 1e-7, 'old', 1, 0, 1700000000)";

TEST_F(DatabaseMergeTest, UpgradesAVersion1Database) {
  const std::string path = dir_ + "/old.db";
  raw_exec(path, std::string(kVersion1Schema) + kVersion1Insert + ";" + kVersion1Insert + ";");
  {
    auto db = Database::open(path);
    std::vector<TuningRecord> rows = db->all_records();
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_TRUE(is_trial_uid(rows[0].uid)) << rows[0].uid;
    EXPECT_TRUE(is_trial_uid(rows[1].uid)) << rows[1].uid;
    EXPECT_NE(rows[0].uid, rows[1].uid);
    EXPECT_EQ(rows[0].tool_versions, "old");
    db->insert(make_record(1));
    EXPECT_EQ(db->count(), 3);
    // A process of an older build that opened the file before the upgrade still inserts rows
    // without a uid: the trigger gives them one.
    raw_exec(path, kVersion1Insert);
    EXPECT_TRUE(is_trial_uid(db->all_records().back().uid));
  }
  // Upgraded through version 2 to the current one (3: peer timings).
  EXPECT_EQ(raw_count(path, "PRAGMA user_version"), 3);
  EXPECT_EQ(raw_count(path, "SELECT count(*) FROM peer_timings"), 0);
  EXPECT_EQ(raw_count(path, "SELECT count(DISTINCT uid) FROM trials"), 4);
  auto reopened = Database::open(path);  // a second open finds version 2 and changes nothing
  EXPECT_EQ(reopened->count(), 4);
  EXPECT_EQ(reopened->best(kKey, kTarget, 1)->tool_versions, "old");
}

}  // namespace database_merge_test
}  // namespace kf
