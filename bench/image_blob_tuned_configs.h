// Tuned schedules of the kf_image_blob_bench workloads, used when $KF_BENCH_DB names no database
// with a record for the workload.
//
// How they were obtained (build-blob, 2-core AVX-512 VM shared with other builds, load average
// 1.4-3.7): the four workloads of image_blob_bench.cpp, tuned with
//   kforge tune --op image_blob <the four descriptors> --db image_blob_tune.db --threads T \
//     --budget-trials 32 --budget-seconds 90 --no-compare
// then again with --budget-trials 100 --budget-seconds 120 --seed 2 --retune, for T = 1 and 2
// (132 trials per workload and thread count, of the 300 configurations of image_blob_rows); the
// fastest correct trial of each is copied here. Date 2026-11-22. The comments give that trial's
// min time, the best of 132 noisy timings (kf_image_blob_bench re-measures).
#pragma once

namespace kf::bench {

/// One tuned schedule: ImageBlobDesc::key(), thread count -> template, version, knobs.
struct TunedImageBlob {
  const char* key;
  int threads;
  const char* template_name;
  int template_version;
  const char* knobs;
};

inline constexpr TunedImageBlob kTunedImageBlob[] = {
    {"image_blob:mb1ih224iw224ic3_scale0.017_mean123.7:116.3:103.5_swaprb", 1, "image_blob_rows", 1,
     "lanes=16,vectors=4,channels_inner=1,rows_per_task=1,parallel=0"},  // 0.0050 ms
    {"image_blob:mb1ih300iw300ic3_scale0.017_mean123.7:116.3:103.5_swaprb", 1, "image_blob_rows", 1,
     "lanes=32,vectors=1,channels_inner=1,rows_per_task=16,parallel=0"},  // 0.0118 ms
    {"image_blob:mb1ih480iw640ic3_scale0.017_mean123.7:116.3:103.5_swaprb", 1, "image_blob_rows", 1,
     "lanes=32,vectors=2,channels_inner=1,rows_per_task=1,parallel=0"},  // 0.0403 ms
    {"image_blob:mb1ih1080iw1920ic3_scale0.017_mean123.7:116.3:103.5_swaprb", 1, "image_blob_rows",
     1, "lanes=32,vectors=4,channels_inner=1,rows_per_task=8,parallel=0"},  // 0.4388 ms
    {"image_blob:mb1ih224iw224ic3_scale0.017_mean123.7:116.3:103.5_swaprb", 2, "image_blob_rows", 1,
     "lanes=32,vectors=2,channels_inner=1,rows_per_task=4,parallel=0"},  // 0.0051 ms
    {"image_blob:mb1ih300iw300ic3_scale0.017_mean123.7:116.3:103.5_swaprb", 2, "image_blob_rows", 1,
     "lanes=16,vectors=1,channels_inner=1,rows_per_task=4,parallel=0"},  // 0.0119 ms
    {"image_blob:mb1ih480iw640ic3_scale0.017_mean123.7:116.3:103.5_swaprb", 2, "image_blob_rows", 1,
     "lanes=32,vectors=1,channels_inner=1,rows_per_task=1,parallel=0"},  // 0.0402 ms
    {"image_blob:mb1ih1080iw1920ic3_scale0.017_mean123.7:116.3:103.5_swaprb", 2, "image_blob_rows",
     1, "lanes=16,vectors=2,channels_inner=1,rows_per_task=16,parallel=1"},  // 0.2590 ms
};

}  // namespace kf::bench
