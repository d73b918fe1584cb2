// The FP32 FMA peak that "% of peak" figures are relative to, measured on this machine.
#pragma once

namespace kf {

/// FP32 FMA peak in GFLOP/s with `threads` threads busy, measured once per process and thread
/// count by an FMA-throughput loop (AVX-512 when the CPU has it, else AVX2+FMA, else SSE): the
/// best of 3 runs of about 4 ms. With several threads, up to 10 runs, 25 ms apart, while the
/// figure stays below 95% of threads x the one-thread peak (a core still busy, for instance
/// with a thread pool's spinning workers), and never less than the one-thread peak. The environment
/// variable KF_PEAK_GFLOPS_PER_CORE replaces the measurement (for reproducible reports); the
/// reference machine's documented figure is 224 per core. A value that is not a positive
/// number throws InputError naming the variable; an empty one counts as unset.
double fma_peak_gflops(int threads);

/// One measurement of the per-thread FMA throughput in GFLOP/s (best of a few runs).
double measure_fma_gflops_one_thread();

}  // namespace kf
