// RandomSearch: seeded configs first, then distinct uniform samples.
#include "autotune/search_strategy.h"

namespace kf {

RandomSearch::RandomSearch(KnobSpace space, std::vector<Config> first, uint64_t seed)
    : space_(std::move(space)), first_(std::move(first)), rng_(seed) {}

std::vector<Config> RandomSearch::propose(int count) {
  std::vector<Config> batch;
  const int64_t space_size = space_.size();
  while (static_cast<int>(batch.size()) < count &&
         static_cast<int64_t>(seen_.size()) < space_size) {
    Config next;
    if (!first_.empty()) {
      next = first_.front();
      first_.erase(first_.begin());
      if (!space_.contains(next)) continue;
    } else {
      // Sample until a new config appears; a bounded number of misses means the constrained
      // space is (nearly) exhausted.
      bool found = false;
      for (int attempt = 0; attempt < 1000 && !found; ++attempt) {
        next = space_.sample(rng_);
        found = seen_.count(next.values) == 0;
      }
      if (!found) break;
    }
    if (seen_.insert(next.values).second) batch.push_back(std::move(next));
  }
  return batch;
}

}  // namespace kf
