// Tuned schedules of the deconvolution benchmark workloads, used by kf_deconv_bench when
// $KF_BENCH_DB names no database with a record for the workload.
#pragma once

namespace kf::bench {

/// Tuned schedules of the shapes_2d layers at mb1 (DeconvDesc::key(), threads -> template,
/// version, knobs). How they were obtained: every line of deconv/shapes_2d, tuned by
/// `kforge tune --op deconv FILE --mb 1 --budget-trials 10 --budget-seconds 20 --no-compare`
/// (1 thread, seed 1, all three templates sharing the budget) into a scratch database; the
/// fastest correct trial of each workload is copied here (2-thread runs use the 1-thread
/// schedule). Date 2026-11-22, 2-core AVX-512 VM; a build was running on the other core during
/// part of the tuning, so some choices may be noise-driven.
struct TunedDeconv {
  const char* key;
  int threads;
  const char* template_name;
  int template_version;
  const char* knobs;
};

inline constexpr TunedDeconv kTunedDeconv[] = {
    {"deconv:g1mb1_ic96ih55iw55_oc3oh227ow227_kh11kw11_sh4sw4_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc_via_nchw", 2,
     "vectors_w=2,tile_k=3,taps_inner=0,parallel_channels=0,rows_per_task=1,pad_at=row,pack_we"
     "ights=1"},  // 2.449 ms
    {"deconv:g2mb1_ic256ih27iw27_oc96oh27ow27_kh5kw5_sh1sw1_ph2pw2_dh0dw0_nhwc_wpt", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=1"},  // 2.297 ms
    {"deconv:g1mb1_ic384ih13iw13_oc256oh13ow13_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=1"},  // 1.979 ms
    {"deconv:g2mb1_ic384ih13iw13_oc384oh13ow13_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wpt", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 1.400 ms
    {"deconv:g2mb1_ic256ih13iw13_oc384oh13ow13_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wpt", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.889 ms
    {"deconv:g1mb1_ic64ih112iw112_oc3oh224ow224_kh7kw7_sh2sw2_ph3pw3_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc_via_nchw", 2,
     "vectors_w=2,tile_k=3,taps_inner=0,parallel_channels=0,rows_per_task=1,pad_at=row,pack_we"
     "ights=1"},  // 2.307 ms
    {"deconv:g1mb1_ic64ih56iw56_oc64oh56ow56_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.113 ms
    {"deconv:g1mb1_ic192ih56iw56_oc64oh56ow56_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 3.090 ms
    {"deconv:g1mb1_ic64ih28iw28_oc192oh28ow28_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.086 ms
    {"deconv:g1mb1_ic96ih28iw28_oc192oh28ow28_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.128 ms
    {"deconv:g1mb1_ic128ih28iw28_oc96oh28ow28_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 1.007 ms
    {"deconv:g1mb1_ic16ih28iw28_oc192oh28ow28_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.023 ms
    {"deconv:g1mb1_ic32ih28iw28_oc16oh28ow28_kh5kw5_sh1sw1_ph2pw2_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=1,tile_q=14,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at"
     "=inline,phases_outer=0"},  // 0.105 ms
    {"deconv:g1mb1_ic32ih28iw28_oc192oh28ow28_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.044 ms
    {"deconv:g1mb1_ic128ih28iw28_oc256oh28ow28_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.230 ms
    {"deconv:g1mb1_ic192ih28iw28_oc128oh28ow28_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 1.582 ms
    {"deconv:g1mb1_ic32ih28iw28_oc256oh28ow28_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.057 ms
    {"deconv:g1mb1_ic96ih28iw28_oc32oh28ow28_kh5kw5_sh1sw1_ph2pw2_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=12,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at"
     "=inline,phases_outer=0"},  // 0.694 ms
    {"deconv:g1mb1_ic64ih28iw28_oc256oh28ow28_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.117 ms
    {"deconv:g1mb1_ic192ih14iw14_oc480oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.212 ms
    {"deconv:g1mb1_ic96ih14iw14_oc480oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.102 ms
    {"deconv:g1mb1_ic208ih14iw14_oc96oh14ow14_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.497 ms
    {"deconv:g1mb1_ic16ih14iw14_oc480oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.015 ms
    {"deconv:g1mb1_ic48ih14iw14_oc16oh14ow14_kh5kw5_sh1sw1_ph2pw2_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=1,tile_q=14,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at"
     "=inline,phases_outer=0"},  // 0.043 ms
    {"deconv:g1mb1_ic64ih14iw14_oc480oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.068 ms
    {"deconv:g1mb1_ic128ih4iw4_oc512oh4ow4_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=4,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.009 ms
    {"deconv:g1mb1_ic160ih14iw14_oc512oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.173 ms
    {"deconv:g1mb1_ic112ih14iw14_oc512oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.117 ms
    {"deconv:g1mb1_ic224ih14iw14_oc112oh14ow14_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.540 ms
    {"deconv:g1mb1_ic24ih14iw14_oc512oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.025 ms
    {"deconv:g1mb1_ic64ih14iw14_oc24oh14ow14_kh5kw5_sh1sw1_ph2pw2_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=1,tile_q=14,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at"
     "=inline,phases_outer=0"},  // 0.124 ms
    {"deconv:g1mb1_ic64ih14iw14_oc512oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.069 ms
    {"deconv:g1mb1_ic128ih14iw14_oc512oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.140 ms
    {"deconv:g1mb1_ic256ih14iw14_oc128oh14ow14_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=1"},  // 0.587 ms
    {"deconv:g1mb1_ic144ih14iw14_oc512oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.160 ms
    {"deconv:g1mb1_ic288ih14iw14_oc144oh14ow14_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=1"},  // 0.821 ms
    {"deconv:g1mb1_ic32ih14iw14_oc512oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.036 ms
    {"deconv:g1mb1_ic64ih14iw14_oc32oh14ow14_kh5kw5_sh1sw1_ph2pw2_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=12,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at"
     "=inline,phases_outer=0"},  // 0.169 ms
    {"deconv:g1mb1_ic128ih4iw4_oc528oh4ow4_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=4,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.011 ms
    {"deconv:g1mb1_ic256ih14iw14_oc528oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.326 ms
    {"deconv:g1mb1_ic160ih14iw14_oc528oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.201 ms
    {"deconv:g1mb1_ic320ih14iw14_oc160oh14ow14_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=1"},  // 0.959 ms
    {"deconv:g1mb1_ic32ih14iw14_oc528oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.040 ms
    {"deconv:g1mb1_ic128ih14iw14_oc32oh14ow14_kh5kw5_sh1sw1_ph2pw2_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=12,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at"
     "=inline,phases_outer=0"},  // 0.332 ms
    {"deconv:g1mb1_ic128ih14iw14_oc528oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.158 ms
    {"deconv:g1mb1_ic256ih7iw7_oc832oh7ow7_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.127 ms
    {"deconv:g1mb1_ic160ih7iw7_oc832oh7ow7_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.078 ms
    {"deconv:g1mb1_ic320ih7iw7_oc160oh7ow7_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=1"},  // 0.449 ms
    {"deconv:g1mb1_ic32ih7iw7_oc832oh7ow7_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.014 ms
    {"deconv:g1mb1_ic128ih7iw7_oc32oh7ow7_kh5kw5_sh1sw1_ph2pw2_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.055 ms
    {"deconv:g1mb1_ic128ih7iw7_oc832oh7ow7_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.062 ms
    {"deconv:g1mb1_ic384ih7iw7_oc832oh7ow7_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.197 ms
    {"deconv:g1mb1_ic192ih7iw7_oc832oh7ow7_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.092 ms
    {"deconv:g1mb1_ic384ih7iw7_oc192oh7ow7_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=1"},  // 0.615 ms
    {"deconv:g1mb1_ic48ih7iw7_oc832oh7ow7_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.023 ms
    {"deconv:g1mb1_ic128ih7iw7_oc48oh7ow7_kh5kw5_sh1sw1_ph2pw2_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=3,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=1"},  // 0.070 ms
    {"deconv:g1mb1_ic64ih512iw512_oc3oh1030ow1030_kh7kw7_sh2sw2_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc_via_nchw", 2,
     "vectors_w=2,tile_k=3,taps_inner=0,parallel_channels=0,rows_per_task=1,pad_at=row,pack_we"
     "ights=1"},  // 201.411 ms
    {"deconv:g1mb1_ic256ih28iw28_oc512oh56ow56_kh1kw1_sh2sw2_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=6,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 1.111 ms
    {"deconv:g1mb1_ic8ih1iw5_oc8oh1ow2_kh1kw3_sh1sw1_ph0pw3_dh0dw2_nhwc_wtf", 1,
     "deconv_subpixel_nhwc_via_nchw", 2,
     "vectors_w=1,tile_k=8,taps_inner=0,parallel_channels=0,rows_per_task=1,pad_at=row,pack_we"
     "ights=1"},  // 0.000 ms
    {"deconv:g1mb1_ic8ih5iw1_oc8oh2ow1_kh3kw1_sh1sw1_ph3pw0_dh2dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc_via_nchw", 2,
     "vectors_w=1,tile_k=8,taps_inner=0,parallel_channels=0,rows_per_task=1,pad_at=row,pack_we"
     "ights=1"},  // 0.000 ms
};

}  // namespace kf::bench
