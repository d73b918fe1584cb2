// The emitted libraries' thread pool: which targets get it, the object the build made of it (the
// C functions its header uses, weak, and nothing else global; no C++ runtime, no sanitizer
// runtime, so that `cc ... -lpthread` links it), and the header text. tests/cli/
// tune_emit_link.sh links it into C and C++ programs and runs them on it.
#include "jit/library_thread_pool.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>

namespace kf {
namespace library_thread_pool_test {

// `nm` of `object`: one "<type> <name>" per symbol, undefined symbols with type U.
std::set<std::string> symbols_of(const std::string& object) {
  std::set<std::string> symbols;
  FILE* nm = popen(("nm --format=posix " + object).c_str(), "r");
  if (!nm) return symbols;
  std::array<char, 512> line;
  while (fgets(line.data(), line.size(), nm)) {
    std::istringstream fields(line.data());
    std::string name, type;
    fields >> name >> type;
    symbols.insert(type + " " + name);
  }
  pclose(nm);
  return symbols;
}

TEST(LibraryThreadPool, GoesIntoLibrariesForX86_64LinuxOnly) {
  EXPECT_TRUE(library_gets_thread_pool(Halide::Target("x86-64-linux-avx2-fma")));
  EXPECT_TRUE(library_gets_thread_pool(Halide::Target("x86-64-linux-avx512_skylake")));
  EXPECT_FALSE(library_gets_thread_pool(Halide::Target("arm-64-linux")));
  EXPECT_FALSE(library_gets_thread_pool(Halide::Target("x86-32-linux")));
  EXPECT_FALSE(library_gets_thread_pool(Halide::Target("x86-64-osx")));
}

TEST(LibraryThreadPool, TheObjectExportsOnlyItsWeakCFunctions) {
  const std::string object =
      (std::filesystem::temp_directory_path() / ("kf_pool_" + std::to_string(getpid()) + ".o"))
          .string();
  ASSERT_FALSE(static_cast<bool>(write_library_thread_pool(object)));
  const std::set<std::string> symbols = symbols_of(object);
  std::filesystem::remove(object);
  ASSERT_FALSE(symbols.empty()) << "nm found no symbols";
  std::set<std::string> global_definitions;
  for (const std::string& symbol : symbols) {
    const char type = symbol[0];
    const std::string name = symbol.substr(2);
    if (type == 'U') {
      // Only C symbols from libc, libpthread and the Halide runtime.
      EXPECT_NE(name.rfind("_Z", 0), 0u) << "needs the C++ library: " << name;
      EXPECT_EQ(name.find("asan"), std::string::npos) << "built with a sanitizer: " << name;
      EXPECT_EQ(name.find("ubsan"), std::string::npos) << "built with a sanitizer: " << name;
      EXPECT_EQ(name.find("__cxa"), std::string::npos) << "needs the C++ runtime: " << name;
      EXPECT_EQ(name.find("__gxx"), std::string::npos) << "needs the C++ runtime: " << name;
    } else if (std::isupper(static_cast<unsigned char>(type))) {
      global_definitions.insert(symbol);
    }
  }
  EXPECT_EQ(global_definitions,
            (std::set<std::string>{"V kf_thread_pool_linked", "W kf_thread_pool_set_threads",
                                   "W kf_thread_pool_environment_error"}));
  EXPECT_TRUE(symbols.count("U halide_set_custom_do_par_for"));
  EXPECT_TRUE(symbols.count("U pthread_create"));
}

TEST(LibraryThreadPool, AnUnwritablePathIsAnError) {
  llvm::Error error = write_library_thread_pool("/nonexistent_dir/kf_thread_pool.o");
  ASSERT_TRUE(static_cast<bool>(error));
  EXPECT_NE(llvm::toString(std::move(error)).find("/nonexistent_dir/kf_thread_pool.o"),
            std::string::npos);
}

TEST(LibraryThreadPool, TheHeaderLinksThePoolOnlyWhenTheLibraryHasIt) {
  const std::string with_pool = library_thread_pool_header("kfx", true);
  EXPECT_NE(with_pool.find("= &kf_thread_pool_linked;"), std::string::npos);
  EXPECT_NE(with_pool.find("static inline int kfx_set_num_threads(int threads)"),
            std::string::npos);
  EXPECT_NE(with_pool.find("kf_thread_pool_set_threads(threads);"), std::string::npos);
  EXPECT_NE(with_pool.find("halide_set_num_threads(threads);"), std::string::npos);
  EXPECT_NE(with_pool.find("return kf_thread_pool_environment_error();"), std::string::npos);

  const std::string without = library_thread_pool_header("kfx", false);
  EXPECT_EQ(without.find("kf_thread_pool"), std::string::npos);
  EXPECT_NE(without.find("static inline int kfx_set_num_threads(int threads)"), std::string::npos);
  EXPECT_NE(without.find("halide_set_num_threads(threads);"), std::string::npos);
  EXPECT_NE(without.find("kfx_thread_pool_environment_error(void) {\n  return (const char *)0;"),
            std::string::npos);
}

TEST(LibraryThreadPool, TheHeaderRefusesANegativeThreadCountBeforeTouchingEitherPool) {
  for (bool with_pool : {true, false}) {
    const std::string header = library_thread_pool_header("kfx", with_pool);
    const std::size_t refusal = header.find("if (threads < 0) return -1;");
    ASSERT_NE(refusal, std::string::npos) << header;
    EXPECT_LT(refusal, header.find("halide_set_num_threads(threads);"));
    if (with_pool) EXPECT_LT(refusal, header.find("kf_thread_pool_set_threads(threads);"));
  }
}

}  // namespace library_thread_pool_test
}  // namespace kf
