// ObjectCache: entries round-trip; a truncated, corrupted or misplaced entry is reported,
// removed and never returned; the least recently used entries go beyond the size limit; bad
// directories and limits are refused with a message. Through the JIT: a second compile of the
// same kernel loads the cached object (no code generation), a kernel alive in the session is
// shared, and a corrupted entry is rebuilt into a correct kernel.
#include "jit/object_cache.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "autotune/kernel_key.h"
#include "autotune/problem.h"
#include "autotune/tuner.h"
#include "jit/jit_session.h"
#include "tests/support/shared_jit_session.h"

namespace kf {
namespace object_cache_test {

namespace fs = std::filesystem;

// A fresh directory under the test's temporary directory, removed at the end.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "kf_cache_XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::unique_ptr<ObjectCache> open_cache(const std::string& dir, int64_t max_bytes,
                                        std::vector<std::string>* warnings) {
  llvm::Expected<std::unique_ptr<ObjectCache>> cache = ObjectCache::open(dir, max_bytes);
  EXPECT_TRUE(static_cast<bool>(cache)) << llvm::toString(cache.takeError());
  if (!cache) return nullptr;
  (*cache)->set_warning_handler([warnings](const std::string& w) { warnings->push_back(w); });
  return std::move(*cache);
}

std::string bytes_of(const std::unique_ptr<llvm::MemoryBuffer>& buffer) {
  return buffer ? buffer->getBuffer().str() : std::string("<miss>");
}

void store_text(ObjectCache& cache, const std::string& key, const std::string& object) {
  cache.store(key, llvm::MemoryBufferRef(object, "object"));
}

TEST(ObjectCache, RoundTripAndMiss) {
  TempDir dir;
  std::vector<std::string> warnings;
  auto cache = open_cache(dir.path(), 1 << 20, &warnings);
  ASSERT_TRUE(cache);
  EXPECT_EQ(cache->load("absent"), nullptr);
  const std::string object(1000, '\x7f');
  store_text(*cache, "key one", object);
  EXPECT_EQ(bytes_of(cache->load("key one")), object);
  EXPECT_EQ(cache->hits(), 1);
  EXPECT_EQ(cache->misses(), 1);
  EXPECT_TRUE(warnings.empty());
  // A second cache object on the same directory (another process) sees the entry.
  auto other = open_cache(dir.path(), 1 << 20, &warnings);
  EXPECT_EQ(bytes_of(other->load("key one")), object);
}

TEST(ObjectCache, DamagedEntriesAreReportedRemovedAndNeverReturned) {
  TempDir dir;
  std::vector<std::string> warnings;
  auto cache = open_cache(dir.path(), 1 << 20, &warnings);
  ASSERT_TRUE(cache);
  const std::string object = "relocatable object bytes";
  struct Damage {
    const char* name;
    std::function<void(const std::string& path)> apply;
    const char* reason;
  };
  const std::vector<Damage> damages = {
      {"truncated", [](const std::string& p) { fs::resize_file(p, fs::file_size(p) - 3); },
       "object size"},
      {"flipped byte",
       [](const std::string& p) {
         std::fstream f(p, std::ios::in | std::ios::out | std::ios::binary);
         f.seekp(-5, std::ios::end);
         f.put('#');
       },
       "checksum mismatch"},
      {"empty", [](const std::string& p) { std::ofstream(p, std::ios::trunc); }, "bad magic"},
      {"header cut", [](const std::string& p) { fs::resize_file(p, 12); }, "truncated"},
  };
  for (const Damage& damage : damages) {
    SCOPED_TRACE(damage.name);
    warnings.clear();
    store_text(*cache, "k", object);
    const std::string path = cache->entry_path("k");
    damage.apply(path);
    EXPECT_EQ(cache->load("k"), nullptr);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].find(path), std::string::npos) << warnings[0];
    EXPECT_NE(warnings[0].find(damage.reason), std::string::npos) << warnings[0];
    EXPECT_FALSE(fs::exists(path));
  }
  EXPECT_EQ(cache->corrupt_entries(), static_cast<int64_t>(damages.size()));

  // An entry copied to another key's file name is not that key's object.
  store_text(*cache, "first", object);
  fs::copy_file(cache->entry_path("first"), cache->entry_path("second"));
  warnings.clear();
  EXPECT_EQ(cache->load("second"), nullptr);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("written for another key"), std::string::npos) << warnings[0];
  EXPECT_EQ(bytes_of(cache->load("first")), object);
}

TEST(ObjectCache, EvictsLeastRecentlyUsedBeyondTheLimit) {
  TempDir dir;
  std::vector<std::string> warnings;
  const std::string object(4000, 'o');
  // Room for two entries (each the object plus a header of under 100 bytes), not three.
  auto cache = open_cache(dir.path(), 2 * 4100, &warnings);
  ASSERT_TRUE(cache);
  store_text(*cache, "a", object);
  store_text(*cache, "b", object);
  // Make the ages unambiguous whatever the file system's time resolution: b old, a older, then
  // a hit on a makes it the youngest.
  const auto now = fs::file_time_type::clock::now();
  fs::last_write_time(cache->entry_path("a"), now - std::chrono::hours(2));
  fs::last_write_time(cache->entry_path("b"), now - std::chrono::hours(1));
  ASSERT_NE(cache->load("a"), nullptr);
  store_text(*cache, "c", object);
  EXPECT_EQ(cache->evictions(), 1);
  EXPECT_TRUE(fs::exists(cache->entry_path("a")));
  EXPECT_FALSE(fs::exists(cache->entry_path("b")));
  EXPECT_TRUE(fs::exists(cache->entry_path("c")));
}

TEST(ObjectCache, BadDirectoryOrLimitIsRefusedWithAMessage) {
  TempDir dir;
  auto zero = ObjectCache::open(dir.path(), 0);
  ASSERT_FALSE(static_cast<bool>(zero));
  EXPECT_NE(llvm::toString(zero.takeError()).find("size limit must be positive"),
            std::string::npos);
  const std::string file = dir.path() + "/plain_file";
  std::ofstream(file) << "x";
  auto not_dir = ObjectCache::open(file);
  ASSERT_FALSE(static_cast<bool>(not_dir));
  EXPECT_NE(llvm::toString(not_dir.takeError()).find(file), std::string::npos);

  // No option and no KFORGE_CACHE_DIR: no cache, and no error.
  unsetenv("KFORGE_CACHE_DIR");
  auto none = ObjectCache::from_option_or_environment("");
  ASSERT_TRUE(static_cast<bool>(none));
  EXPECT_EQ(*none, nullptr);
  setenv("KFORGE_CACHE_DIR", (dir.path() + "/from_env").c_str(), 1);
  auto from_env = ObjectCache::from_option_or_environment("");
  unsetenv("KFORGE_CACHE_DIR");
  ASSERT_TRUE(static_cast<bool>(from_env)) << llvm::toString(from_env.takeError());
  EXPECT_EQ((*from_env)->directory(), dir.path() + "/from_env");
}

// Runs `kernel` on a fresh Problem of `desc` and returns its max error (infinity on failure).
double run_error(const OpDesc& desc, const OpKernel& kernel) {
  Problem problem(desc, 7);
  problem.poison_output();
  std::vector<halide_buffer_t*> buffers = problem.buffers();
  if (kernel.run(buffers.data(), static_cast<int>(buffers.size())) != 0) return INFINITY;
  return problem.max_error();
}

TEST(ObjectCache, JitLoadsCachedKernelsAndRebuildsCorruptedOnes) {
  TempDir dir;
  std::vector<std::string> warnings;
  std::shared_ptr<ObjectCache> cache = open_cache(dir.path(), 64 << 20, &warnings);
  ASSERT_TRUE(cache);
  JitSession& session = test::shared_session();
  session.set_object_cache(cache);
  const std::unique_ptr<OpDesc> desc = parse_op("bnorm", "mb2ic19ih3iw5");
  const Template& tmpl = *templates_for(*desc).at(0);
  const Config config = tmpl.baseline(*desc, session.kernel_target());
  const std::string compute_entry = cache->entry_path(
      kernel_cache_key(*desc, tmpl, config, session.kernel_target()) + "role compute\n");

  {
    llvm::Expected<OpKernel> first = compile_config(session, *desc, tmpl, config);
    ASSERT_TRUE(static_cast<bool>(first)) << llvm::toString(first.takeError());
    EXPECT_EQ(cache->hits(), 0);
    EXPECT_TRUE(fs::exists(compute_entry));
    EXPECT_LE(run_error(*desc, *first), desc->tolerance());
    // While it is alive, the same kernel is shared: the cache is not even asked.
    llvm::Expected<OpKernel> shared = compile_config(session, *desc, tmpl, config);
    ASSERT_TRUE(static_cast<bool>(shared)) << llvm::toString(shared.takeError());
    EXPECT_EQ(shared->compute().name(), first->compute().name());
    EXPECT_EQ(cache->hits() + cache->misses(), 1);
  }
  {
    // Unloaded: the next compile loads the cached object.
    const int64_t misses = cache->misses();
    llvm::Expected<OpKernel> cached = compile_config(session, *desc, tmpl, config);
    ASSERT_TRUE(static_cast<bool>(cached)) << llvm::toString(cached.takeError());
    EXPECT_EQ(cache->hits(), 1);
    EXPECT_EQ(cache->misses(), misses);
    EXPECT_LE(run_error(*desc, *cached), desc->tolerance());
  }
  {
    // A corrupted entry is reported, rebuilt and stored again: never loaded.
    std::fstream f(compute_entry, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(-64, std::ios::end);
    f.write("garbage!garbage!", 16);
    f.close();
    llvm::Expected<OpKernel> rebuilt = compile_config(session, *desc, tmpl, config);
    ASSERT_TRUE(static_cast<bool>(rebuilt)) << llvm::toString(rebuilt.takeError());
    EXPECT_EQ(cache->corrupt_entries(), 1);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].find("checksum mismatch"), std::string::npos) << warnings[0];
    EXPECT_LE(run_error(*desc, *rebuilt), desc->tolerance());
    EXPECT_TRUE(fs::exists(compute_entry));
  }
  EXPECT_NE(cache->load(kernel_cache_key(*desc, tmpl, config, session.kernel_target()) +
                        "role compute\n"),
            nullptr);
  session.set_object_cache(nullptr);
}

}  // namespace object_cache_test
}  // namespace kf
