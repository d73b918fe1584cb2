// The FP32 FMA peak that "% of peak" figures are relative to.
#pragma once

namespace kf {

/// FP32 FMA peak in GFLOP/s for `threads` threads. Defaults to what was measured on the
/// project's reference machine (AVX-512, 224 GFLOP/s on one core, 447 on two); the environment
/// variable KF_PEAK_GFLOPS_PER_CORE overrides the per-core figure for other machines.
double fma_peak_gflops(int threads);

}  // namespace kf
