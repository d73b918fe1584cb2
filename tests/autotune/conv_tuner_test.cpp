// tune_workload and its helpers on one shared tuning run of the tiny workload: every trial is
// committed, the best is the fastest ok record, the baseline is recorded, a tuned workload is
// answered from the database unless a re-tune or another thread count is asked for, the same seed
// proposes the same knobs, compile_record rebuilds a correct kernel, and resolve_schedule rejects
// records it cannot use. (conv_tuner_search_test.cpp holds the searches of their own.)
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "autotune/database.h"
#include "autotune/problem.h"
#include "autotune/tuner.h"
#include "dsl/conv_desc.h"
#include "dsl/input_error.h"
#include "schedules/conv_template.h"
#include "tests/support/shared_jit_session.h"
#include "tests/support/tiny_tuning.h"

namespace kf {
namespace conv_tuner_test {

using test::knobs_of;
using test::tiny_options;

// One tuning run into an in-memory database, shared by the tests of the suite: they read it, or
// work on copies of it. CMake runs the suite as one test process (tests/CMakeLists.txt), so the
// run happens once.
class ConvTunerTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    desc_ = new ConvDesc(parse_conv(test::kTinyWorkload));
    database_ = Database::open(":memory:").release();
    trials_seen_ = new std::vector<TuningRecord>;
    outcome_ = new TuneOutcome(
        tune_workload(*desc_, session(), *database_, tiny_options(),
                      [](const TuningRecord& trial, const TuneOutcome& so_far) {
                        trials_seen_->push_back(trial);
                        EXPECT_EQ(so_far.trials, static_cast<int>(trials_seen_->size()));
                      }));
  }
  static void TearDownTestSuite() {
    delete outcome_;
    delete trials_seen_;
    delete database_;
    delete desc_;
  }

  static JitSession& session() { return test::shared_session(); }
  static std::vector<TuningRecord> records(Database& database) {
    return test::records_of(*desc_, database);
  }

  static inline ConvDesc* desc_ = nullptr;
  static inline Database* database_ = nullptr;
  static inline TuneOutcome* outcome_ = nullptr;
  static inline std::vector<TuningRecord>* trials_seen_ = nullptr;
};

TEST_F(ConvTunerTest, EveryTrialIsCommitted) {
  EXPECT_FALSE(outcome_->from_database);
  EXPECT_EQ(outcome_->trials, 4);
  EXPECT_EQ(database_->count(), outcome_->trials);
  const std::vector<TuningRecord> stored = records(*database_);
  ASSERT_EQ(static_cast<int>(stored.size()), outcome_->trials);
  int failures = 0;
  for (size_t i = 0; i < stored.size(); ++i) {
    const TuningRecord& r = stored[i];
    EXPECT_EQ(r.trial_index, static_cast<int>(i));
    EXPECT_EQ(r.op, "conv");
    EXPECT_EQ(r.workload_key, desc_->key());
    EXPECT_EQ(r.target, target_key(session()));
    EXPECT_EQ(r.threads, 1);
    EXPECT_EQ(r.seed, 1);
    EXPECT_EQ(r.tool_versions, tool_versions());
    const Template* tmpl = find_template(r.template_name);
    ASSERT_NE(tmpl, nullptr) << r.template_name;
    EXPECT_EQ(r.template_version, tmpl->version());
    if (r.status != TrialStatus::kOk) {
      ++failures;
      EXPECT_FALSE(r.failure_reason.empty());
    } else {
      EXPECT_LE(r.max_error, tmpl->tolerance(*desc_)) << r.knobs;
      EXPECT_GT(r.gflops, 0) << r.knobs;
    }
  }
  EXPECT_EQ(outcome_->failures, failures);
}

TEST_F(ConvTunerTest, CallbackSeesEveryTrialInOrder) {
  const std::vector<TuningRecord> stored = records(*database_);
  ASSERT_EQ(trials_seen_->size(), stored.size());
  for (size_t i = 0; i < stored.size(); ++i) {
    EXPECT_EQ((*trials_seen_)[i].id, stored[i].id);
    EXPECT_EQ((*trials_seen_)[i].knobs, stored[i].knobs);
  }
}

TEST_F(ConvTunerTest, BestIsTheFastestOkRecord) {
  ASSERT_TRUE(outcome_->best.has_value());
  std::optional<TuningRecord> fastest;
  for (const TuningRecord& r : records(*database_)) {
    if (r.status == TrialStatus::kOk && (!fastest || r.min_seconds < fastest->min_seconds)) {
      fastest = r;
    }
  }
  ASSERT_TRUE(fastest.has_value());
  EXPECT_EQ(outcome_->best->id, fastest->id);
  EXPECT_EQ(outcome_->best->knobs, fastest->knobs);
  EXPECT_EQ(outcome_->best->status, TrialStatus::kOk);
  const std::optional<TuningRecord> stored_best =
      database_->best(desc_->key(), target_key(session()), 1);
  ASSERT_TRUE(stored_best.has_value());
  EXPECT_EQ(stored_best->id, outcome_->best->id);
}

TEST_F(ConvTunerTest, BaselineIsRecordedFirst) {
  ASSERT_TRUE(outcome_->baseline.has_value());
  const ConvTemplate& tmpl = *conv_templates_for(*desc_).front();
  const Halide::Target& target = session().kernel_target();
  EXPECT_EQ(outcome_->baseline->template_name, tmpl.name());
  EXPECT_EQ(outcome_->baseline->knobs,
            tmpl.knob_space(*desc_, target).encode(tmpl.baseline(*desc_, target)));
  EXPECT_EQ(outcome_->baseline->trial_index, 0);
  EXPECT_EQ(outcome_->baseline->status, TrialStatus::kOk);
  EXPECT_LE(outcome_->best->min_seconds, outcome_->baseline->min_seconds);
}

TEST_F(ConvTunerTest, SecondCallAnswersFromDatabase) {
  const int64_t rows = database_->count();
  int callbacks = 0;
  const TuneOutcome again =
      tune_workload(*desc_, session(), *database_, tiny_options(),
                    [&](const TuningRecord&, const TuneOutcome&) { ++callbacks; });
  EXPECT_TRUE(again.from_database);
  EXPECT_EQ(again.trials, 0);
  EXPECT_EQ(again.failures, 0);
  EXPECT_EQ(callbacks, 0);
  EXPECT_EQ(database_->count(), rows);
  ASSERT_TRUE(again.best.has_value());
  EXPECT_EQ(again.best->id, outcome_->best->id);
  ASSERT_TRUE(again.baseline.has_value());
  EXPECT_EQ(again.baseline->id, outcome_->baseline->id);
}

TEST_F(ConvTunerTest, OtherThreadCountIsNotAnsweredFromDatabase) {
  // Records are keyed by thread count: tuning for 2 threads searches (budget 1: the baseline).
  std::unique_ptr<Database> copy = Database::open(":memory:");
  for (const TuningRecord& r : records(*database_)) copy->insert(r);
  TuneOptions options = tiny_options(1);
  options.threads = 2;
  const TuneOutcome outcome = tune_workload(*desc_, session(), *copy, options);
  session().set_num_threads(1);
  EXPECT_FALSE(outcome.from_database);
  EXPECT_EQ(outcome.trials, 1);
  EXPECT_EQ(copy->count(), database_->count() + 1);
  ASSERT_TRUE(outcome.best.has_value());
  EXPECT_EQ(outcome.best->threads, 2);
}

TEST_F(ConvTunerTest, RetuneSearchesAgain) {
  // A copy of the shared database, so that the other tests see the first run only.
  std::unique_ptr<Database> copy = Database::open(":memory:");
  for (const TuningRecord& r : records(*database_)) copy->insert(r);
  TuneOptions options = tiny_options(2);
  options.retune = true;
  const TuneOutcome retuned = tune_workload(*desc_, session(), *copy, options);
  EXPECT_FALSE(retuned.from_database);
  EXPECT_EQ(retuned.trials, 2);
  EXPECT_EQ(copy->count(), database_->count() + 2);
  ASSERT_TRUE(retuned.best.has_value());
  EXPECT_EQ(retuned.best->status, TrialStatus::kOk);
}

TEST_F(ConvTunerTest, SameSeedProposesSameKnobs) {
  std::unique_ptr<Database> other = Database::open(":memory:");
  const TuneOutcome outcome = tune_workload(*desc_, session(), *other, tiny_options());
  EXPECT_EQ(outcome.trials, outcome_->trials);
  EXPECT_EQ(knobs_of(records(*other)), knobs_of(records(*database_)));
}

TEST_F(ConvTunerTest, CompileRecordRebuildsCorrectKernel) {
  ASSERT_TRUE(outcome_->best.has_value());
  llvm::Expected<OpKernel> kernel = compile_record(session(), *desc_, *outcome_->best);
  ASSERT_TRUE(bool(kernel)) << llvm::toString(kernel.takeError());
  ConvProblem problem(*desc_, /*seed=*/99);
  std::vector<halide_buffer_t*> buffers = problem.buffers();
  const int count = static_cast<int>(buffers.size());
  problem.poison_output();
  ASSERT_EQ(kernel->prepare(buffers.data(), count), 0);
  ASSERT_EQ(kernel->run(buffers.data(), count), 0);
  EXPECT_LE(problem.max_error(), find_template(outcome_->best->template_name)->tolerance(*desc_));
}

// Runs resolve_schedule and returns the InputError it throws; fails the test if it does not.
InputError resolve_error(const ConvDesc& desc, const TuningRecord& record,
                         const Halide::Target& target) {
  try {
    resolve_schedule(desc, record, target);
    ADD_FAILURE() << "resolve_schedule accepted " << record.template_name << " v"
                  << record.template_version << " {" << record.knobs << "}";
  } catch (const InputError& e) {
    return e;
  }
  return InputError("", "");
}

TEST_F(ConvTunerTest, ResolveScheduleAcceptsTheBestRecord) {
  const ResolvedSchedule resolved =
      resolve_schedule(*desc_, *outcome_->best, session().kernel_target());
  ASSERT_NE(resolved.tmpl, nullptr);
  EXPECT_EQ(resolved.tmpl->name(), outcome_->best->template_name);
  EXPECT_EQ(resolved.tmpl->knob_space(*desc_, session().kernel_target()).encode(resolved.config),
            outcome_->best->knobs);
}

TEST_F(ConvTunerTest, ResolveScheduleRejectsUnusableRecords) {
  const Halide::Target& target = session().kernel_target();
  ASSERT_TRUE(outcome_->baseline.has_value());
  const TuningRecord good = *outcome_->baseline;  // conv_direct_nhwc

  TuningRecord unknown = good;
  unknown.template_name = "conv_no_such_template";
  EXPECT_EQ(resolve_error(*desc_, unknown, target).field(), "template");

  TuningRecord old_version = good;
  old_version.template_version = good.template_version + 1;
  EXPECT_EQ(resolve_error(*desc_, old_version, target).field(), "template_version");

  TuningRecord other_layout = good;
  other_layout.template_name = "conv_direct_nchw";
  EXPECT_EQ(resolve_error(*desc_, other_layout, target).field(), "template");

  TuningRecord unknown_knob = good;
  unknown_knob.knobs += ",warp_size=32";
  EXPECT_EQ(resolve_error(*desc_, unknown_knob, target).field(), "knobs");

  TuningRecord malformed = good;
  malformed.knobs = "vectors_k";
  EXPECT_EQ(resolve_error(*desc_, malformed, target).field(), "knobs");

  TuningRecord illegal_value = good;
  illegal_value.knobs.replace(illegal_value.knobs.find("pad_at="), std::string::npos,
                              "pad_at=nowhere");
  const InputError e = resolve_error(*desc_, illegal_value, target);
  EXPECT_NE(e.field().find("pad_at"), std::string::npos) << e.what();
}

TEST_F(ConvTunerTest, ResolveScheduleRejectsConfigBreakingTheKnobConstraint) {
  // Every value is legal for its knob, but together they break the template's register budget
  // (vectors_k * tile_w * tile_h <= 30): the config is not in the knob space.
  const Halide::Target& target = session().kernel_target();
  TuningRecord over_budget = *outcome_->best;
  over_budget.template_name = "conv_direct_nhwc";
  over_budget.knobs =
      "vectors_k=1,tile_w=10,tile_h=4,k_tiles_outer=0,taps_inner=0,unroll_kw=0,"
      "rows_per_task=1,pad_at=row";
  EXPECT_EQ(resolve_error(*desc_, over_budget, target).field(), "knobs");
}

}  // namespace conv_tuner_test
}  // namespace kf
