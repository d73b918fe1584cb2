// Tests of the peer_timings table: PeerRecords stored and read back in insertion order, filtered
// by target, bad records rejected naming the member, corrupt rows reported, and a
// schema-version-2 database (before peer timings) upgraded when opened, its trials untouched.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <string>

#include "autotune/database.h"
#include "dsl/input_error.h"

namespace kf {
namespace database_peer_test {

constexpr char kKey[] = "conv:g1mb1_ic4ih6iw6_oc4oh6ow6_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc";
constexpr char kTarget[] = "x86-64-linux-avx2-fma";

PeerRecord make_peer(double min_seconds = 2e-4) {
  PeerRecord r;
  r.workload_key = kKey;
  r.target = kTarget;
  r.threads = 1;
  r.peer = "onednn";
  r.implementation = "brg:avx512_core <\"&'>";
  r.min_seconds = min_seconds;
  r.created_at = 1700000000;
  return r;
}

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

class DatabasePeerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = "/tmp/kf_database_peer_test_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string dir_;
};

TEST_F(DatabasePeerTest, StoresAndReadsBackInInsertionOrder) {
  auto db = Database::open(dir_ + "/t.db");
  PeerRecord a = make_peer(3e-4);
  PeerRecord b = make_peer(1.25e-4);
  b.threads = 2;
  b.implementation = "";  // allowed: a peer that does not name its code
  PeerRecord other = make_peer(5e-4);
  other.target = "arm-64-linux";
  PeerRecord undated = make_peer();
  undated.created_at = 0;
  const int64_t id_a = db->insert_peer(a);
  const int64_t id_b = db->insert_peer(b);
  EXPECT_LT(id_a, id_b);
  db->insert_peer(other);
  db->insert_peer(undated);

  const std::vector<PeerRecord> all = db->peer_records();
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].id, id_a);
  EXPECT_EQ(all[0].implementation, a.implementation);
  EXPECT_EQ(all[0].min_seconds, 3e-4);
  EXPECT_EQ(all[0].created_at, 1700000000);
  EXPECT_EQ(all[1].threads, 2);
  EXPECT_EQ(all[1].implementation, "");
  EXPECT_EQ(all[1].min_seconds, 1.25e-4);
  EXPECT_EQ(all[2].target, "arm-64-linux");
  EXPECT_GT(all[3].created_at, 1600000000);
  EXPECT_EQ(db->peer_records(kTarget).size(), 3u);
  EXPECT_EQ(db->peer_records("arm-64-linux").size(), 1u);
  EXPECT_TRUE(db->peer_records("riscv").empty());
  // Peer timings are not trials.
  EXPECT_EQ(db->count(), 0);
  EXPECT_TRUE(db->all_records().empty());
}

TEST_F(DatabasePeerTest, RejectsBadRecordsNamingTheMember) {
  auto db = Database::open(":memory:");
  struct Case {
    const char* member;
    void (*spoil)(PeerRecord&);
  };
  const Case cases[] = {
      {"workload_key", [](PeerRecord& r) { r.workload_key.clear(); }},
      {"target", [](PeerRecord& r) { r.target.clear(); }},
      {"threads", [](PeerRecord& r) { r.threads = 0; }},
      {"peer", [](PeerRecord& r) { r.peer.clear(); }},
      {"min_seconds", [](PeerRecord& r) { r.min_seconds = 0; }},
      {"min_seconds", [](PeerRecord& r) { r.min_seconds = -1e-3; }},
      {"min_seconds", [](PeerRecord& r) { r.min_seconds = std::nan(""); }},
      {"min_seconds",
       [](PeerRecord& r) { r.min_seconds = std::numeric_limits<double>::infinity(); }},
      {"created_at", [](PeerRecord& r) { r.created_at = -5; }},
  };
  for (const Case& c : cases) {
    PeerRecord r = make_peer();
    c.spoil(r);
    try {
      db->insert_peer(r);
      ADD_FAILURE() << "stored a bad " << c.member;
    } catch (const InputError& e) {
      EXPECT_EQ(e.field(), std::string("PeerRecord.") + c.member) << e.what();
    }
  }
  EXPECT_TRUE(db->peer_records().empty());
}

TEST_F(DatabasePeerTest, CorruptRowsAreReportedNotLoaded) {
  const std::string path = dir_ + "/t.db";
  Database::open(path)->insert_peer(make_peer());
  for (const char* corruption : {"min_seconds = -1", "min_seconds = 'fast'", "threads = 0",
                                 "peer = ''", "threads = 1.5", "target = x'00ff'"}) {
    raw_exec(path, "DELETE FROM peer_timings");
    Database::open(path)->insert_peer(make_peer());
    raw_exec(path, std::string("UPDATE peer_timings SET ") + corruption);
    auto db = Database::open(path);
    try {
      db->peer_records();
      ADD_FAILURE() << "loaded a row with " << corruption;
    } catch (const InputError& e) {
      EXPECT_NE(e.field().find("peer_timings row"), std::string::npos) << e.what();
    }
  }
}

/// The schema of version 2 (trial uids, no peer timings), as older builds created it.
constexpr const char* kVersion2Schema = R"sql(
CREATE TABLE trials (
  id INTEGER PRIMARY KEY AUTOINCREMENT, workload_key TEXT NOT NULL, op TEXT NOT NULL,
  target TEXT NOT NULL, threads INTEGER NOT NULL, template_name TEXT NOT NULL,
  template_version INTEGER NOT NULL, knobs TEXT NOT NULL, status TEXT NOT NULL,
  failure_reason TEXT NOT NULL, min_seconds REAL, median_seconds REAL, gflops REAL,
  max_error REAL, tool_versions TEXT NOT NULL, seed INTEGER NOT NULL,
  trial_index INTEGER NOT NULL, created_at INTEGER NOT NULL, uid TEXT NOT NULL);
CREATE INDEX trials_by_workload ON trials (workload_key, target, threads, id);
CREATE UNIQUE INDEX trials_by_uid ON trials (uid);
PRAGMA application_id = 1262904418;
PRAGMA user_version = 2;
INSERT INTO trials (workload_key, op, target, threads, template_name, template_version, knobs,
  status, failure_reason, min_seconds, median_seconds, gflops, max_error, tool_versions, seed,
  trial_index, created_at, uid) VALUES ('conv:mb1ic4ih6oc4kh3ph1', 'conv', 'x86-64-linux', 1,
  'conv_direct_nhwc', 1, 'tile_w=1', 'ok', '', 0.001, 0.002, 3.0, 1e-7, 'v2', 1, 0, 1700000000,
  '0123456789abcdef0123456789abcdef');
)sql";

TEST_F(DatabasePeerTest, UpgradesAVersion2Database) {
  const std::string path = dir_ + "/old.db";
  raw_exec(path, kVersion2Schema);
  EXPECT_EQ(raw_count(path, "SELECT count(*) FROM sqlite_master WHERE name = 'peer_timings'"), 0);
  {
    auto db = Database::open(path);
    ASSERT_EQ(db->count(), 1);
    EXPECT_EQ(db->all_records().at(0).uid, "0123456789abcdef0123456789abcdef");
    EXPECT_EQ(db->all_records().at(0).tool_versions, "v2");
    EXPECT_TRUE(db->peer_records().empty());
    db->insert_peer(make_peer());
    EXPECT_EQ(db->peer_records().size(), 1u);
  }
  EXPECT_EQ(raw_count(path, "PRAGMA user_version"), 3);
  EXPECT_EQ(raw_count(path, "SELECT count(*) FROM peer_timings"), 1);
  // A second open finds version 3 and changes nothing.
  auto reopened = Database::open(path);
  EXPECT_EQ(reopened->count(), 1);
  EXPECT_EQ(reopened->peer_records().size(), 1u);
}

}  // namespace database_peer_test
}  // namespace kf
