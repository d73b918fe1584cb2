// TemplateScheduler: which template's search proposes the next round of a tuning run.
//
// A workload has several schedule templates (direct, packed, im2col, Winograd, ...), each with
// its own evolutionary search. The scheduler first gives every template one warm-up round (its
// seeds), in the order given (a re-tune puts the template of the recorded best first). After
// that it picks the template with the lowest optimistic time, an upper-confidence rule:
//
//     optimistic(t) = best_seconds(t) * (1 - exploration / sqrt(rounds(t)))
//
// A template's best is a lower bound on what it can do, and the fewer rounds it has bred, the
// more it may still improve. So the leader takes most rounds; a template within about
// `exploration` of it gets rounds early and again as the leader's bonus shrinks, and one far
// behind (direct convolution at a third of Winograd's speed) gets none after its warm-up.
// Templates that have not produced a correct kernel yet come after the others, fewest rounds
// first. The choice is deterministic: ties go to fewer rounds, then to the lower index.
#pragma once

#include <optional>
#include <vector>

namespace kf {

class TemplateScheduler {
 public:
  /// `warm_up_order` lists every template index in 0..templates-1 once. `exploration` in
  /// [0, 1): 0 always picks the leader after the warm-up.
  TemplateScheduler(int templates, std::vector<int> warm_up_order, double exploration);

  /// The template for the next round, or nullopt when every template is exhausted.
  std::optional<int> next() const;

  /// Templates still waiting for their warm-up round (not exhausted).
  int cold() const;

  /// A round of template `t` ran; `round_best` is the fastest correct kernel of that round
  /// (nullopt if none). The scheduler keeps each template's best over its rounds.
  void record_round(int t, std::optional<double> round_best);

  /// Template `t`'s fastest correct kernel so far (nullopt if none).
  std::optional<double> best_seconds(int t) const { return state_.at(t).best_seconds; }

  /// Template `t` has no configs left to propose.
  void mark_exhausted(int t);

  /// Rounds that template `t` has run.
  int rounds(int t) const { return state_.at(t).rounds; }

 private:
  struct TemplateState {
    int rounds = 0;
    std::optional<double> best_seconds;
    bool exhausted = false;
  };
  double optimistic_seconds(const TemplateState& s) const;

  std::vector<TemplateState> state_;
  std::vector<int> warm_up_order_;
  double exploration_;
};

}  // namespace kf
