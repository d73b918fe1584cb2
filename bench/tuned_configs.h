// Tuned schedules for the benchmark workloads, used by kf_conv_bench (and kf_autoscheduler_bench,
// kf_epilogue_bench) when $KF_BENCH_DB does not name a database with a record for the workload:
// workload key (mb1) and thread count -> template, template version and knob string.
//
// How they were obtained, into two fresh databases (2 threads: 2026-12-05, 14:50-15:07 UTC; 1
// thread: re-tuned 2026-12-06, 15:57-16:07 UTC, with the finalists, placements and two passes):
//   S=../shared/shapes/benchdnn/conv
//   kforge tune $S/shapes_resnet_50 --mb 1 --budget-trials 40 --budget-seconds 60 --passes 2 \
//     --db r50_t1.db
//   kforge tune $S/shapes_resnet_50 --mb 1 --budget-trials 40 --budget-seconds 60 --threads 2 \
//     --db r50_t2.db
//   kforge db export --db r50_t<T>.db | python3 bench/tuned_entries.py   # "conv:" dropped
// (evolutionary, model-guided search over every NHWC template: direct, direct and 1x1 GEMM over
// packed weights, 1x1 GEMM, im2col + GEMM, Winograd F(2x2)/F(4x4)). The comment after each
// entry is the tuner's time for it: for 1 thread, the median trial of the schedule (each trial
// the mean over 3 placements of the tensors, the finalists timed 3 times); for 2 threads, the
// fastest single trial (tuned before the finalists and placements existed). Machine: 2-core AMD
// EPYC VM with AVX-512 (FP32 FMA peak about 224-231 GFLOP/s on one core, 447-459 on two), Halide
// 14, LLVM 14. The same lookup from a database: KF_BENCH_DB=path/to.db kf_conv_bench.
#pragma once

namespace kf::bench {

/// One tuned schedule of one workload at one thread count.
struct TunedConfig {
  const char* workload_key;  ///< kf::workload_key() of the descriptor
  int threads;               ///< thread count it was tuned with
  const char* template_name;
  int template_version;
  const char* knobs;  ///< KnobSpace::encode() text
};

inline constexpr TunedConfig kTunedConfigs[] = {
    {"g1mb1_ic3ih224iw224_oc64oh112ow112_kh7kw7_sh2sw2_ph3pw3_dh0dw0_nhwc", 1,
     "conv_direct_packed_nhwc", 1,
     "vectors_k=2,tile_w=7,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=0,rows_pe"
     "r_task=4,pad_at=image,k_tasks=1"},  // 1.057 ms
    {"g1mb1_ic64ih56iw56_oc256oh56ow56_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc", 1,
     "conv_gemm_1x1_packed_nhwc", 1,
     "vectors_k=4,tile_w=3,tile_h=1,k_tiles_outer=1,taps_inner=0,unroll_kw=1,rows_pe"
     "r_task=8,pad_at=inline,k_tasks=1"},  // 0.444 ms
    {"g1mb1_ic64ih56iw56_oc64oh56ow56_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc", 1,
     "conv_gemm_1x1_packed_nhwc", 1,
     "vectors_k=4,tile_w=3,tile_h=1,k_tiles_outer=1,taps_inner=0,unroll_kw=1,rows_pe"
     "r_task=8,pad_at=inline,k_tasks=1"},  // 0.111 ms
    {"g1mb1_ic64ih56iw56_oc64oh56ow56_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc", 1, "conv_winograd_f4_nhwc",
     1,
     "k_block=64,vectors_k=2,tiles=14,register_rows=1,tile_rows=2,parallel_inside=0,"
     "k_chunks=1"},  // 0.319 ms
    {"g1mb1_ic256ih56iw56_oc64oh56ow56_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc", 1,
     "conv_gemm_1x1_packed_nhwc", 1,
     "vectors_k=4,tile_w=4,tile_h=1,k_tiles_outer=0,taps_inner=1,unroll_kw=0,rows_pe"
     "r_task=4,pad_at=inline,k_tasks=1"},  // 0.440 ms
    {"g1mb1_ic256ih56iw56_oc512oh28ow28_kh1kw1_sh2sw2_ph0pw0_dh0dw0_nhwc", 1, "conv_direct_nhwc", 1,
     "vectors_k=2,tile_w=14,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=1,rows_p"
     "er_task=1,pad_at=inline"},  // 0.890 ms
    {"g1mb1_ic256ih56iw56_oc128oh28ow28_kh1kw1_sh2sw2_ph0pw0_dh0dw0_nhwc", 1, "conv_direct_nhwc", 1,
     "vectors_k=2,tile_w=14,tile_h=1,k_tiles_outer=1,taps_inner=0,unroll_kw=1,rows_p"
     "er_task=1,pad_at=inline"},  // 0.225 ms
    {"g1mb1_ic128ih28iw28_oc128oh28ow28_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc", 1,
     "conv_winograd_f4_nhwc", 1,
     "k_block=64,vectors_k=4,tiles=7,register_rows=1,tile_rows=7,parallel_inside=0,k"
     "_chunks=1"},  // 0.291 ms
    {"g1mb1_ic128ih28iw28_oc512oh28ow28_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc", 1, "conv_direct_nhwc", 1,
     "vectors_k=2,tile_w=14,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=1,rows_p"
     "er_task=1,pad_at=inline"},  // 0.447 ms
    {"g1mb1_ic512ih28iw28_oc128oh28ow28_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc", 1,
     "conv_direct_packed_nhwc", 1,
     "vectors_k=2,tile_w=7,tile_h=1,k_tiles_outer=1,taps_inner=0,unroll_kw=0,rows_pe"
     "r_task=8,pad_at=inline,k_tasks=1"},  // 0.443 ms
    {"g1mb1_ic512ih28iw28_oc1024oh14ow14_kh1kw1_sh2sw2_ph0pw0_dh0dw0_nhwc", 1,
     "conv_direct_packed_nhwc", 1,
     "vectors_k=2,tile_w=7,tile_h=1,k_tiles_outer=1,taps_inner=1,unroll_kw=0,rows_pe"
     "r_task=2,pad_at=inline,k_tasks=4"},  // 0.877 ms
    {"g1mb1_ic512ih28iw28_oc256oh14ow14_kh1kw1_sh2sw2_ph0pw0_dh0dw0_nhwc", 1,
     "conv_direct_packed_nhwc", 1,
     "vectors_k=2,tile_w=7,tile_h=1,k_tiles_outer=1,taps_inner=0,unroll_kw=1,rows_pe"
     "r_task=2,pad_at=inline,k_tasks=4"},  // 0.218 ms
    {"g1mb1_ic256ih14iw14_oc256oh14ow14_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc", 1,
     "conv_winograd_f4_nhwc", 1,
     "k_block=64,vectors_k=2,tiles=4,register_rows=2,tile_rows=4,parallel_inside=1,k"
     "_chunks=1"},  // 0.397 ms
    {"g1mb1_ic256ih14iw14_oc1024oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc", 1,
     "conv_direct_packed_nhwc", 1,
     "vectors_k=2,tile_w=14,tile_h=1,k_tiles_outer=1,taps_inner=0,unroll_kw=0,rows_p"
     "er_task=1,pad_at=row,k_tasks=1"},  // 0.452 ms
    {"g1mb1_ic1024ih14iw14_oc256oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc", 1,
     "conv_gemm_1x1_packed_nhwc", 1,
     "vectors_k=4,tile_w=4,tile_h=1,k_tiles_outer=1,taps_inner=0,unroll_kw=0,rows_pe"
     "r_task=4,pad_at=inline,k_tasks=1"},  // 0.439 ms
    {"g1mb1_ic1024ih14iw14_oc2048oh7ow7_kh1kw1_sh2sw2_ph0pw0_dh0dw0_nhwc", 1,
     "conv_direct_packed_nhwc", 1,
     "vectors_k=2,tile_w=7,tile_h=1,k_tiles_outer=1,taps_inner=1,unroll_kw=0,rows_pe"
     "r_task=2,pad_at=inline,k_tasks=4"},  // 0.982 ms
    {"g1mb1_ic1024ih14iw14_oc512oh7ow7_kh1kw1_sh2sw2_ph0pw0_dh0dw0_nhwc", 1,
     "conv_direct_packed_nhwc", 1,
     "vectors_k=2,tile_w=7,tile_h=1,k_tiles_outer=1,taps_inner=1,unroll_kw=0,rows_pe"
     "r_task=2,pad_at=inline,k_tasks=4"},  // 0.222 ms
    {"g1mb1_ic512ih7iw7_oc512oh7ow7_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc", 1, "conv_winograd_f2_nhwc",
     1,
     "k_block=32,vectors_k=2,tiles=4,register_rows=2,tile_rows=4,parallel_inside=0,k"
     "_chunks=1"},  // 0.654 ms
    {"g1mb1_ic512ih7iw7_oc2048oh7ow7_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc", 1,
     "conv_direct_packed_nhwc", 1,
     "vectors_k=2,tile_w=7,tile_h=1,k_tiles_outer=1,taps_inner=0,unroll_kw=0,rows_pe"
     "r_task=4,pad_at=image,k_tasks=4"},  // 0.452 ms
    {"g1mb1_ic2048ih7iw7_oc512oh7ow7_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc", 1,
     "conv_direct_packed_nhwc", 1,
     "vectors_k=2,tile_w=7,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=0,rows_pe"
     "r_task=1,pad_at=inline,k_tasks=4"},  // 0.443 ms
    {"g1mb1_ic3ih224iw224_oc64oh112ow112_kh7kw7_sh2sw2_ph3pw3_dh0dw0_nhwc", 2,
     "conv_direct_packed_nhwc", 1,
     "vectors_k=2,tile_w=7,tile_h=1,k_tiles_outer=1,taps_inner=0,unroll_kw=0,rows_pe"
     "r_task=8,pad_at=row,k_tasks=1"},  // 0.528 ms
    {"g1mb1_ic64ih56iw56_oc256oh56ow56_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc", 2, "conv_direct_nhwc", 1,
     "vectors_k=2,tile_w=14,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=0,rows_p"
     "er_task=1,pad_at=row"},  // 0.238 ms
    {"g1mb1_ic64ih56iw56_oc64oh56ow56_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc", 2,
     "conv_direct_packed_nhwc", 1,
     "vectors_k=2,tile_w=7,tile_h=1,k_tiles_outer=0,taps_inner=1,unroll_kw=0,rows_pe"
     "r_task=8,pad_at=inline,k_tasks=2"},  // 0.058 ms
    {"g1mb1_ic64ih56iw56_oc64oh56ow56_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc", 2, "conv_winograd_f4_nhwc",
     1,
     "k_block=64,vectors_k=2,tiles=7,register_rows=1,tile_rows=1,parallel_inside=0,k"
     "_chunks=1"},  // 0.178 ms
    {"g1mb1_ic256ih56iw56_oc64oh56ow56_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc", 2,
     "conv_direct_packed_nhwc", 1,
     "vectors_k=2,tile_w=8,tile_h=1,k_tiles_outer=0,taps_inner=1,unroll_kw=0,rows_pe"
     "r_task=8,pad_at=inline,k_tasks=2"},  // 0.225 ms
    {"g1mb1_ic256ih56iw56_oc512oh28ow28_kh1kw1_sh2sw2_ph0pw0_dh0dw0_nhwc", 2, "conv_im2col_nhwc", 1,
     "vectors_k=2,tile_w=14,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=1,rows_p"
     "er_task=2,pad_at=inline"},  // 0.444 ms
    {"g1mb1_ic256ih56iw56_oc128oh28ow28_kh1kw1_sh2sw2_ph0pw0_dh0dw0_nhwc", 2,
     "conv_direct_packed_nhwc", 1,
     "vectors_k=2,tile_w=7,tile_h=1,k_tiles_outer=0,taps_inner=1,unroll_kw=0,rows_pe"
     "r_task=8,pad_at=inline,k_tasks=2"},  // 0.115 ms
    {"g1mb1_ic128ih28iw28_oc128oh28ow28_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc", 2,
     "conv_winograd_f4_nhwc", 1,
     "k_block=64,vectors_k=4,tiles=7,register_rows=1,tile_rows=7,parallel_inside=0,k"
     "_chunks=2"},  // 0.170 ms
    {"g1mb1_ic128ih28iw28_oc512oh28ow28_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc", 2,
     "conv_direct_packed_nhwc", 1,
     "vectors_k=2,tile_w=7,tile_h=1,k_tiles_outer=0,taps_inner=1,unroll_kw=1,rows_pe"
     "r_task=8,pad_at=inline,k_tasks=2"},  // 0.224 ms
    {"g1mb1_ic512ih28iw28_oc128oh28ow28_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc", 2,
     "conv_direct_packed_nhwc", 1,
     "vectors_k=2,tile_w=7,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=0,rows_pe"
     "r_task=4,pad_at=inline,k_tasks=2"},  // 0.221 ms
    {"g1mb1_ic512ih28iw28_oc1024oh14ow14_kh1kw1_sh2sw2_ph0pw0_dh0dw0_nhwc", 2,
     "conv_direct_packed_nhwc", 1,
     "vectors_k=2,tile_w=7,tile_h=2,k_tiles_outer=0,taps_inner=1,unroll_kw=1,rows_pe"
     "r_task=8,pad_at=inline,k_tasks=2"},  // 0.473 ms
    {"g1mb1_ic512ih28iw28_oc256oh14ow14_kh1kw1_sh2sw2_ph0pw0_dh0dw0_nhwc", 2,
     "conv_direct_packed_nhwc", 1,
     "vectors_k=2,tile_w=7,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=0,rows_pe"
     "r_task=8,pad_at=inline,k_tasks=2"},  // 0.114 ms
    {"g1mb1_ic256ih14iw14_oc256oh14ow14_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc", 2,
     "conv_winograd_f4_nhwc", 1,
     "k_block=64,vectors_k=4,tiles=2,register_rows=2,tile_rows=4,parallel_inside=0,k"
     "_chunks=2"},  // 0.236 ms
    {"g1mb1_ic256ih14iw14_oc1024oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc", 2,
     "conv_direct_packed_nhwc", 1,
     "vectors_k=2,tile_w=7,tile_h=1,k_tiles_outer=0,taps_inner=1,unroll_kw=1,rows_pe"
     "r_task=8,pad_at=inline,k_tasks=2"},  // 0.223 ms
    {"g1mb1_ic1024ih14iw14_oc256oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc", 2,
     "conv_direct_packed_nhwc", 1,
     "vectors_k=2,tile_w=7,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=0,rows_pe"
     "r_task=8,pad_at=inline,k_tasks=2"},  // 0.222 ms
    {"g1mb1_ic1024ih14iw14_oc2048oh7ow7_kh1kw1_sh2sw2_ph0pw0_dh0dw0_nhwc", 2,
     "conv_direct_packed_nhwc", 1,
     "vectors_k=2,tile_w=7,tile_h=1,k_tiles_outer=0,taps_inner=1,unroll_kw=0,rows_pe"
     "r_task=8,pad_at=inline,k_tasks=2"},  // 0.480 ms
    {"g1mb1_ic1024ih14iw14_oc512oh7ow7_kh1kw1_sh2sw2_ph0pw0_dh0dw0_nhwc", 2,
     "conv_direct_packed_nhwc", 1,
     "vectors_k=2,tile_w=7,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=0,rows_pe"
     "r_task=8,pad_at=inline,k_tasks=4"},  // 0.115 ms
    {"g1mb1_ic512ih7iw7_oc512oh7ow7_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc", 2, "conv_winograd_f4_nhwc",
     1,
     "k_block=64,vectors_k=4,tiles=2,register_rows=2,tile_rows=2,parallel_inside=0,k"
     "_chunks=4"},  // 0.378 ms
    {"g1mb1_ic512ih7iw7_oc2048oh7ow7_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc", 2,
     "conv_direct_packed_nhwc", 1,
     "vectors_k=3,tile_w=7,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=0,rows_pe"
     "r_task=8,pad_at=inline,k_tasks=4"},  // 0.235 ms
    {"g1mb1_ic2048ih7iw7_oc512oh7ow7_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc", 2,
     "conv_direct_packed_nhwc", 1,
     "vectors_k=3,tile_w=7,tile_h=1,k_tiles_outer=0,taps_inner=1,unroll_kw=0,rows_pe"
     "r_task=2,pad_at=inline,k_tasks=4"},  // 0.229 ms
};

}  // namespace kf::bench
