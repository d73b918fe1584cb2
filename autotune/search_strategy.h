// SearchStrategy: proposes candidate configs of one template's knob space and learns from
// their measurements. The tuning loop owns measurement and storage; a strategy only decides
// what to try next.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "schedules/knob_space.h"

namespace kf {

/// Outcome of one candidate as a strategy sees it: its config and its time (nullopt = failed).
struct CandidateResult {
  Config config;
  std::optional<double> seconds;
};

class SearchStrategy {
 public:
  virtual ~SearchStrategy() = default;
  /// Up to `count` configs not proposed before; fewer (possibly none) when the space is
  /// exhausted.
  virtual std::vector<Config> propose(int count) = 0;
  /// Feedback on proposed configs.
  virtual void observe(const std::vector<CandidateResult>& results) = 0;
};

/// Random search: the given seeds first (the template baseline, transferred configs), then
/// uniform samples, never repeating a config. Deterministic for a given seed.
class RandomSearch final : public SearchStrategy {
 public:
  RandomSearch(KnobSpace space, std::vector<Config> first, uint64_t seed);
  std::vector<Config> propose(int count) override;
  void observe(const std::vector<CandidateResult>&) override {}

 private:
  KnobSpace space_;
  std::vector<Config> first_;
  std::mt19937_64 rng_;
  std::set<std::vector<int>> seen_;
};

}  // namespace kf
