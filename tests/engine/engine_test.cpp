// Engine: baselines without a database, the database's best schedule when it has one, weights
// packed on the first call and again on prepare(), concurrent kernel() and run() calls, kernels
// that outlive their Engine, and bad input refused with messages.
#include "engine/engine.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cmath>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "autotune/database.h"
#include "autotune/problem.h"
#include "autotune/tuning_record.h"
#include "jit/object_cache.h"
#include "schedules/op_template.h"
#include "tests/support/relative_error.h"

namespace kf {
namespace engine_test {

namespace fs = std::filesystem;

// A small conv with bias and ReLU (direct template) and a stride-2 transposed conv whose NHWC
// schedule packs its weights (sub-pixel).
constexpr const char* kConv = "mb1ic7ih9iw11oc19kh3kw3ph1pw1_bia_relu";
constexpr const char* kDeconv = "mb1ic5ih5iw7oc17kh4kw4sh2sw2ph1pw1_nhwc_bia_relu";

// The inputs of a seeded Problem, as the plain pointers Engine takes.
std::vector<const void*> pointers(const Problem& problem) {
  std::vector<const void*> inputs;
  for (size_t i = 0; i < problem.op().inputs().size(); ++i) inputs.push_back(problem.input(i));
  return inputs;
}

// max |out - ref| / (1 + |ref|) of `output` against the problem's reference.
double max_error(const Problem& problem, const std::vector<float>& output) {
  return test::max_relative_error(problem.reference(), output.data());
}

// Runs `kernel` on `problem`'s inputs and returns the error (infinity when run fails).
double run_error(EngineKernel& kernel, const Problem& problem) {
  std::vector<float> output(problem.reference().size(), NAN);
  if (kernel.run(pointers(problem), output.data()) != 0) return INFINITY;
  return max_error(problem, output);
}

std::unique_ptr<Engine> make_engine(const EngineOptions& options) {
  auto engine = Engine::create(options);
  EXPECT_TRUE(static_cast<bool>(engine)) << llvm::toString(engine.takeError());
  return engine ? std::move(*engine) : nullptr;
}

class EngineTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    unsetenv("KFORGE_CACHE_DIR");
    engine_ = make_engine({}).release();
  }
  static void TearDownTestSuite() {
    delete engine_;
    engine_ = nullptr;
  }
  static Engine* engine_;
};

Engine* EngineTest::engine_ = nullptr;

TEST_F(EngineTest, BaselineKernelWithoutDatabaseMatchesTheReference) {
  ASSERT_NE(engine_, nullptr);
  auto kernel = engine_->kernel("conv", kConv);
  ASSERT_TRUE(static_cast<bool>(kernel)) << llvm::toString(kernel.takeError());
  EXPECT_EQ((*kernel)->schedule().rfind("baseline: conv_direct_nhwc", 0), 0u)
      << (*kernel)->schedule();
  EXPECT_FALSE((*kernel)->packs_weights());
  const Problem problem((*kernel)->desc(), 3);
  EXPECT_LE(run_error(**kernel, problem), problem.tolerance());
}

TEST_F(EngineTest, WeightsArePackedOnFirstUseAndAgainOnPrepare) {
  auto kernel = engine_->kernel("deconv", kDeconv);
  ASSERT_TRUE(static_cast<bool>(kernel)) << llvm::toString(kernel.takeError());
  ASSERT_TRUE((*kernel)->packs_weights()) << (*kernel)->schedule();
  const Problem first((*kernel)->desc(), 1);
  EXPECT_LE(run_error(**kernel, first), first.tolerance());
  EXPECT_LE(run_error(**kernel, first), first.tolerance());
  // New weights: without prepare() the kernel keeps using the packed old ones ...
  const Problem second((*kernel)->desc(), 2);
  EXPECT_GT(run_error(**kernel, second), second.tolerance());
  // ... and after it, the new ones.
  ASSERT_EQ((*kernel)->prepare(pointers(second)), 0);
  EXPECT_LE(run_error(**kernel, second), second.tolerance());
}

TEST_F(EngineTest, ConcurrentKernelAndRunCallsAreCorrect) {
  auto shared = engine_->kernel("deconv", kDeconv);
  ASSERT_TRUE(static_cast<bool>(shared)) << llvm::toString(shared.takeError());
  const Problem deconv((*shared)->desc(), 4);
  std::vector<double> errors(8, INFINITY);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      if (t % 2 == 0) {
        // One kernel shared by four threads: the first run packs while the others wait.
        errors[t] = run_error(**shared, deconv);
        errors[t] = std::max(errors[t], run_error(**shared, deconv));
      } else {
        // Four threads asking for their own kernel of one conv at once.
        auto own = engine_->kernel("conv", kConv);
        if (!own) {
          llvm::consumeError(own.takeError());
          return;
        }
        const Problem conv((*own)->desc(), 5 + t);
        errors[t] = run_error(**own, conv) / conv.tolerance() * deconv.tolerance();
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (int t = 0; t < 8; ++t) EXPECT_LE(errors[t], deconv.tolerance()) << "thread " << t;
}

TEST_F(EngineTest, BadInputIsRefusedWithAMessage) {
  auto zero = engine_->kernel("conv", "mb1ic0ih9oc4kh3");
  ASSERT_FALSE(static_cast<bool>(zero));
  EXPECT_NE(llvm::toString(zero.takeError()).find("ic"), std::string::npos);
  auto unknown = engine_->kernel("no_such_op", "mb1ic3ih9oc4kh3");
  ASSERT_FALSE(static_cast<bool>(unknown));
  EXPECT_NE(llvm::toString(unknown.takeError()).find("op"), std::string::npos);

  auto kernel = engine_->kernel("conv", kConv);
  ASSERT_TRUE(static_cast<bool>(kernel)) << llvm::toString(kernel.takeError());
  std::vector<float> output(4096);
  EXPECT_EQ((*kernel)->run({nullptr}, output.data()), EngineKernel::kWrongInputCount);

  auto no_db = Engine::create({"/nonexistent/kforge.db", "", 1});
  ASSERT_FALSE(static_cast<bool>(no_db));
  EXPECT_NE(llvm::toString(no_db.takeError()).find("/nonexistent/kforge.db"), std::string::npos);
  auto no_threads = Engine::create({"", "", 0});
  ASSERT_FALSE(static_cast<bool>(no_threads));
  EXPECT_NE(llvm::toString(no_threads.takeError()).find("threads"), std::string::npos);
}

// A database with a tuned record for the conv, whose knobs differ from the baseline; an
// Engine on it (with an object cache) compiles that schedule, and its kernels outlive it.
TEST(EngineDatabase, UsesTheDatabasesBestScheduleAndKernelsOutliveTheEngine) {
  std::string pattern = (fs::temp_directory_path() / "kf_engine_XXXXXX").string();
  const std::string dir = mkdtemp(pattern.data());
  const std::string db_path = dir + "/tuned.db";
  const std::unique_ptr<OpDesc> desc = parse_op("conv", kConv);
  const Template& tmpl = *templates_for(*desc).front();
  const Halide::Target host = Halide::get_host_target();
  const KnobSpace space = tmpl.knob_space(*desc, host);
  const Config baseline = tmpl.baseline(*desc, host);
  std::mt19937_64 rng(11);
  Config tuned = space.sample(rng);
  while (tuned.values == baseline.values) tuned = space.sample(rng);
  {
    std::unique_ptr<Database> database = Database::open(db_path);
    TuningRecord record;
    record.workload_key = desc->key();
    record.op = desc->op();
    record.target = host.without_feature(Halide::Target::JIT).to_string();
    record.threads = 1;
    record.template_name = tmpl.name();
    record.template_version = tmpl.version();
    record.knobs = space.encode(tuned);
    record.status = TrialStatus::kOk;
    record.min_seconds = record.median_seconds = 1e-4;
    record.gflops = desc->flops() / 1e-4 * 1e-9;
    record.max_error = 1e-7;
    record.tool_versions = "test";
    database->insert(record);
  }
  std::unique_ptr<EngineKernel> kernel;
  {
    std::unique_ptr<Engine> engine = make_engine({db_path, dir + "/cache", 1});
    ASSERT_NE(engine, nullptr);
    auto compiled = engine->kernel(*desc);
    ASSERT_TRUE(static_cast<bool>(compiled)) << llvm::toString(compiled.takeError());
    kernel = std::move(*compiled);
    EXPECT_EQ(kernel->schedule(), "tuned (0.100 ms): " + tmpl.name() + " v" +
                                      std::to_string(tmpl.version()) + " {" + space.encode(tuned) +
                                      "}");
    ASSERT_NE(engine->object_cache(), nullptr);
    EXPECT_EQ(engine->object_cache()->misses(), 1);
  }
  // The Engine is gone; its kernel still runs (it holds the JIT session).
  const Problem problem(*desc, 9);
  EXPECT_LE(run_error(*kernel, problem), problem.tolerance());
  kernel.reset();
  {
    // A new Engine (a new process, as far as the JIT knows) loads it from the cache.
    std::unique_ptr<Engine> engine = make_engine({db_path, dir + "/cache", 1});
    ASSERT_NE(engine, nullptr);
    auto again = engine->kernel(*desc);
    ASSERT_TRUE(static_cast<bool>(again)) << llvm::toString(again.takeError());
    EXPECT_EQ(engine->object_cache()->hits(), 1);
    EXPECT_LE(run_error(**again, problem), problem.tolerance());
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace engine_test
}  // namespace kf
