// EvolutionarySearch: seeds, then uniform samples, then children of the elite (see header).
#include "autotune/evolutionary_search.h"

#include <algorithm>

namespace kf {

namespace {

constexpr int kBreedAttempts = 200;    // children tried before falling back to a uniform sample
constexpr int kSampleAttempts = 1000;  // uniform samples tried before declaring exhaustion

}  // namespace

EvolutionarySearch::EvolutionarySearch(KnobSpace space, std::vector<Config> seeds, uint64_t seed,
                                       EvolutionOptions options)
    : space_(std::move(space)),
      seeds_(std::move(seeds)),
      options_(options),
      rng_(seed),
      random_left_(options.random_first) {}

bool EvolutionarySearch::fresh(const Config& config) const {
  return seen_.count(config.values) == 0 && space_.contains(config);
}

std::vector<Config> EvolutionarySearch::propose(int count) {
  std::vector<Config> batch;
  const int64_t space_size = space_.size();
  while (static_cast<int>(batch.size()) < count &&
         static_cast<int64_t>(seen_.size()) < space_size) {
    Config next;
    bool found = false;
    if (!seeds_.empty()) {
      next = seeds_.front();
      seeds_.erase(seeds_.begin());
      if (!fresh(next)) continue;
      found = true;
    } else if (random_left_ <= 0 && !measured_.empty()) {
      // Breed a fresh child, or with a scorer the best-scored of several; or, one proposal in
      // `explore_every`, the best-scored of as many uniform samples.
      const int wanted = scorer_ ? std::max(1, options_.children_per_proposal) : 1;
      const bool explore = options_.explore_every > 0 && ++bred_ % options_.explore_every == 0;
      std::optional<Config> chosen =
          explore ? best_of(wanted, kSampleAttempts, [this] { return space_.sample(rng_); })
                  : best_of(wanted, kBreedAttempts, [this] { return breed(); });
      if (chosen) {
        next = std::move(*chosen);
        found = true;
      }
    }
    if (!found) {
      if (random_left_ > 0) --random_left_;
      for (int attempt = 0; attempt < kSampleAttempts && !found; ++attempt) {
        next = space_.sample(rng_);
        found = seen_.count(next.values) == 0;
      }
      if (!found) break;  // the constrained space is (nearly) exhausted
    }
    seen_.insert(next.values);
    batch.push_back(std::move(next));
  }
  return batch;
}

void EvolutionarySearch::observe(const std::vector<CandidateResult>& results) {
  for (const CandidateResult& r : results) {
    seen_.insert(r.config.values);
    if (r.seconds) measured_.emplace(*r.seconds, r.config);
  }
}

template <typename Make>
std::optional<Config> EvolutionarySearch::best_of(int wanted, int attempts, Make make) {
  std::optional<Config> best;
  std::optional<double> best_score;
  std::set<std::vector<int>> made;
  for (int attempt = 0; attempt < attempts && static_cast<int>(made.size()) < wanted; ++attempt) {
    Config candidate = make();
    if (!fresh(candidate) || !made.insert(candidate.values).second) continue;
    const std::optional<double> score = scorer_ ? scorer_(candidate) : std::nullopt;
    if (!best || (score && (!best_score || *score < *best_score))) {
      best = std::move(candidate);
      best_score = score;
    }
  }
  return best;
}

std::vector<Config> EvolutionarySearch::ranked() const {
  std::vector<Config> result;
  for (const auto& [seconds, config] : measured_) result.push_back(config);
  return result;
}

const Config& EvolutionarySearch::pick_parent() {
  const int elite = std::min<int>(options_.elite, static_cast<int>(measured_.size()));
  std::uniform_int_distribution<int> member(0, elite - 1);
  int best = member(rng_);
  for (int i = 1; i < options_.tournament; ++i) best = std::min(best, member(rng_));
  return std::next(measured_.begin(), best)->second;
}

Config EvolutionarySearch::breed() {
  Config child = pick_parent();
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  if (coin(rng_) < options_.crossover) {
    const Config& other = pick_parent();
    for (size_t i = 0; i < child.values.size(); ++i) {
      if (coin(rng_) < 0.5) child.values[i] = other.values[i];
    }
  }
  return mutate(std::move(child));
}

Config EvolutionarySearch::mutate(Config config) {
  const std::vector<Knob>& knobs = space_.knobs();
  const int n = static_cast<int>(knobs.size());
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  std::uniform_int_distribution<int> any_knob(0, n - 1);
  // Each knob changes with probability 1/n, and at least one always does.
  std::vector<int> chosen = {any_knob(rng_)};
  for (int i = 0; i < n; ++i) {
    if (i != chosen[0] && coin(rng_) < 1.0 / n) chosen.push_back(i);
  }
  for (int i : chosen) {
    const std::vector<int>& values = knobs[i].values;
    if (values.size() < 2) continue;
    const int at = static_cast<int>(std::find(values.begin(), values.end(), config.values[i]) -
                                    values.begin());
    int next = at;
    if (coin(rng_) < options_.neighbour_step && at < static_cast<int>(values.size())) {
      const bool up = at == 0 || (at + 1 < static_cast<int>(values.size()) && coin(rng_) < 0.5);
      next = up ? at + 1 : at - 1;
    } else {
      std::uniform_int_distribution<int> any_value(0, static_cast<int>(values.size()) - 2);
      next = any_value(rng_);
      if (next >= at) ++next;  // any value but the current one
    }
    config.values[i] = values[std::clamp(next, 0, static_cast<int>(values.size()) - 1)];
  }
  return config;
}

}  // namespace kf
