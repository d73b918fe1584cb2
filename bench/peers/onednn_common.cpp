// OmpThreads: the scoped OpenMP thread count of the oneDNN peers.
#include "bench/peers/onednn_common.h"

#include <omp.h>

namespace kf::peers {

OmpThreads::OmpThreads(int threads) : previous_(omp_get_max_threads()) {
  omp_set_num_threads(threads);
}

OmpThreads::~OmpThreads() { omp_set_num_threads(previous_); }

}  // namespace kf::peers
