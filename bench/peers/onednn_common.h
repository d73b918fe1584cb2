// What every oneDNN peer shares: the timing record, a scoped OpenMP thread count (the Debian
// libdnnl threads with OpenMP), and the check-then-measure sequence of a bound primitive.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "autotune/measurer.h"

namespace kf::peers {

/// What one peer measurement produced.
struct PeerTiming {
  double min_seconds = 0;      ///< fastest sample (per call)
  double median_seconds = 0;   ///< median sample (per call)
  std::string implementation;  ///< the peer's own name for the code it ran, e.g. "brg:avx512_core"
  double max_error = 0;        ///< max |out - ref| / (1 + |ref|) against the Problem's reference
};

/// Sets OpenMP's thread count for its lifetime and restores the previous one afterwards.
class OmpThreads {
 public:
  explicit OmpThreads(int threads);
  ~OmpThreads();
  OmpThreads(const OmpThreads&) = delete;
  OmpThreads& operator=(const OmpThreads&) = delete;

 private:
  int previous_;
};

/// Checks `peer` against its Problem's reference once, then times its run() with kf::measure.
/// `Peer` is one of the bound oneDNN primitives (OnednnConv, ...): it has check(), run() and
/// implementation(). std::nullopt when `peer` is null (oneDNN has no implementation).
template <typename Peer>
std::optional<PeerTiming> check_and_measure(const std::unique_ptr<Peer>& peer,
                                            const MeasureOptions& options) {
  if (!peer) return std::nullopt;
  PeerTiming timing;
  timing.implementation = peer->implementation();
  timing.max_error = peer->check();
  const Measurement measurement = measure([&] { return peer->run(); }, options);
  timing.min_seconds = measurement.min_seconds;
  timing.median_seconds = measurement.median_seconds;
  return timing;
}

}  // namespace kf::peers
