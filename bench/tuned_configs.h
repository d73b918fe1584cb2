// Tuned schedules for the benchmark workloads, used by kf_conv_bench when $KF_BENCH_DB does not
// name a database with a record for the workload: workload key (mb1) and thread count ->
// template, template version and knob string.
//
// How they were obtained: every line of ${KF_SHAPES_DIR}/conv/shapes_resnet_50 read with
// kf::read_conv_shape_file(path, /*mb_override=*/1) (NHWC), tuned by a scratch program (a loop
// over the entries calling kf::tune_workload(desc, session, database, options) with a JitSession on
// Halide::get_host_target() and TuneOptions{budget_trials = 40, budget_seconds = 120, seed = 1},
// first with threads = 1, then a second pass with threads = 2) into a scratch SQLite database;
// the fastest correct trial of each workload and thread count is copied here. The same lookup
// from a database: KF_BENCH_DB=path/to.db kf_conv_bench.
// The 1-thread entries were regenerated with `kforge tune shapes_resnet_50 --mb 1 --budget-trials
// 40 --budget-seconds 60` (evolutionary, model-guided search over conv_direct_nhwc and the
// Winograd templates; the 3x3 stride-1 layers now run Winograd); the 2-thread entries are from
// the earlier random-search pass.
// Date: 2026-11-22. Machine: 2-core AMD EPYC VM with AVX-512 (FP32 FMA peak 224 GFLOP/s on one
// core, 447 on two), Halide 14, LLVM 14. The GFLOP/s comments are the tuner's min-time
// measurements (2-thread ones swing 20-50% on this VM).
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
    // resnet_50:conv1, 1 thread(s): 247 GFLOP/s when tuned
    {"g1mb1_ic3ih224iw224_oc64oh112ow112_kh7kw7_sh2sw2_ph3pw3_dh0dw0_nhwc", 1, "conv_direct_nhwc",
     1,
     "vectors_k=2,tile_w=3,tile_h=4,k_tiles_outer=0,taps_inner=1,unroll_kw=0,rows_per_task=4,pad_"
     "at=row"},
    // resnet_50:res2a_branch1, 1 thread(s): 254 GFLOP/s when tuned
    {"g1mb1_ic64ih56iw56_oc256oh56ow56_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc", 1, "conv_direct_nhwc", 1,
     "vectors_k=2,tile_w=2,tile_h=4,k_tiles_outer=0,taps_inner=1,unroll_kw=0,rows_per_task=2,pad_"
     "at=inline"},
    // resnet_50:res2a_branch2a, 1 thread(s): 249 GFLOP/s when tuned
    {"g1mb1_ic64ih56iw56_oc64oh56ow56_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc", 1, "conv_direct_nhwc", 1,
     "vectors_k=2,tile_w=2,tile_h=4,k_tiles_outer=1,taps_inner=0,unroll_kw=1,rows_per_task=1,pad_"
     "at=inline"},
    // resnet_50:res2a_branch2b, 1 thread(s): 818 GFLOP/s when tuned
    {"g1mb1_ic64ih56iw56_oc64oh56ow56_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc", 1, "conv_winograd_f4_nhwc",
     1, "k_block=64,vectors_k=2,tiles=14,register_rows=1,tile_rows=1,parallel_inside=1"},
    // resnet_50:res2b_branch2a, 1 thread(s): 250 GFLOP/s when tuned
    {"g1mb1_ic256ih56iw56_oc64oh56ow56_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc", 1, "conv_direct_nhwc", 1,
     "vectors_k=2,tile_w=2,tile_h=4,k_tiles_outer=0,taps_inner=1,unroll_kw=0,rows_per_task=2,pad_"
     "at=inline"},
    // resnet_50:res3a_branch1, 1 thread(s): 248 GFLOP/s when tuned
    {"g1mb1_ic256ih56iw56_oc512oh28ow28_kh1kw1_sh2sw2_ph0pw0_dh0dw0_nhwc", 1, "conv_direct_nhwc", 1,
     "vectors_k=2,tile_w=2,tile_h=4,k_tiles_outer=1,taps_inner=1,unroll_kw=0,rows_per_task=1,pad_"
     "at=inline"},
    // resnet_50:res3a_branch2a, 1 thread(s): 256 GFLOP/s when tuned
    {"g1mb1_ic256ih56iw56_oc128oh28ow28_kh1kw1_sh2sw2_ph0pw0_dh0dw0_nhwc", 1, "conv_direct_nhwc", 1,
     "vectors_k=2,tile_w=2,tile_h=4,k_tiles_outer=1,taps_inner=1,unroll_kw=0,rows_per_task=1,pad_"
     "at=inline"},
    // resnet_50:res3a_branch2b, 1 thread(s): 899 GFLOP/s when tuned
    {"g1mb1_ic128ih28iw28_oc128oh28ow28_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc", 1,
     "conv_winograd_f4_nhwc", 1,
     "k_block=128,vectors_k=2,tiles=7,register_rows=1,tile_rows=2,parallel_inside=0"},
    // resnet_50:res3a_branch2c, 1 thread(s): 260 GFLOP/s when tuned
    {"g1mb1_ic128ih28iw28_oc512oh28ow28_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc", 1, "conv_direct_nhwc", 1,
     "vectors_k=2,tile_w=2,tile_h=4,k_tiles_outer=0,taps_inner=1,unroll_kw=0,rows_per_task=2,pad_"
     "at=inline"},
    // resnet_50:res3b_branch2a, 1 thread(s): 256 GFLOP/s when tuned
    {"g1mb1_ic512ih28iw28_oc128oh28ow28_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc", 1, "conv_direct_nhwc", 1,
     "vectors_k=2,tile_w=2,tile_h=4,k_tiles_outer=1,taps_inner=1,unroll_kw=1,rows_per_task=1,pad_"
     "at=inline"},
    // resnet_50:res4a_branch1, 1 thread(s): 212 GFLOP/s when tuned
    {"g1mb1_ic512ih28iw28_oc1024oh14ow14_kh1kw1_sh2sw2_ph0pw0_dh0dw0_nhwc", 1, "conv_direct_nhwc",
     1,
     "vectors_k=3,tile_w=2,tile_h=4,k_tiles_outer=1,taps_inner=0,unroll_kw=1,rows_per_task=1,pad_"
     "at=inline"},
    // resnet_50:res4a_branch2a, 1 thread(s): 230 GFLOP/s when tuned
    {"g1mb1_ic512ih28iw28_oc256oh14ow14_kh1kw1_sh2sw2_ph0pw0_dh0dw0_nhwc", 1, "conv_direct_nhwc", 1,
     "vectors_k=2,tile_w=14,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=0,rows_per_task=1,pad_"
     "at=row"},
    // resnet_50:res4a_branch2b, 1 thread(s): 640 GFLOP/s when tuned
    {"g1mb1_ic256ih14iw14_oc256oh14ow14_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc", 1,
     "conv_winograd_f4_nhwc", 1,
     "k_block=256,vectors_k=2,tiles=4,register_rows=2,tile_rows=4,parallel_inside=0"},
    // resnet_50:res4a_branch2c, 1 thread(s): 253 GFLOP/s when tuned
    {"g1mb1_ic256ih14iw14_oc1024oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc", 1, "conv_direct_nhwc",
     1,
     "vectors_k=2,tile_w=14,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=0,rows_per_task=2,pad_"
     "at=inline"},
    // resnet_50:res4b_branch2a, 1 thread(s): 236 GFLOP/s when tuned
    {"g1mb1_ic1024ih14iw14_oc256oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc", 1, "conv_direct_nhwc",
     1,
     "vectors_k=2,tile_w=14,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=1,rows_per_task=1,pad_"
     "at=row"},
    // resnet_50:res5a_branch1, 1 thread(s): 224 GFLOP/s when tuned
    {"g1mb1_ic1024ih14iw14_oc2048oh7ow7_kh1kw1_sh2sw2_ph0pw0_dh0dw0_nhwc", 1, "conv_direct_nhwc", 1,
     "vectors_k=3,tile_w=7,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=1,rows_per_task=1,pad_"
     "at=inline"},
    // resnet_50:res5a_branch2a, 1 thread(s): 229 GFLOP/s when tuned
    {"g1mb1_ic1024ih14iw14_oc512oh7ow7_kh1kw1_sh2sw2_ph0pw0_dh0dw0_nhwc", 1, "conv_direct_nhwc", 1,
     "vectors_k=3,tile_w=7,tile_h=1,k_tiles_outer=1,taps_inner=0,unroll_kw=1,rows_per_task=1,pad_"
     "at=inline"},
    // resnet_50:res5a_branch2b, 1 thread(s): 377 GFLOP/s when tuned
    {"g1mb1_ic512ih7iw7_oc512oh7ow7_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc", 1, "conv_winograd_f2_nhwc",
     1, "k_block=32,vectors_k=2,tiles=4,register_rows=2,tile_rows=4,parallel_inside=0"},
    // resnet_50:res5a_branch2c, 1 thread(s): 234 GFLOP/s when tuned
    {"g1mb1_ic512ih7iw7_oc2048oh7ow7_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc", 1, "conv_direct_nhwc", 1,
     "vectors_k=3,tile_w=7,tile_h=1,k_tiles_outer=1,taps_inner=0,unroll_kw=0,rows_per_task=1,pad_"
     "at=inline"},
    // resnet_50:res5b_branch2a, 1 thread(s): 222 GFLOP/s when tuned
    {"g1mb1_ic2048ih7iw7_oc512oh7ow7_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc", 1, "conv_direct_nhwc", 1,
     "vectors_k=3,tile_w=7,tile_h=1,k_tiles_outer=1,taps_inner=0,unroll_kw=0,rows_per_task=1,pad_"
     "at=inline"},
    // resnet_50:conv1, 2 thread(s): 432 GFLOP/s when tuned
    {"g1mb1_ic3ih224iw224_oc64oh112ow112_kh7kw7_sh2sw2_ph3pw3_dh0dw0_nhwc", 2, "conv_direct_nhwc",
     1,
     "vectors_k=2,tile_w=5,tile_h=1,k_tiles_outer=1,taps_inner=1,unroll_kw=1,rows_per_task=4,pad_"
     "at=inline"},
    // resnet_50:res2a_branch1, 2 thread(s): 431 GFLOP/s when tuned
    {"g1mb1_ic64ih56iw56_oc256oh56ow56_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc", 2, "conv_direct_nhwc", 1,
     "vectors_k=4,tile_w=6,tile_h=1,k_tiles_outer=1,taps_inner=0,unroll_kw=0,rows_per_task=1,pad_"
     "at=inline"},
    // resnet_50:res2a_branch2a, 2 thread(s): 442 GFLOP/s when tuned
    {"g1mb1_ic64ih56iw56_oc64oh56ow56_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc", 2, "conv_direct_nhwc", 1,
     "vectors_k=2,tile_w=4,tile_h=2,k_tiles_outer=0,taps_inner=0,unroll_kw=0,rows_per_task=2,pad_"
     "at=inline"},
    // resnet_50:res2a_branch2b, 2 thread(s): 428 GFLOP/s when tuned
    {"g1mb1_ic64ih56iw56_oc64oh56ow56_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc", 2, "conv_direct_nhwc", 1,
     "vectors_k=1,tile_w=7,tile_h=4,k_tiles_outer=0,taps_inner=0,unroll_kw=1,rows_per_task=1,pad_"
     "at=image"},
    // resnet_50:res2b_branch2a, 2 thread(s): 266 GFLOP/s when tuned
    {"g1mb1_ic256ih56iw56_oc64oh56ow56_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc", 2, "conv_direct_nhwc", 1,
     "vectors_k=3,tile_w=2,tile_h=4,k_tiles_outer=1,taps_inner=1,unroll_kw=1,rows_per_task=8,pad_"
     "at=inline"},
    // resnet_50:res3a_branch1, 2 thread(s): 398 GFLOP/s when tuned
    {"g1mb1_ic256ih56iw56_oc512oh28ow28_kh1kw1_sh2sw2_ph0pw0_dh0dw0_nhwc", 2, "conv_direct_nhwc", 1,
     "vectors_k=2,tile_w=4,tile_h=2,k_tiles_outer=0,taps_inner=0,unroll_kw=0,rows_per_task=4,pad_"
     "at=inline"},
    // resnet_50:res3a_branch2a, 2 thread(s): 408 GFLOP/s when tuned
    {"g1mb1_ic256ih56iw56_oc128oh28ow28_kh1kw1_sh2sw2_ph0pw0_dh0dw0_nhwc", 2, "conv_direct_nhwc", 1,
     "vectors_k=2,tile_w=4,tile_h=2,k_tiles_outer=0,taps_inner=0,unroll_kw=0,rows_per_task=4,pad_"
     "at=inline"},
    // resnet_50:res3a_branch2b, 2 thread(s): 405 GFLOP/s when tuned
    {"g1mb1_ic128ih28iw28_oc128oh28ow28_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc", 2, "conv_direct_nhwc", 1,
     "vectors_k=2,tile_w=4,tile_h=2,k_tiles_outer=0,taps_inner=0,unroll_kw=0,rows_per_task=4,pad_"
     "at=inline"},
    // resnet_50:res3a_branch2c, 2 thread(s): 450 GFLOP/s when tuned
    {"g1mb1_ic128ih28iw28_oc512oh28ow28_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc", 2, "conv_direct_nhwc", 1,
     "vectors_k=3,tile_w=4,tile_h=2,k_tiles_outer=1,taps_inner=0,unroll_kw=0,rows_per_task=1,pad_"
     "at=image"},
    // resnet_50:res3b_branch2a, 2 thread(s): 384 GFLOP/s when tuned
    {"g1mb1_ic512ih28iw28_oc128oh28ow28_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc", 2, "conv_direct_nhwc", 1,
     "vectors_k=1,tile_w=7,tile_h=2,k_tiles_outer=1,taps_inner=1,unroll_kw=0,rows_per_task=2,pad_"
     "at=inline"},
    // resnet_50:res4a_branch1, 2 thread(s): 219 GFLOP/s when tuned
    {"g1mb1_ic512ih28iw28_oc1024oh14ow14_kh1kw1_sh2sw2_ph0pw0_dh0dw0_nhwc", 2, "conv_direct_nhwc",
     1,
     "vectors_k=2,tile_w=14,tile_h=1,k_tiles_outer=1,taps_inner=1,unroll_kw=1,rows_per_task=4,pad_"
     "at=inline"},
    // resnet_50:res4a_branch2a, 2 thread(s): 396 GFLOP/s when tuned
    {"g1mb1_ic512ih28iw28_oc256oh14ow14_kh1kw1_sh2sw2_ph0pw0_dh0dw0_nhwc", 2, "conv_direct_nhwc", 1,
     "vectors_k=4,tile_w=7,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=0,rows_per_task=1,pad_"
     "at=row"},
    // resnet_50:res4a_branch2b, 2 thread(s): 325 GFLOP/s when tuned
    {"g1mb1_ic256ih14iw14_oc256oh14ow14_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc", 2, "conv_direct_nhwc", 1,
     "vectors_k=2,tile_w=2,tile_h=4,k_tiles_outer=1,taps_inner=0,unroll_kw=0,rows_per_task=1,pad_"
     "at=row"},
    // resnet_50:res4a_branch2c, 2 thread(s): 392 GFLOP/s when tuned
    {"g1mb1_ic256ih14iw14_oc1024oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc", 2, "conv_direct_nhwc",
     1,
     "vectors_k=4,tile_w=7,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=0,rows_per_task=1,pad_"
     "at=row"},
    // resnet_50:res4b_branch2a, 2 thread(s): 362 GFLOP/s when tuned
    {"g1mb1_ic1024ih14iw14_oc256oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc", 2, "conv_direct_nhwc",
     1,
     "vectors_k=4,tile_w=7,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=0,rows_per_task=1,pad_"
     "at=row"},
    // resnet_50:res5a_branch1, 2 thread(s): 315 GFLOP/s when tuned
    {"g1mb1_ic1024ih14iw14_oc2048oh7ow7_kh1kw1_sh2sw2_ph0pw0_dh0dw0_nhwc", 2, "conv_direct_nhwc", 1,
     "vectors_k=4,tile_w=7,tile_h=1,k_tiles_outer=1,taps_inner=1,unroll_kw=0,rows_per_task=1,pad_"
     "at=row"},
    // resnet_50:res5a_branch2a, 2 thread(s): 283 GFLOP/s when tuned
    {"g1mb1_ic1024ih14iw14_oc512oh7ow7_kh1kw1_sh2sw2_ph0pw0_dh0dw0_nhwc", 2, "conv_direct_nhwc", 1,
     "vectors_k=3,tile_w=1,tile_h=4,k_tiles_outer=1,taps_inner=1,unroll_kw=1,rows_per_task=1,pad_"
     "at=inline"},
    // resnet_50:res5a_branch2b, 2 thread(s): 346 GFLOP/s when tuned
    {"g1mb1_ic512ih7iw7_oc512oh7ow7_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc", 2, "conv_direct_nhwc", 1,
     "vectors_k=4,tile_w=7,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=0,rows_per_task=1,pad_"
     "at=row"},
    // resnet_50:res5a_branch2c, 2 thread(s): 371 GFLOP/s when tuned
    {"g1mb1_ic512ih7iw7_oc2048oh7ow7_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc", 2, "conv_direct_nhwc", 1,
     "vectors_k=3,tile_w=4,tile_h=2,k_tiles_outer=1,taps_inner=0,unroll_kw=0,rows_per_task=1,pad_"
     "at=image"},
    // resnet_50:res5b_branch2a, 2 thread(s): 350 GFLOP/s when tuned
    {"g1mb1_ic2048ih7iw7_oc512oh7ow7_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc", 2, "conv_direct_nhwc", 1,
     "vectors_k=4,tile_w=7,tile_h=1,k_tiles_outer=1,taps_inner=1,unroll_kw=0,rows_per_task=1,pad_"
     "at=row"},
};

}  // namespace kf::bench
