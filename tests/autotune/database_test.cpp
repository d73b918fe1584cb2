// Tests of kf::Database: round trips, best-result selection, a workload's tuned thread counts,
// validation of rows on insert and on read, schema checks at open, and concurrent and killed
// writers (two processes via fork()).
#include "autotune/database.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <type_traits>

#include "dsl/input_error.h"

namespace kf {
namespace database_test {

static_assert(!std::is_copy_constructible_v<Database> && !std::is_copy_assignable_v<Database>);

constexpr char kKey[] = "g1mb1ic64ih56iw56oc64oh56ow56kh3kw3sh1sw1ph1pw1dh0dw0_nhwc";
constexpr char kTarget[] = "x86-64-linux-avx2-avx512-fma";

TuningRecord make_record(double min_seconds, int trial_index = 0) {
  TuningRecord r;
  r.workload_key = kKey;
  r.op = "conv";
  r.target = kTarget;
  r.threads = 1;
  r.template_name = "direct_nhwc";
  r.template_version = 3;
  r.knobs = "tile_x=7,vec_k=4,unroll=1";
  r.min_seconds = min_seconds;
  r.median_seconds = min_seconds * 1.01;
  r.gflops = 1.0 / min_seconds;
  r.max_error = 1.5e-6;
  r.tool_versions = "halide=14.0.0;llvm=14.0.6";
  r.seed = 0x123456789abcLL;
  r.trial_index = trial_index;
  r.created_at = 1700000000 + trial_index;
  return r;
}

TuningRecord make_failure(TrialStatus status, int trial_index = 0) {
  TuningRecord r = make_record(1.0, trial_index);
  r.status = status;
  r.failure_reason = "failed: " + to_string(status);
  r.min_seconds = r.median_seconds = r.gflops = std::numeric_limits<double>::quiet_NaN();
  return r;
}

void expect_same(const TuningRecord& a, const TuningRecord& b) {
  EXPECT_EQ(a.workload_key, b.workload_key);
  EXPECT_EQ(a.op, b.op);
  EXPECT_EQ(a.target, b.target);
  EXPECT_EQ(a.threads, b.threads);
  EXPECT_EQ(a.template_name, b.template_name);
  EXPECT_EQ(a.template_version, b.template_version);
  EXPECT_EQ(a.knobs, b.knobs);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.failure_reason, b.failure_reason);
  using Pair = std::pair<double, double>;
  for (auto [x, y] : {Pair{a.min_seconds, b.min_seconds}, Pair{a.median_seconds, b.median_seconds},
                      Pair{a.gflops, b.gflops}, Pair{a.max_error, b.max_error}}) {
    if (std::isnan(x)) {
      EXPECT_TRUE(std::isnan(y));
    } else {
      EXPECT_EQ(x, y);
    }
  }
  EXPECT_EQ(a.tool_versions, b.tool_versions);
  EXPECT_EQ(a.seed, b.seed);
  EXPECT_EQ(a.trial_index, b.trial_index);
  EXPECT_EQ(a.created_at, b.created_at);
}

/// Runs SQL on a file through a raw connection, as a user or another tool would.
void raw_exec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  EXPECT_EQ(rc, SQLITE_OK) << (error != nullptr ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

class DatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = "/tmp/kf_database_test_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    path_ = dir_ + "/tune.db";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string dir_;
  std::string path_;
};

TEST(TrialStatusTest, NamesRoundTrip) {
  for (TrialStatus s : {TrialStatus::kOk, TrialStatus::kCompileError, TrialStatus::kWrongResult,
                        TrialStatus::kCrash, TrialStatus::kTimeout}) {
    EXPECT_EQ(parse_trial_status(to_string(s)), s);
  }
  EXPECT_EQ(to_string(TrialStatus::kWrongResult), "wrong_result");
  EXPECT_FALSE(parse_trial_status("OK").has_value());
  EXPECT_FALSE(parse_trial_status("").has_value());
}

TEST_F(DatabaseTest, RoundTripsEveryFieldAndKeepsInsertionOrder) {
  auto db = Database::open(path_);
  TuningRecord ok = make_record(2.5e-4, 0);
  ok.knobs = "tile=\"a'b\";--,x=1";  // quotes and SQL syntax must arrive untouched
  TuningRecord failed = make_failure(TrialStatus::kTimeout, 1);
  failed.max_error = std::numeric_limits<double>::infinity();
  TuningRecord crash = make_failure(TrialStatus::kCrash, 2);
  int64_t id0 = db->insert(ok);
  int64_t id1 = db->insert(failed);
  int64_t id2 = db->insert(crash);
  EXPECT_LT(id0, id1);
  EXPECT_LT(id1, id2);
  std::vector<TuningRecord> rows = db->records(kKey, kTarget, 1);
  ASSERT_EQ(rows.size(), 3u);
  expect_same(rows[0], ok);
  expect_same(rows[1], failed);
  expect_same(rows[2], crash);
  EXPECT_EQ(rows[0].id, id0);
  EXPECT_EQ(rows[2].id, id2);
  EXPECT_EQ(db->count(), 3);
  EXPECT_TRUE(db->records(kKey, kTarget, 2).empty());
  EXPECT_TRUE(db->records(kKey, "arm-64-linux", 1).empty());
}

TEST_F(DatabaseTest, BestPicksFastestOkRowAndIgnoresFailures) {
  auto db = Database::open(path_);
  EXPECT_FALSE(db->best(kKey, kTarget, 1).has_value());
  db->insert(make_failure(TrialStatus::kWrongResult, 0));
  EXPECT_FALSE(db->best(kKey, kTarget, 1).has_value());
  // Each row a schedule of its own (schedule_ranking_test covers schedules with several rows).
  auto schedule = [](TuningRecord r, const std::string& unroll) {
    r.knobs = "tile_x=7,vec_k=4,unroll=" + unroll;
    return r;
  };
  db->insert(schedule(make_record(3e-3, 1), "1"));
  int64_t fastest = db->insert(schedule(make_record(1e-3, 2), "2"));
  db->insert(schedule(make_record(1e-3, 3), "4"));  // a tie keeps the earlier row
  db->insert(make_failure(TrialStatus::kCompileError, 4));
  TuningRecord other_threads = make_record(1e-4, 5);
  other_threads.threads = 2;
  db->insert(other_threads);
  std::optional<TuningRecord> best = db->best(kKey, kTarget, 1);
  ASSERT_TRUE(best.has_value());
  EXPECT_EQ(best->id, fastest);
  EXPECT_EQ(best->trial_index, 2);
  EXPECT_EQ(db->best(kKey, kTarget, 2)->trial_index, 5);
}

TEST_F(DatabaseTest, BestPerWorkloadAndErase) {
  auto db = Database::open(":memory:");
  TuningRecord a = make_record(2e-3, 0);
  TuningRecord b = make_record(1e-3, 1);
  b.knobs = "tile_x=7,vec_k=4,unroll=2";  // another schedule of a's workload
  TuningRecord c = make_record(5e-3, 2);
  c.workload_key = "g1mb1ic3ih8iw8oc4oh8ow8kh3kw3sh1sw1ph1pw1dh0dw0_nchw";
  TuningRecord d = make_record(4e-3, 3);
  d.target = "arm-64-linux";
  for (const TuningRecord& r : {a, b, c, d}) db->insert(r);
  db->insert(make_failure(TrialStatus::kCrash, 4));
  std::vector<TuningRecord> all = db->best_per_workload("");
  ASSERT_EQ(all.size(), 3u);  // sorted by (workload_key, target, threads)
  EXPECT_EQ(all[0].trial_index, 2);
  EXPECT_EQ(all[1].trial_index, 3);
  EXPECT_EQ(all[2].trial_index, 1);
  std::vector<TuningRecord> x86 = db->best_per_workload(kTarget);
  ASSERT_EQ(x86.size(), 2u);
  EXPECT_EQ(x86[1].trial_index, 1);
  db->erase_workload(kKey, kTarget, 1);
  EXPECT_EQ(db->count(), 2);
  EXPECT_FALSE(db->best(kKey, kTarget, 1).has_value());
  db->erase_row(db->records(kKey, "arm-64-linux", 1).at(0).id);
  EXPECT_EQ(db->count(), 1);
}

TEST_F(DatabaseTest, ThreadCountsOfAWorkload) {
  auto db = Database::open(":memory:");
  EXPECT_TRUE(db->thread_counts(kKey, kTarget).empty());
  for (int threads : {4, 1, 4, 2}) {
    TuningRecord r = make_record(1e-3, threads);
    r.threads = threads;
    db->insert(r);
  }
  TuningRecord failure = make_failure(TrialStatus::kCrash, 9);
  failure.threads = 8;  // failures only: not a tuned count
  db->insert(failure);
  TuningRecord other_workload = make_record(1e-3, 10);
  other_workload.workload_key = "g1mb1ic3ih8iw8oc4oh8ow8kh3kw3sh1sw1ph1pw1dh0dw0_nchw";
  other_workload.threads = 16;
  db->insert(other_workload);
  TuningRecord other_target = make_record(1e-3, 11);
  other_target.target = "arm-64-linux";
  other_target.threads = 32;
  db->insert(other_target);
  EXPECT_EQ(db->thread_counts(kKey, kTarget), (std::vector<int>{1, 2, 4}));
}

TEST_F(DatabaseTest, InsertRejectsInvalidRecords) {
  auto db = Database::open(":memory:");
  auto expect_rejected = [&](TuningRecord r, const std::string& field) {
    try {
      db->insert(r);
      ADD_FAILURE() << "accepted a record with a bad " << field;
    } catch (const InputError& e) {
      EXPECT_EQ(e.field(), "TuningRecord." + field) << e.what();
    }
  };
  const double nan = std::numeric_limits<double>::quiet_NaN();
  TuningRecord r = make_record(1e-3);
  r.min_seconds = nan;
  expect_rejected(r, "min_seconds");
  r = make_record(1e-3);
  r.min_seconds = 0;
  expect_rejected(r, "min_seconds");
  r = make_record(1e-3);
  r.median_seconds = 0.5e-3;
  expect_rejected(r, "median_seconds");
  r = make_record(1e-3);
  r.knobs.clear();
  expect_rejected(r, "knobs");
  r = make_record(1e-3);
  r.threads = 0;
  expect_rejected(r, "threads");
  r = make_record(1e-3);
  r.failure_reason = "left over";
  expect_rejected(r, "failure_reason");
  EXPECT_EQ(db->count(), 0);
  r = make_failure(TrialStatus::kCrash);
  r.failure_reason.clear();  // a failure's numbers and reason are stored as given
  db->insert(r);
  EXPECT_EQ(db->count(), 1);
}

TEST_F(DatabaseTest, ReopenReadsBackAndTwoConnectionsInterleave) {
  std::vector<TuningRecord> written;
  {
    auto first = Database::open(path_);
    auto second = Database::open(path_);
    for (int i = 0; i < 20; ++i) {
      written.push_back(make_record(1e-3 * (i + 1), i));
      (i % 2 == 0 ? first : second)->insert(written.back());
    }
    EXPECT_EQ(first->count(), 20);
    EXPECT_EQ(second->records(kKey, kTarget, 1).size(), 20u);
  }
  auto reopened = Database::open(path_);
  std::vector<TuningRecord> rows = reopened->records(kKey, kTarget, 1);
  ASSERT_EQ(rows.size(), written.size());
  for (size_t i = 0; i < rows.size(); ++i) expect_same(rows[i], written[i]);
  // 20 trials of one schedule: its median trial (the slower middle) represents it.
  EXPECT_EQ(reopened->best(kKey, kTarget, 1)->trial_index, 10);
}

TEST_F(DatabaseTest, TwoProcessesInsertConcurrently) {
  constexpr int kRows = 200;
  Database::open(path_);  // both children find the schema; creation races are tested below
  pid_t children[2];
  for (int child = 0; child < 2; ++child) {
    children[child] = fork();
    ASSERT_GE(children[child], 0);
    if (children[child] == 0) {
      int code = 0;
      try {
        auto db = Database::open(path_);
        for (int i = 0; i < kRows; ++i) db->insert(make_record(1e-3, child * kRows + i));
      } catch (const std::exception& e) {
        fprintf(stderr, "child %d: %s\n", child, e.what());
        code = 1;
      }
      _exit(code);
    }
  }
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  auto db = Database::open(path_);
  std::set<int> seen;
  for (const TuningRecord& r : db->records(kKey, kTarget, 1)) seen.insert(r.trial_index);
  EXPECT_EQ(seen.size(), 2u * kRows);
  EXPECT_EQ(db->count(), 2 * kRows);
}

TEST_F(DatabaseTest, ConcurrentCreationOfANewFile) {
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    int code = 0;
    try {
      Database::open(path_)->insert(make_record(1e-3, 1));
    } catch (const std::exception& e) {
      fprintf(stderr, "child: %s\n", e.what());
      code = 1;
    }
    _exit(code);
  }
  auto db = Database::open(path_);
  db->insert(make_record(1e-3, 2));
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_EQ(db->count(), 2);
}

TEST_F(DatabaseTest, CommittedRowsSurviveSigkill) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    close(fds[0]);
    auto db = Database::open(path_);
    for (int i = 0; i < 1000000; ++i) {
      int64_t id = db->insert(make_record(1e-3, i));
      if (write(fds[1], &id, sizeof id) != sizeof id) _exit(1);
    }
    _exit(0);
  }
  close(fds[1]);
  std::set<int64_t> reported;
  int64_t id = 0;
  while (reported.size() < 50 && read(fds[0], &id, sizeof id) == sizeof id) reported.insert(id);
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFSIGNALED(status));
  while (read(fds[0], &id, sizeof id) == sizeof id) reported.insert(id);
  close(fds[0]);
  ASSERT_GE(reported.size(), 50u);
  auto db = Database::open(path_);
  std::set<int64_t> stored;
  for (const TuningRecord& r : db->records(kKey, kTarget, 1)) stored.insert(r.id);
  for (int64_t reported_id : reported) EXPECT_EQ(stored.count(reported_id), 1u) << reported_id;
}

TEST_F(DatabaseTest, RandomBytesAreNotADatabase) {
  std::mt19937 random(42);
  {
    std::ofstream out(path_, std::ios::binary);
    for (int i = 0; i < 4096; ++i) out.put(static_cast<char>(random()));
  }
  try {
    Database::open(path_);
    FAIL() << "opened random bytes";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.path(), path_);
    EXPECT_NE(std::string(e.what()).find(path_), std::string::npos) << e.what();
  }
}

TEST_F(DatabaseTest, RejectsForeignAndNewerDatabasesAndBadPaths) {
  raw_exec(path_, "CREATE TABLE photos (id INTEGER)");
  EXPECT_THROW(Database::open(path_), DatabaseError);
  std::string newer = dir_ + "/newer.db";
  Database::open(newer)->insert(make_record(1e-3));
  raw_exec(newer, "PRAGMA user_version = 99");
  try {
    Database::open(newer);
    FAIL() << "opened a newer schema";
  } catch (const DatabaseError& e) {
    EXPECT_NE(std::string(e.what()).find("schema version 99"), std::string::npos) << e.what();
  }
  EXPECT_THROW(Database::open(dir_ + "/missing/dir/tune.db"), DatabaseError);
  EXPECT_THROW(Database::open(""), InputError);
}

TEST_F(DatabaseTest, CorruptRowsAreReportedNotLoaded) {
  struct Corruption {
    const char* assignment;
    const char* column;
    bool matches_workload;  // whether records() and best() of the workload still meet the row
  };
  const Corruption corruptions[] = {{"status = 'finished'", "status", true},
                                    {"min_seconds = -1", "min_seconds", true},
                                    {"min_seconds = NULL", "min_seconds", true},
                                    {"median_seconds = 'fast'", "median_seconds", true},
                                    {"knobs = ''", "knobs", true},
                                    {"knobs = x'00ff'", "knobs", true},
                                    {"workload_key = ''", "workload_key", false},
                                    {"threads = 1.5", "threads", false}};
  int case_index = 0;
  for (const auto& [assignment, column, matches_workload] : corruptions) {
    SCOPED_TRACE(assignment);
    const std::string path = dir_ + "/corrupt" + std::to_string(case_index++) + ".db";
    int64_t bad_id = 0;
    {
      auto db = Database::open(path);
      db->insert(make_record(2e-3, 0));
      bad_id = db->insert(make_record(1e-3, 1));
    }
    raw_exec(path, std::string("UPDATE trials SET ") + assignment +
                       " WHERE id = " + std::to_string(bad_id));
    auto db = Database::open(path);
    const std::string field = "database row " + std::to_string(bad_id);
    for (int method = matches_workload ? 0 : 2; method < 3; ++method) {
      try {
        if (method == 0) db->records(kKey, kTarget, 1);
        if (method == 1) db->best(kKey, kTarget, 1);
        if (method == 2) db->best_per_workload("");
        ADD_FAILURE() << "loaded a corrupt row, method " << method;
      } catch (const InputError& e) {
        EXPECT_EQ(e.field(), field);
        EXPECT_EQ(e.rule().rfind(column, 0), 0u) << e.what();
      }
    }
    db->erase_row(bad_id);
    EXPECT_EQ(db->best(kKey, kTarget, 1)->trial_index, 0);
  }
}

TEST(DatabaseMemoryTest, InMemoryDatabasesAreIndependent) {
  auto a = Database::open(":memory:");
  auto b = Database::open(":memory:");
  TuningRecord r = make_record(1e-3);
  r.created_at = 0;  // insert() fills in the current time
  a->insert(r);
  EXPECT_EQ(a->count(), 1);
  EXPECT_GT(a->records(kKey, kTarget, 1).at(0).created_at, 1600000000);
  EXPECT_EQ(b->count(), 0);
  EXPECT_EQ(a->path(), ":memory:");
}

}  // namespace database_test
}  // namespace kf
