// One JitSession per test binary, shared by all its test files: creating a session compiles the
// Halide runtime (~0.3 s). A gtest Environment destroys it after the last test, before static
// destruction (its destructor stops the runtime's worker threads, which live in JIT memory).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>

#include "jit/jit_session.h"

namespace kf::test {

class SharedJitSession : public ::testing::Environment {
 public:
  /// The binary's session, created on first use; aborts the binary if the JIT cannot start.
  static JitSession& get() {
    if (!session_) {
      auto created = JitSession::create(Halide::get_host_target());
      if (!created) {
        ADD_FAILURE() << "JitSession::create: " << llvm::toString(created.takeError());
        std::abort();
      }
      session_ = std::move(*created);
    }
    return *session_;
  }
  void TearDown() override { session_.reset(); }

 private:
  static inline std::unique_ptr<JitSession> session_;
};

/// Registered once per binary (an inline variable has one definition however many files include
/// this header).
inline ::testing::Environment* const kSharedJitSessionEnvironment =
    ::testing::AddGlobalTestEnvironment(new SharedJitSession);

/// The test binary's JitSession.
inline JitSession& shared_session() { return SharedJitSession::get(); }

/// The shared session's kernel target, without creating the session (which compiles the Halide
/// runtime): for tests that analyse schedules but compile nothing.
inline const Halide::Target& kernel_target() {
  static const Halide::Target target = JitSession::kernel_target_for(Halide::get_host_target());
  return target;
}

}  // namespace kf::test
