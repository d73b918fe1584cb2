// ObjectCache: a persistent, size-bounded store of compiled kernel objects, so that a kernel
// compiled once (Halide lowering + LLVM code generation, 0.1-0.5 s) loads into the JIT in about
// a millisecond in every later process.
//
// Entries are keyed by a content key: the text of everything that determines the machine code
// (op descriptor, template and version, knob values, target, tool versions and the source
// revision; see kernel_cache_key in autotune/tuner.h). The file of an entry is
// <dir>/<sha1 of key>.kfo:
//
//   "KFOBJ001"  magic, 8 bytes
//   u64         key length, then the key text (a hash collision or a stray file is detected)
//   u64         object size
//   u64         xxHash64 of the object
//   ...         the relocatable object
//
// Writers write a temporary file and rename it into place, so readers (other processes too)
// see a whole entry or none. A truncated or corrupted entry is reported, removed and treated
// as a miss: the caller rebuilds and stores it again; it is never loaded. Hits refresh the
// entry's modification time; when the directory grows beyond its byte limit, the least
// recently used entries are removed.
#pragma once

#include <llvm/Support/Error.h>
#include <llvm/Support/MemoryBuffer.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

namespace kf {

class ObjectCache {
 public:
  /// Default size limit of a cache directory.
  static constexpr int64_t kDefaultMaxBytes = int64_t{512} << 20;

  /// Opens (creating it if needed) the cache in `dir`, limited to `max_bytes` (> 0) of entries.
  /// Errors name the directory and the reason.
  static llvm::Expected<std::unique_ptr<ObjectCache>> open(const std::string& dir,
                                                           int64_t max_bytes = kDefaultMaxBytes);

  /// The cache named by `dir`, or by the environment variable KFORGE_CACHE_DIR when `dir` is
  /// empty; nullptr (no error) when neither names one.
  static llvm::Expected<std::unique_ptr<ObjectCache>> from_option_or_environment(
      const std::string& dir, int64_t max_bytes = kDefaultMaxBytes);

  /// The object stored under `key`, or nullptr on a miss. An entry that fails a check (magic,
  /// sizes, key, checksum) is reported through the warning handler and removed.
  std::unique_ptr<llvm::MemoryBuffer> load(const std::string& key);

  /// Stores `object` under `key` (replacing an entry), then evicts least recently used entries
  /// beyond the size limit. Failures (a full disk) are reported through the warning handler:
  /// the cache is an accelerator, never a reason for a compile to fail.
  void store(const std::string& key, llvm::MemoryBufferRef object);

  /// Where warnings go (default: stderr, prefixed "kforge: object cache: ").
  void set_warning_handler(std::function<void(const std::string&)> handler);

  const std::string& directory() const { return dir_; }
  int64_t max_bytes() const { return max_bytes_; }

  /// The entry file of `key` (whether or not it exists).
  std::string entry_path(const std::string& key) const;

  /// Counters since open().
  int64_t hits() const { return hits_; }
  int64_t misses() const { return misses_; }
  int64_t corrupt_entries() const { return corrupt_; }
  int64_t evictions() const { return evictions_; }

 private:
  ObjectCache(std::string dir, int64_t max_bytes) : dir_(std::move(dir)), max_bytes_(max_bytes) {}
  void warn(const std::string& message);
  void evict_beyond_limit();

  std::string dir_;
  int64_t max_bytes_;
  std::mutex mutex_;  ///< serialises store/evict within the process
  std::function<void(const std::string&)> warning_handler_;
  std::atomic<int64_t> hits_{0}, misses_{0}, corrupt_{0}, evictions_{0};
};

}  // namespace kf
