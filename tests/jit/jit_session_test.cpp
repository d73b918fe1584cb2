// JitSession and Kernel: Halide schedule and lowering errors come back as llvm::Error (and leave
// the session usable); loading and unloading many kernels keeps resident memory bounded; Kernel
// is move-only and RAII; the runtime's thread count does not change results.
#include "jit/jit_session.h"

#include <HalideBuffer.h>
#include <dirent.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "autotune/problem.h"
#include "autotune/tuner.h"
#include "dsl/conv_desc.h"
#include "jit/kernel.h"
#include "schedules/conv_template.h"
#include "tests/support/shared_jit_session.h"

namespace kf {
namespace jit_session_test {

constexpr int kScaleSize = 37;  // odd: a vectorised loop has a tail

// A trivial pipeline out(x) = in(x) * factor, vectorised so that it takes the usual code paths.
// With `table_floats` > 0 the factor is read from a constant table of that many floats embedded
// in the kernel's code (out(x) = in(x) * table(x)), which makes the kernel that much larger.
struct ScalePipeline {
  Halide::ImageParam input{Halide::Float(32), 1, "input"};
  Halide::Var x{"x"};
  Halide::Func output{"scale"};

  explicit ScalePipeline(float factor, int table_floats = 0) {
    if (table_floats > 0) {
      Halide::Buffer<float> table(table_floats, "table");
      table.fill(factor);
      output(x) = input(x) * table(x);
    } else {
      output(x) = input(x) * factor;
    }
    output.vectorize(x, 8, Halide::TailStrategy::GuardWithIf);
  }
  Halide::Pipeline pipeline() const { return Halide::Pipeline(output); }
  std::vector<Halide::Argument> arguments() const { return {input}; }
};

// Runs a compiled ScalePipeline on 0, 1, 2, ... and checks every output; returns false on failure.
bool scale_works(const Kernel& kernel, float factor) {
  Halide::Runtime::Buffer<float> in(kScaleSize), out(kScaleSize);
  for (int i = 0; i < kScaleSize; ++i) {
    in(i) = static_cast<float>(i);
    out(i) = -1.0f;
  }
  halide_buffer_t* buffers[] = {in.raw_buffer(), out.raw_buffer()};
  const int code = kernel.run(buffers, 2);
  EXPECT_EQ(code, 0) << kernel.name();
  if (code != 0) return false;
  for (int i = 0; i < kScaleSize; ++i) {
    if (out(i) != static_cast<float>(i) * factor) {
      ADD_FAILURE() << kernel.name() << ": out(" << i << ") = " << out(i) << ", expected "
                    << static_cast<float>(i) * factor;
      return false;
    }
  }
  return true;
}

Kernel compile_scale(float factor, int table_floats = 0) {
  ScalePipeline p(factor, table_floats);
  llvm::Expected<Kernel> kernel = test::shared_session().compile(p.pipeline(), p.arguments());
  if (!kernel) {
    ADD_FAILURE() << llvm::toString(kernel.takeError());
    return Kernel();
  }
  return std::move(*kernel);
}

// Resident set size of this process in bytes, from /proc/self/statm.
int64_t resident_bytes() {
  std::FILE* file = std::fopen("/proc/self/statm", "r");
  if (!file) return -1;
  long long size = 0, resident = 0;
  const int read = std::fscanf(file, "%lld %lld", &size, &resident);
  std::fclose(file);
  return read == 2 ? resident * static_cast<int64_t>(sysconf(_SC_PAGESIZE)) : -1;
}

// Number of threads of this process, from /proc/self/task.
int thread_count() {
  DIR* dir = opendir("/proc/self/task");
  if (!dir) return -1;
  int count = 0;
  while (const dirent* entry = readdir(dir)) {
    if (entry->d_name[0] != '.') ++count;
  }
  closedir(dir);
  return count;
}

TEST(JitSessionTest, KernelTargetHasNoRuntime) {
  const Halide::Target& target = test::shared_session().kernel_target();
  EXPECT_TRUE(target.has_feature(Halide::Target::NoRuntime));
  EXPECT_FALSE(target.has_feature(Halide::Target::JIT));
  EXPECT_EQ(target.os, Halide::get_host_target().os);
  EXPECT_EQ(target.arch, Halide::get_host_target().arch);
}

TEST(JitSessionTest, CompilesAndRunsTrivialPipeline) {
  Kernel kernel = compile_scale(2.0f);
  ASSERT_TRUE(kernel.valid());
  EXPECT_FALSE(kernel.name().empty());
  EXPECT_TRUE(scale_works(kernel, 2.0f));
}

TEST(JitSessionTest, ComputeAtMissingLoopIsAnErrorNotACrash) {
  JitSession& session = test::shared_session();
  Halide::ImageParam input(Halide::Float(32), 1, "input");
  Halide::Var x("x"), elsewhere("elsewhere");
  Halide::Func producer("producer"), consumer("consumer");
  producer(x) = input(x) + 1.0f;
  consumer(x) = producer(x) * 2.0f;
  producer.compute_at(consumer, elsewhere);  // consumer has no loop over `elsewhere`
  const int before = session.kernels_compiled();
  llvm::Expected<Kernel> kernel = session.compile(Halide::Pipeline(consumer), {input});
  ASSERT_FALSE(bool(kernel));
  const std::string message = llvm::toString(kernel.takeError());
  EXPECT_NE(message.find("producer"), std::string::npos) << message;
  EXPECT_GE(session.kernels_compiled(), before);
  // The session stays usable after a failed compile.
  EXPECT_TRUE(scale_works(compile_scale(3.0f), 3.0f));
}

TEST(JitSessionTest, MissingArgumentIsAnErrorNotACrash) {
  JitSession& session = test::shared_session();
  Halide::ImageParam input(Halide::Float(32), 1, "input"), other(Halide::Float(32), 1, "other");
  Halide::Var x("x");
  Halide::Func sum("sum");
  sum(x) = input(x) + other(x);
  llvm::Expected<Kernel> kernel = session.compile(Halide::Pipeline(sum), {input});
  ASSERT_FALSE(bool(kernel));
  const std::string message = llvm::toString(kernel.takeError());
  EXPECT_NE(message.find("other"), std::string::npos) << message;
  EXPECT_TRUE(scale_works(compile_scale(0.5f), 0.5f));
}

TEST(JitSessionTest, ScheduleErrorThroughCompileConfigIsAnError) {
  // A template whose apply() issues a directive Halide rejects: compile_config must return the
  // complaint as llvm::Error.
  class BrokenTemplate final : public ConvTemplate {
   public:
    std::string name() const override { return "broken"; }
    int version() const override { return 1; }
    bool applicable(const ConvDesc&) const override { return true; }
    KnobSpace knob_space(const ConvDesc&, const Halide::Target&) const override {
      return KnobSpace({{"lanes", {8}, {}}});
    }
    Config baseline(const ConvDesc&, const Halide::Target&) const override { return Config{{8}}; }
    void apply(const ConvAlgorithm& a, const Config& config, const Halide::Target&) const override {
      Halide::Func output = a.output;
      output.vectorize(Halide::Var("not_a_dimension"), config.values[0]);
    }
  };
  const BrokenTemplate broken;
  const ConvDesc desc = parse_conv("mb1ic3ih5oc4kh3_nhwc");
  llvm::Expected<OpKernel> kernel =
      compile_config(test::shared_session(), desc, broken, broken.baseline(desc, {}));
  ASSERT_FALSE(bool(kernel));
  const std::string message = llvm::toString(kernel.takeError());
  EXPECT_NE(message.find("not_a_dimension"), std::string::npos) << message;
}

TEST(JitSessionTest, LoadingAndUnloadingManyKernelsKeepsMemoryBounded) {
  // Each kernel carries a 256 KiB constant table, so keeping the 150 kernels after the warm-up
  // loaded would grow resident memory by about 40 MiB; unloading them must keep it flat.
  constexpr int kKernels = 200;
  constexpr int kWarmUp = 50;
  constexpr int kTableFloats = 64 * 1024;
  constexpr int64_t kMaxGrowthBytes = 20 << 20;
  int64_t resident_after_warm_up = 0;
  for (int i = 1; i <= kKernels; ++i) {
    const float factor = static_cast<float>(i % 13) + 0.5f;
    {
      Kernel kernel = compile_scale(factor, kTableFloats);
      ASSERT_TRUE(kernel.valid()) << "kernel " << i;
      ASSERT_TRUE(scale_works(kernel, factor)) << "kernel " << i;
    }  // unloaded here
    if (i == kWarmUp) resident_after_warm_up = resident_bytes();
  }
  const int64_t resident_at_end = resident_bytes();
  ASSERT_GT(resident_after_warm_up, 0);
  ASSERT_GT(resident_at_end, 0);
  EXPECT_LT(resident_at_end - resident_after_warm_up, kMaxGrowthBytes)
      << "resident memory grew from " << (resident_after_warm_up >> 20) << " MiB after " << kWarmUp
      << " kernels to " << (resident_at_end >> 20) << " MiB after " << kKernels;
}

TEST(JitSessionTest, KernelNamesAreUnique) {
  Kernel a = compile_scale(1.0f);
  Kernel b = compile_scale(1.0f);
  EXPECT_NE(a.name(), b.name());
  // Two live kernels of the same pipeline are independent.
  EXPECT_TRUE(scale_works(a, 1.0f));
  EXPECT_TRUE(scale_works(b, 1.0f));
}

// Creates a session, runs a parallel kernel on two threads, destroys kernel and session, waits a
// little and exits with 0 if the process is back to `threads_before` threads (1 otherwise). A
// runtime worker left running in the freed JIT memory crashes the process instead.
void run_parallel_kernel_then_destroy_session(int threads_before) {
  {
    auto session = JitSession::create(Halide::get_host_target());
    if (!session) {
      std::fprintf(stderr, "create: %s\n", llvm::toString(session.takeError()).c_str());
      std::exit(2);
    }
    Halide::ImageParam input(Halide::Float(32), 2, "input");
    Halide::Var x("x"), y("y");
    Halide::Func rows("rows");
    rows(x, y) = input(x, y) + 1.0f;
    rows.parallel(y);
    llvm::Expected<Kernel> kernel = (*session)->compile(Halide::Pipeline(rows), {input});
    if (!kernel) {
      std::fprintf(stderr, "compile: %s\n", llvm::toString(kernel.takeError()).c_str());
      std::exit(2);
    }
    (*session)->set_num_threads(2);
    Halide::Runtime::Buffer<float> in(16, 64), out(16, 64);
    in.fill(1.0f);
    halide_buffer_t* buffers[] = {in.raw_buffer(), out.raw_buffer()};
    for (int i = 0; i < 10; ++i) {
      if (kernel->run(buffers, 2) != 0 || out(15, 63) != 2.0f) std::exit(3);
    }
    std::fprintf(stderr, "threads before the session: %d, while running: %d\n", threads_before,
                 thread_count());
  }  // kernel, then session destroyed
  usleep(100 * 1000);
  const int threads_after = thread_count();
  std::fprintf(stderr, "threads after destroying the session: %d\n", threads_after);
  std::exit(threads_after == threads_before ? 0 : 1);
}

TEST(JitSessionDeathTest, DestroyingSessionStopsItsRuntimeThreads) {
  // The runtime's worker threads run code that lives in the session's JIT memory: they must be
  // gone before that memory is freed. Run in a child process, so a crash fails only this test.
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(run_parallel_kernel_then_destroy_session(thread_count()), testing::ExitedWithCode(0),
              "threads after destroying the session");
}

TEST(KernelTest, DefaultKernelIsInvalid) {
  const Kernel kernel;
  EXPECT_FALSE(kernel.valid());
  EXPECT_TRUE(kernel.name().empty());
}

TEST(KernelTest, MoveConstructionTransfersOwnership) {
  Kernel source = compile_scale(4.0f);
  ASSERT_TRUE(source.valid());
  const std::string name = source.name();
  Kernel moved(std::move(source));
  EXPECT_FALSE(source.valid());  // NOLINT(bugprone-use-after-move): checking the moved-from state
  ASSERT_TRUE(moved.valid());
  EXPECT_EQ(moved.name(), name);
  EXPECT_TRUE(scale_works(moved, 4.0f));
}

TEST(KernelTest, MoveAssignmentReleasesTheOldKernel) {
  Kernel first = compile_scale(5.0f);
  Kernel second = compile_scale(6.0f);
  ASSERT_TRUE(first.valid());
  ASSERT_TRUE(second.valid());
  const std::string second_name = second.name();
  first = std::move(second);
  EXPECT_FALSE(second.valid());  // NOLINT(bugprone-use-after-move)
  ASSERT_TRUE(first.valid());
  EXPECT_EQ(first.name(), second_name);
  EXPECT_TRUE(scale_works(first, 6.0f));
  // Assigning an empty kernel unloads the current one.
  first = Kernel();
  EXPECT_FALSE(first.valid());
}

TEST(KernelTest, KernelsCanLiveInContainers) {
  std::vector<Kernel> kernels;
  for (int i = 1; i <= 3; ++i) kernels.push_back(compile_scale(static_cast<float>(i)));
  kernels.erase(kernels.begin());  // moves the others down
  ASSERT_EQ(kernels.size(), 2u);
  EXPECT_TRUE(scale_works(kernels[0], 2.0f));
  EXPECT_TRUE(scale_works(kernels[1], 3.0f));
}

TEST(JitSessionTest, ThreadCountDoesNotChangeResults) {
  JitSession& session = test::shared_session();
  // Enough rows that the baseline's parallel loop has several tasks.
  const ConvDesc desc = parse_conv("mb2ic7ih15iw13oc9kh3kw3ph1pw1_nhwc_bia_relu");
  const std::vector<const ConvTemplate*> templates = conv_templates_for(desc);
  ASSERT_FALSE(templates.empty());
  const ConvTemplate& tmpl = *templates[0];
  llvm::Expected<OpKernel> kernel =
      compile_config(session, desc, tmpl, tmpl.baseline(desc, session.kernel_target()));
  ASSERT_TRUE(bool(kernel)) << llvm::toString(kernel.takeError());

  ConvProblem problem(desc);
  std::vector<halide_buffer_t*> buffers = problem.buffers();
  std::vector<std::vector<float>> outputs;
  for (int threads : {1, 2}) {
    session.set_num_threads(threads);
    problem.poison_output();
    ASSERT_EQ(kernel->run(buffers.data(), static_cast<int>(buffers.size())), 0) << threads;
    EXPECT_LE(problem.max_error(), problem.tolerance()) << threads << " threads";
    const int64_t n = desc.output_elements();
    outputs.emplace_back(problem.output(), problem.output() + n);
  }
  session.set_num_threads(1);
  // Each output element is reduced in the same order whatever the thread count.
  EXPECT_EQ(outputs[0], outputs[1]);
}

// Threads of this process, from /proc/self/task.
int process_threads() {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/task")) {
    (void)entry;
    ++count;
  }
  return count;
}

TEST(JitSessionTest, LoweringTheThreadCountRetiresWorkers) {
  // Halide 14 keeps existing workers busy after halide_set_num_threads lowers the count; the
  // session must really run a 1-thread measurement on one thread after a 2-thread one.
  JitSession& session = test::shared_session();
  const ConvDesc desc = parse_conv("mb2ic7ih15iw13oc9kh3kw3ph1pw1_nhwc");
  const ConvTemplate& tmpl = *conv_templates_for(desc)[0];
  llvm::Expected<OpKernel> kernel =
      compile_config(session, desc, tmpl, tmpl.baseline(desc, session.kernel_target()));
  ASSERT_TRUE(bool(kernel)) << llvm::toString(kernel.takeError());
  ConvProblem problem(desc);
  std::vector<halide_buffer_t*> buffers = problem.buffers();
  const int count = static_cast<int>(buffers.size());

  session.set_num_threads(1);
  ASSERT_EQ(kernel->run(buffers.data(), count), 0);
  const int single = process_threads();
  session.set_num_threads(2);
  ASSERT_EQ(kernel->run(buffers.data(), count), 0);
  EXPECT_GT(process_threads(), single) << "two threads requested, no worker started";
  session.set_num_threads(1);
  ASSERT_EQ(kernel->run(buffers.data(), count), 0);
  EXPECT_EQ(process_threads(), single) << "workers still alive after lowering the count to 1";
  EXPECT_LE(problem.max_error(), problem.tolerance());
}

TEST(JitSessionTest, AnUnknownThreadPoolIsRefusedByName) {
  setenv("KF_THREAD_POOL", "openmp", 1);
  llvm::Expected<std::unique_ptr<JitSession>> session =
      JitSession::create(Halide::get_host_target());
  unsetenv("KF_THREAD_POOL");
  ASSERT_FALSE(bool(session));
  const std::string message = llvm::toString(session.takeError());
  EXPECT_NE(message.find("KF_THREAD_POOL"), std::string::npos) << message;
  EXPECT_NE(message.find("'spinning'"), std::string::npos) << message;
  EXPECT_NE(message.find("'openmp'"), std::string::npos) << message;
}

TEST(JitSessionTest, HalidesOwnPoolCanBeChosenAndRunsKernels) {
  setenv("KF_THREAD_POOL", "halide", 1);
  llvm::Expected<std::unique_ptr<JitSession>> session =
      JitSession::create(Halide::get_host_target());
  unsetenv("KF_THREAD_POOL");
  ASSERT_TRUE(bool(session)) << llvm::toString(session.takeError());
  (*session)->set_num_threads(2);
  const ConvDesc desc = parse_conv("mb2ic7ih15iw13oc9kh3kw3ph1pw1_nhwc");
  const ConvTemplate& tmpl = *conv_templates_for(desc)[0];
  llvm::Expected<OpKernel> kernel =
      compile_config(**session, desc, tmpl, tmpl.baseline(desc, (*session)->kernel_target()));
  ASSERT_TRUE(bool(kernel)) << llvm::toString(kernel.takeError());
  ConvProblem problem(desc);
  std::vector<halide_buffer_t*> buffers = problem.buffers();
  ASSERT_EQ(kernel->run(buffers.data(), static_cast<int>(buffers.size())), 0);
  EXPECT_LE(problem.max_error(), problem.tolerance());
}

}  // namespace jit_session_test
}  // namespace kf

namespace kf {
namespace jit_session_test {

// Kernels may be loaded anywhere in the address space, far (over 2 GiB) from the runtime that
// was loaded when the session started, as happens after an application allocates large tensors.
// Here 64 GiB of address space is reserved (never touched) in 1 GiB pieces after the session
// exists, which fills the holes near the runtime, so that the kernel's code lands beyond. Its
// references to the runtime's code and data must still resolve: with the small code model they
// overflow their 32-bit displacements (seen as a crash in the norm benchmark).
TEST(JitSessionTest, KernelsLoadedFarFromTheRuntimeWork) {
  auto session = JitSession::create(Halide::get_host_target());
  ASSERT_TRUE(bool(session)) << llvm::toString(session.takeError());
  constexpr size_t kPiece = size_t{1} << 30;
  std::vector<void*> reserved;
  for (int i = 0; i < 64; ++i) {
    void* piece =
        mmap(nullptr, kPiece, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (piece == MAP_FAILED) break;
    reserved.push_back(piece);
  }
  const ConvDesc desc = parse_conv("mb2ic7ih15iw13oc9kh3kw3ph1pw1_nhwc_bia_relu");
  const ConvTemplate& tmpl = *conv_templates_for(desc).at(0);
  {
    llvm::Expected<OpKernel> kernel =
        compile_config(**session, desc, tmpl, tmpl.baseline(desc, (*session)->kernel_target()));
    ASSERT_TRUE(bool(kernel)) << llvm::toString(kernel.takeError());
    ConvProblem problem(desc);
    std::vector<halide_buffer_t*> buffers = problem.buffers();
    problem.poison_output();
    (*session)->set_num_threads(2);
    EXPECT_EQ(kernel->run(buffers.data(), static_cast<int>(buffers.size())), 0);
    EXPECT_LE(problem.max_error(), problem.tolerance());
  }
  for (void* piece : reserved) munmap(piece, kPiece);
}

}  // namespace jit_session_test
}  // namespace kf
