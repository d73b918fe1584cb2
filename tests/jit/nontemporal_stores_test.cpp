// mark_nontemporal_stores: only the named buffers' stores are marked, an aligned vector store
// becomes MOVNTPS in the machine code, and a JIT-compiled streaming kernel computes what the
// cached one does. (An unaligned output would fail Halide's alignment check, whose default
// handler aborts: OpKernel dispatches such outputs before the call, tested with the norm
// templates.)
#include "jit/nontemporal_stores.h"

#include <HalideBuffer.h>
#include <gtest/gtest.h>
#include <llvm/IR/Instructions.h>
#include <llvm/Support/raw_ostream.h>

#include <string>

#include "jit/halide_errors.h"
#include "jit/jit_session.h"
#include "tests/support/shared_jit_session.h"

namespace kf {
namespace nontemporal_stores_test {

constexpr int kLength = 1024 + 13;  // a vector tail

// doubled(x) = 2 in(x), materialised; out(x) = doubled(x) + 1, both vectorised by 16 with the
// output declared 64-byte aligned, so Halide proves its vector stores aligned. Halide gives a
// Func a name of its own when the name was taken ("nt_output$1" for a second pipeline in the
// process), so the tests name buffers by Func::name(), as schedule_op does.
struct TwoStagePipeline {
  Halide::ImageParam input{Halide::Float(32), 1, "nt_input"};
  Halide::Var x{"x"};
  Halide::Func doubled{"nt_doubled"};
  Halide::Func output{"nt_output"};

  TwoStagePipeline() {
    doubled(x) = input(x) * 2.0f;
    output(x) = doubled(x) + 1.0f;
    doubled.compute_root().vectorize(x, 16, Halide::TailStrategy::GuardWithIf);
    output.vectorize(x, 16, Halide::TailStrategy::GuardWithIf);
    output.output_buffer().set_host_alignment(64);
  }
  Halide::Pipeline pipeline() const { return Halide::Pipeline(output); }
};

// The pipeline's LLVM module for the shared session's target.
std::unique_ptr<llvm::Module> lower(const TwoStagePipeline& p, llvm::LLVMContext& context) {
  auto module = lower_to_llvm(
      [&] {
        return p.pipeline().compile_to_module({p.input}, "nt_kernel",
                                              test::shared_session().kernel_target());
      },
      context);
  EXPECT_TRUE(static_cast<bool>(module)) << llvm::toString(module.takeError());
  return module ? std::move(*module) : nullptr;
}

int count_nontemporal(const llvm::Module& module) {
  int count = 0;
  for (const llvm::Function& function : module) {
    for (const llvm::BasicBlock& block : function) {
      for (const llvm::Instruction& instruction : block) {
        if (llvm::isa<llvm::StoreInst>(instruction) &&
            instruction.getMetadata(llvm::LLVMContext::MD_nontemporal)) {
          ++count;
        }
      }
    }
  }
  return count;
}

TEST(NontemporalStores, MarksOnlyTheNamedBuffersStores) {
  TwoStagePipeline p;
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> module = lower(p, context);
  ASSERT_TRUE(module);
  EXPECT_EQ(mark_nontemporal_stores(*module, {}), 0);
  EXPECT_EQ(mark_nontemporal_stores(*module, {"no_such_buffer"}), 0);
  EXPECT_EQ(count_nontemporal(*module), 0);

  const int output_stores = mark_nontemporal_stores(*module, {p.output.name()});
  EXPECT_GT(output_stores, 0);
  EXPECT_EQ(count_nontemporal(*module), output_stores);
  // The intermediate has stores of its own, which the output's marking left alone.
  std::unique_ptr<llvm::Module> both = lower(p, context);
  ASSERT_TRUE(both);
  EXPECT_GT(mark_nontemporal_stores(*both, {p.output.name(), p.doubled.name()}), output_stores);
}

TEST(NontemporalStores, AlignedVectorStoresBecomeMovntps) {
  TwoStagePipeline p;
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> module = lower(p, context);
  ASSERT_TRUE(module);
  ASSERT_GT(mark_nontemporal_stores(*module, {p.output.name()}), 0);
  llvm::SmallString<0> assembly;
  llvm::raw_svector_ostream out(assembly);
  ASSERT_FALSE(static_cast<bool>(
      catch_halide_errors([&] { Halide::compile_llvm_module_to_assembly(*module, out); })));
  // movntps, vmovntps: a full-vector streaming store, not MOVNTI pieces.
  EXPECT_NE(std::string(assembly.str()).find("movntps"), std::string::npos);
}

TEST(NontemporalStores, StreamingKernelComputesTheSameOutput) {
  TwoStagePipeline p;
  llvm::Expected<Kernel> kernel = test::shared_session().compile(
      p.pipeline(), {p.input}, CompileOptions{{p.output.name()}, ""});
  ASSERT_TRUE(static_cast<bool>(kernel)) << llvm::toString(kernel.takeError());
  Halide::Runtime::Buffer<float> in(kLength), out(kLength);
  for (int i = 0; i < kLength; ++i) {
    in(i) = static_cast<float>(i) - 100.0f;
    out(i) = -1.0f;
  }
  halide_buffer_t* buffers[] = {in.raw_buffer(), out.raw_buffer()};
  ASSERT_EQ(kernel->run(buffers, 2), 0);
  for (int i = 0; i < kLength; ++i) ASSERT_EQ(out(i), in(i)*2.0f + 1.0f) << "at " << i;
}

}  // namespace nontemporal_stores_test
}  // namespace kf
