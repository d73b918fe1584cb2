// check_config: compiles one configuration of a schedule template through the binary's shared
// JitSession, runs it on a Problem of the workload (deterministic inputs from `seed`, output
// poisoned with NaN), packing its weights first when the schedule has packing stages, and checks
// it against the naive reference within the workload's tolerance.
// Failures name the template and its knob values.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "autotune/problem.h"
#include "autotune/tuner.h"
#include "schedules/op_template.h"
#include "tests/support/shared_jit_session.h"

namespace kf::test {

inline void check_config(const OpDesc& desc, const Template& tmpl, const Config& config,
                         uint64_t seed) {
  JitSession& session = shared_session();
  const std::string label =
      tmpl.name() + " {" + tmpl.knob_space(desc, session.kernel_target()).encode(config) + "}";
  llvm::Expected<OpKernel> kernel = compile_config(session, desc, tmpl, config);
  ASSERT_TRUE(static_cast<bool>(kernel)) << label << ": " << llvm::toString(kernel.takeError());
  Problem problem(desc, seed);
  problem.poison_output();
  std::vector<halide_buffer_t*> buffers = problem.buffers();
  if (kernel->needs_prepare()) {
    ASSERT_EQ(kernel->prepare(buffers.data(), static_cast<int>(buffers.size())), 0) << label;
  }
  ASSERT_EQ(kernel->run(buffers.data(), static_cast<int>(buffers.size())), 0) << label;
  EXPECT_LE(problem.max_error(), problem.tolerance()) << label << " on " << desc.to_string();
}

}  // namespace kf::test
