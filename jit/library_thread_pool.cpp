// The emitted libraries' thread pool: which libraries get it, its object, its header text.
#include "jit/library_thread_pool.h"

#include <cstddef>
#include <fstream>

namespace kf {

// cmake/embed_file.cmake, from the object jit/CMakeLists.txt makes of emitted_thread_pool.cpp.
extern const unsigned char kEmittedThreadPoolObject[];
extern const std::size_t kEmittedThreadPoolObjectSize;

bool library_gets_thread_pool(const Halide::Target& runtime_target) {
#if defined(__x86_64__) && defined(__linux__)
  return runtime_target.arch == Halide::Target::X86 && runtime_target.bits == 64 &&
         runtime_target.os == Halide::Target::Linux;
#else
  (void)runtime_target;
  return false;
#endif
}

llvm::Error write_library_thread_pool(const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(kEmittedThreadPoolObject),
            static_cast<std::streamsize>(kEmittedThreadPoolObjectSize));
  out.close();
  if (!out) {
    return llvm::make_error<llvm::StringError>(path + ": cannot write the thread pool's object",
                                               llvm::inconvertibleErrorCode());
  }
  return llvm::Error::success();
}

std::string library_thread_pool_header(const std::string& name, bool with_pool) {
  std::string text;
  if (with_pool) {
    text +=
        "/* The kernels' parallel loops run on KernelForge's spinning thread pool, the one the\n"
        " * tuner timed them on: its idle workers spin for 0.5 ms before they sleep, so\n"
        " * back-to-back kernels do not wait for a worker to wake up. It runs HL_NUM_THREADS\n"
        " * threads (default: one per CPU), or what " +
        name +
        "_set_num_threads sets. A kernel called while\n"
        " * another thread's kernel runs runs on its calling thread alone. KF_THREAD_POOL=halide\n"
        " * in the environment leaves the loops to Halide's own pool. */\n"
        "extern const int kf_thread_pool_linked;\n"
        "int kf_thread_pool_set_threads(int threads);\n"
        "const char *kf_thread_pool_environment_error(void);\n"
        "static const int *const " +
        name + "_links_thread_pool __attribute__((used)) = &kf_thread_pool_linked;\n\n";
  }
  text +=
      "/** Sets how many threads run each kernel's parallel loops, the calling thread included\n"
      " * (0: one per CPU). Returns 0, or -1 when threads is negative (then nothing changes).\n"
      " * Not to be called while a kernel runs. */\n"
      "static inline int " +
      name + "_set_num_threads(int threads) {\n  if (threads < 0) return -1;\n";
  if (with_pool) text += "  kf_thread_pool_set_threads(threads);\n";
  text += "  halide_set_num_threads(threads);\n  return 0;\n}\n\n";
  text +=
      "/** What the library found malformed in KF_THREAD_POOL or HL_NUM_THREADS when the program\n"
      " * started (the variable, its value, the rule, and the default it ran instead; also\n"
      " * printed on stderr), or NULL when nothing was" +
      std::string(
          with_pool ? "" : " (a library without KernelForge's pool checks neither: always NULL)") +
      ". */\n"
      "static inline const char *" +
      name + "_thread_pool_environment_error(void) {\n  return " +
      (with_pool ? "kf_thread_pool_environment_error()" : "(const char *)0") + ";\n}\n\n";
  return text;
}

}  // namespace kf
