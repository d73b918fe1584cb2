// The FP32 FMA peak that "% of peak" figures are relative to, measured on this machine.
#pragma once

namespace kf {

/// FP32 FMA peak in GFLOP/s with `threads` threads busy, measured once per process and thread
/// count by an FMA-throughput loop (AVX-512 when the CPU has it, else AVX2+FMA, else SSE), taking
/// about 0.1 s. The environment variable KF_PEAK_GFLOPS_PER_CORE replaces the measurement (for
/// reproducible reports); the reference machine's documented figure is 224 per core.
double fma_peak_gflops(int threads);

/// One measurement of the per-thread FMA throughput in GFLOP/s (best of a few runs).
double measure_fma_gflops_one_thread();

}  // namespace kf
