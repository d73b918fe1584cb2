// ObjectCache: entry files with a checked header, atomic replacement, LRU eviction by mtime.
#include "jit/object_cache.h"

#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/SHA1.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Support/xxhash.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

namespace kf {

namespace fs = std::filesystem;

namespace {

constexpr char kMagic[8] = {'K', 'F', 'O', 'B', 'J', '0', '0', '1'};
constexpr const char* kExtension = ".kfo";

void put_u64(std::string& out, uint64_t value) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

// Reads a little-endian u64 at `pos` of `data`, advancing `pos`; false when out of bounds.
bool get_u64(llvm::StringRef data, size_t& pos, uint64_t& value) {
  if (data.size() < pos + 8) return false;
  value = 0;
  for (int i = 0; i < 8; ++i) {
    value |= static_cast<uint64_t>(static_cast<unsigned char>(data[pos + i])) << (8 * i);
  }
  pos += 8;
  return true;
}

llvm::Error cache_error(const std::string& dir, const std::string& what) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "object cache directory " + dir + ": " + what);
}

}  // namespace

llvm::Expected<std::unique_ptr<ObjectCache>> ObjectCache::open(const std::string& dir,
                                                               int64_t max_bytes) {
  if (dir.empty()) return cache_error("''", "the directory name is empty");
  if (max_bytes <= 0) {
    return cache_error(dir, "the size limit must be positive, got " + std::to_string(max_bytes));
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return cache_error(dir, "cannot create it (" + ec.message() + ")");
  if (!fs::is_directory(dir, ec)) return cache_error(dir, "not a directory");
  if (access(dir.c_str(), R_OK | W_OK | X_OK) != 0) {
    return cache_error(dir,
                       "not readable and writable (" + std::string(std::strerror(errno)) + ")");
  }
  return std::unique_ptr<ObjectCache>(new ObjectCache(dir, max_bytes));
}

llvm::Expected<std::unique_ptr<ObjectCache>> ObjectCache::from_option_or_environment(
    const std::string& dir, int64_t max_bytes) {
  std::string chosen = dir;
  if (chosen.empty()) {
    const char* env = std::getenv("KFORGE_CACHE_DIR");
    if (env) chosen = env;
  }
  if (chosen.empty()) return std::unique_ptr<ObjectCache>();
  return open(chosen, max_bytes);
}

std::string ObjectCache::entry_path(const std::string& key) const {
  const std::array<uint8_t, 20> digest = llvm::SHA1::hash(
      llvm::ArrayRef<uint8_t>(reinterpret_cast<const uint8_t*>(key.data()), key.size()));
  return (fs::path(dir_) / (llvm::toHex(digest, /*LowerCase=*/true) + kExtension)).string();
}

void ObjectCache::set_warning_handler(std::function<void(const std::string&)> handler) {
  warning_handler_ = std::move(handler);
}

void ObjectCache::warn(const std::string& message) {
  if (warning_handler_) {
    warning_handler_(message);
  } else {
    llvm::errs() << "kforge: object cache: " << message << "\n";
  }
}

std::unique_ptr<llvm::MemoryBuffer> ObjectCache::load(const std::string& key) {
  const std::string path = entry_path(key);
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!file) {
    ++misses_;
    return nullptr;
  }
  const llvm::StringRef data = (*file)->getBuffer();
  // Every check names what failed, so that a report says which rule the file broke.
  std::string problem;
  size_t pos = sizeof(kMagic);
  uint64_t key_size = 0, object_size = 0, checksum = 0;
  if (data.size() < sizeof(kMagic) || std::memcmp(data.data(), kMagic, sizeof(kMagic)) != 0) {
    problem = "bad magic (not a KernelForge object cache entry, or format changed)";
  } else if (!get_u64(data, pos, key_size) || data.size() < pos + key_size) {
    problem = "truncated in the key";
  } else if (data.substr(pos, key_size) != key) {
    problem = "written for another key";
  } else if (pos += key_size; !get_u64(data, pos, object_size) || !get_u64(data, pos, checksum)) {
    problem = "truncated in the header";
  } else if (data.size() != pos + object_size) {
    problem = "object size " + std::to_string(data.size() - pos) + " bytes, header says " +
              std::to_string(object_size);
  } else if (llvm::xxHash64(data.substr(pos)) != checksum) {
    problem = "checksum mismatch";
  }
  if (!problem.empty()) {
    ++corrupt_;
    ++misses_;
    warn("entry " + path + " is corrupt (" + problem + "); removed, the kernel is rebuilt");
    std::error_code ec;
    fs::remove(path, ec);
    return nullptr;
  }
  ++hits_;
  // Least recently used = oldest modification time: a hit makes the entry young again.
  std::error_code ec;
  fs::last_write_time(path, fs::file_time_type::clock::now(), ec);
  return llvm::MemoryBuffer::getMemBufferCopy(data.substr(pos), path);
}

void ObjectCache::store(const std::string& key, llvm::MemoryBufferRef object) {
  std::string entry(kMagic, sizeof(kMagic));
  put_u64(entry, key.size());
  entry += key;
  put_u64(entry, object.getBufferSize());
  put_u64(entry, llvm::xxHash64(object.getBuffer()));
  entry.append(object.getBufferStart(), object.getBufferSize());

  const std::string path = entry_path(key);
  const std::string temporary = path + ".tmp." + std::to_string(getpid()) + "." +
                                std::to_string(reinterpret_cast<uintptr_t>(this));
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(entry.data(), static_cast<std::streamsize>(entry.size()));
    out.close();
    if (!out) {
      warn("cannot write " + temporary + " (" + std::strerror(errno) +
           "); the kernel is not cached");
      std::error_code ec;
      fs::remove(temporary, ec);
      return;
    }
  }
  std::error_code ec;
  fs::rename(temporary, path, ec);
  if (ec) {
    warn("cannot rename " + temporary + " to " + path + " (" + ec.message() + ")");
    fs::remove(temporary, ec);
    return;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  evict_beyond_limit();
}

void ObjectCache::evict_beyond_limit() {
  struct Entry {
    fs::path path;
    fs::file_time_type used;
    int64_t bytes;
  };
  std::vector<Entry> entries;
  int64_t total = 0;
  std::error_code ec;
  for (const fs::directory_entry& file : fs::directory_iterator(dir_, ec)) {
    if (file.path().extension() != kExtension) continue;
    std::error_code entry_ec;
    const auto bytes = static_cast<int64_t>(file.file_size(entry_ec));
    const fs::file_time_type used = file.last_write_time(entry_ec);
    if (entry_ec) continue;  // removed meanwhile by another process
    entries.push_back({file.path(), used, bytes});
    total += bytes;
  }
  if (total <= max_bytes_) return;
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.used < b.used; });
  for (const Entry& e : entries) {
    if (total <= max_bytes_) break;
    if (fs::remove(e.path, ec)) {
      total -= e.bytes;
      ++evictions_;
    }
  }
}

}  // namespace kf
