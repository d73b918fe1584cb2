// EvolutionarySearch: a SearchStrategy that breeds new configs from the fastest ones measured so
// far. After the seeds (the template's baseline and configs transferred from similar workloads)
// and a few uniform samples, each proposal is a child of parents drawn by tournament from the
// elite: uniform crossover of their knob values (with probability `crossover`), then mutation
// of at least one knob, mostly to a neighbouring value of the knob's ordered value list (a
// register tile one step larger or smaller), sometimes to any value. Children outside the knob
// space's constraint or already proposed are redrawn; when breeding keeps failing, a uniform
// sample is proposed instead. With a scorer (a cost model's predicted time), each proposal is
// the best-scored of `children_per_proposal` fresh children, so that fewer poor candidates are
// compiled. One bred proposal in `explore_every` is an exploration proposal instead: the
// best-scored of as many fresh uniform samples (one sample without a scorer), so that a search
// whose elite sits in one basin of the knob space keeps looking at others (the elite's children
// are mostly its neighbours). Deterministic for a given seed, scorer and sequence of
// observations.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <vector>

#include "autotune/search_strategy.h"

namespace kf {

struct EvolutionOptions {
  int random_first = 4;           ///< uniform samples after the seeds, before breeding starts
  int elite = 6;                  ///< how many of the fastest configs may parent children
  int tournament = 2;             ///< parents are the best of this many elite members
  double crossover = 0.5;         ///< probability that a child has two parents
  double neighbour_step = 0.8;    ///< probability that a mutation moves to an adjacent value
  int children_per_proposal = 8;  ///< children (or samples) scored per proposal with a scorer
  int explore_every = 8;          ///< one bred proposal in this many explores; 0: never
};

/// Predicted seconds of a config (lower is better), or std::nullopt when unknown.
using ConfigScorer = std::function<std::optional<double>(const Config&)>;

class EvolutionarySearch final : public SearchStrategy {
 public:
  EvolutionarySearch(KnobSpace space, std::vector<Config> seeds, uint64_t seed,
                     EvolutionOptions options = {});

  std::vector<Config> propose(int count) override;
  void observe(const std::vector<CandidateResult>& results) override;

  /// Ranks bred children with `scorer` from now on (nullptr: no ranking).
  void set_scorer(ConfigScorer scorer) { scorer_ = std::move(scorer); }

  /// Configs measured ok so far, fastest first (for tests and reports).
  std::vector<Config> ranked() const;

 private:
  /// The best-scored of up to `wanted` distinct fresh configs made by `make`, if any is fresh.
  template <typename Make>
  std::optional<Config> best_of(int wanted, int attempts, Make make);
  Config breed();
  Config mutate(Config config);
  const Config& pick_parent();
  bool fresh(const Config& config) const;

  KnobSpace space_;
  std::vector<Config> seeds_;
  EvolutionOptions options_;
  std::mt19937_64 rng_;
  std::set<std::vector<int>> seen_;
  std::multimap<double, Config> measured_;  ///< seconds -> config, ok results only
  int random_left_ = 0;
  int bred_ = 0;  ///< proposals made after the seeds and the random start
  ConfigScorer scorer_;
};

}  // namespace kf
