// Tuned schedules of the deconvolution benchmark workloads, used by kf_deconv_bench when
// $KF_BENCH_DB names no database with a record for the workload.
#pragma once

namespace kf::bench {

/// Tuned schedules of the shapes_2d layers at mb1 (DeconvDesc::key(), threads -> template,
/// version, knobs). How they were obtained: every line of deconv/shapes_2d, tuned by
/// `kforge tune --op deconv FILE --mb 1 --budget-trials 4 --budget-seconds 8 --no-compare`
/// (1 thread, seed 1: each applicable template's hand baseline plus one random config) into a
/// scratch database on a quiet machine; the fastest correct trial of each workload is copied
/// here (2-thread runs use the 1-thread schedule). Date 2026-11-22, 2-core AVX-512 VM.
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
     "ights=1"},  // 2.274 ms
    {"deconv:g2mb1_ic256ih27iw27_oc96oh27ow27_kh5kw5_sh1sw1_ph2pw2_dh0dw0_nhwc_wpt", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=6,tile_q=3,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=1"},  // 2.878 ms
    {"deconv:g1mb1_ic384ih13iw13_oc256oh13ow13_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 2.019 ms
    {"deconv:g2mb1_ic384ih13iw13_oc384oh13ow13_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wpt", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=3,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 1.488 ms
    {"deconv:g2mb1_ic256ih13iw13_oc384oh13ow13_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wpt", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=3,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.799 ms
    {"deconv:g1mb1_ic64ih112iw112_oc3oh224ow224_kh7kw7_sh2sw2_ph3pw3_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc_via_nchw", 2,
     "vectors_w=2,tile_k=3,taps_inner=0,parallel_channels=0,rows_per_task=1,pad_at=row,pack_we"
     "ights=1"},  // 3.349 ms
    {"deconv:g1mb1_ic64ih56iw56_oc64oh56ow56_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=8,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.112 ms
    {"deconv:g1mb1_ic192ih56iw56_oc64oh56ow56_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=8,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 3.128 ms
    {"deconv:g1mb1_ic64ih28iw28_oc192oh28ow28_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=6,tile_q=4,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.083 ms
    {"deconv:g1mb1_ic96ih28iw28_oc192oh28ow28_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=6,tile_q=4,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.126 ms
    {"deconv:g1mb1_ic128ih28iw28_oc96oh28ow28_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=6,tile_q=4,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.754 ms
    {"deconv:g1mb1_ic16ih28iw28_oc192oh28ow28_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=6,tile_q=4,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.023 ms
    {"deconv:g1mb1_ic32ih28iw28_oc16oh28ow28_kh5kw5_sh1sw1_ph2pw2_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=1,tile_q=14,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at"
     "=inline,phases_outer=0"},  // 0.108 ms
    {"deconv:g1mb1_ic32ih28iw28_oc192oh28ow28_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=6,tile_q=4,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.041 ms
    {"deconv:g1mb1_ic128ih28iw28_oc256oh28ow28_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=4,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.235 ms
    {"deconv:g1mb1_ic192ih28iw28_oc128oh28ow28_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=4,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 1.584 ms
    {"deconv:g1mb1_ic32ih28iw28_oc256oh28ow28_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=4,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.056 ms
    {"deconv:g1mb1_ic96ih28iw28_oc32oh28ow28_kh5kw5_sh1sw1_ph2pw2_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.559 ms
    {"deconv:g1mb1_ic64ih28iw28_oc256oh28ow28_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=4,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.121 ms
    {"deconv:g1mb1_ic192ih14iw14_oc480oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=3,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.155 ms
    {"deconv:g1mb1_ic96ih14iw14_oc480oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=3,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.078 ms
    {"deconv:g1mb1_ic208ih14iw14_oc96oh14ow14_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=3,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.303 ms
    {"deconv:g1mb1_ic16ih14iw14_oc480oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=3,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.014 ms
    {"deconv:g1mb1_ic48ih14iw14_oc16oh14ow14_kh5kw5_sh1sw1_ph2pw2_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=1,tile_q=14,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at"
     "=inline,phases_outer=0"},  // 0.046 ms
    {"deconv:g1mb1_ic64ih14iw14_oc480oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=3,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.052 ms
    {"deconv:g1mb1_ic128ih4iw4_oc512oh4ow4_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=4,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.010 ms
    {"deconv:g1mb1_ic160ih14iw14_oc512oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.137 ms
    {"deconv:g1mb1_ic112ih14iw14_oc512oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.096 ms
    {"deconv:g1mb1_ic224ih14iw14_oc112oh14ow14_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=1,tile_q=14,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at"
     "=inline,phases_outer=0"},  // 0.462 ms
    {"deconv:g1mb1_ic24ih14iw14_oc512oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.021 ms
    {"deconv:g1mb1_ic64ih14iw14_oc24oh14ow14_kh5kw5_sh1sw1_ph2pw2_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=1,tile_q=14,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at"
     "=inline,phases_outer=0"},  // 0.128 ms
    {"deconv:g1mb1_ic64ih14iw14_oc512oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.056 ms
    {"deconv:g1mb1_ic128ih14iw14_oc512oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.112 ms
    {"deconv:g1mb1_ic256ih14iw14_oc128oh14ow14_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.563 ms
    {"deconv:g1mb1_ic144ih14iw14_oc512oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.126 ms
    {"deconv:g1mb1_ic288ih14iw14_oc144oh14ow14_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=3,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.643 ms
    {"deconv:g1mb1_ic32ih14iw14_oc512oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.028 ms
    {"deconv:g1mb1_ic64ih14iw14_oc32oh14ow14_kh5kw5_sh1sw1_ph2pw2_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.100 ms
    {"deconv:g1mb1_ic128ih4iw4_oc528oh4ow4_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=3,tile_q=4,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.009 ms
    {"deconv:g1mb1_ic256ih14iw14_oc528oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=3,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.212 ms
    {"deconv:g1mb1_ic160ih14iw14_oc528oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=3,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.148 ms
    {"deconv:g1mb1_ic320ih14iw14_oc160oh14ow14_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.845 ms
    {"deconv:g1mb1_ic32ih14iw14_oc528oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=3,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.029 ms
    {"deconv:g1mb1_ic128ih14iw14_oc32oh14ow14_kh5kw5_sh1sw1_ph2pw2_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.204 ms
    {"deconv:g1mb1_ic128ih14iw14_oc528oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=3,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.114 ms
    {"deconv:g1mb1_ic256ih7iw7_oc832oh7ow7_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.092 ms
    {"deconv:g1mb1_ic160ih7iw7_oc832oh7ow7_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.057 ms
    {"deconv:g1mb1_ic320ih7iw7_oc160oh7ow7_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.217 ms
    {"deconv:g1mb1_ic32ih7iw7_oc832oh7ow7_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.011 ms
    {"deconv:g1mb1_ic128ih7iw7_oc32oh7ow7_kh5kw5_sh1sw1_ph2pw2_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.056 ms
    {"deconv:g1mb1_ic128ih7iw7_oc832oh7ow7_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.044 ms
    {"deconv:g1mb1_ic384ih7iw7_oc832oh7ow7_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.150 ms
    {"deconv:g1mb1_ic192ih7iw7_oc832oh7ow7_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.067 ms
    {"deconv:g1mb1_ic384ih7iw7_oc192oh7ow7_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=3,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=1"},  // 0.278 ms
    {"deconv:g1mb1_ic48ih7iw7_oc832oh7ow7_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.017 ms
    {"deconv:g1mb1_ic128ih7iw7_oc48oh7ow7_kh5kw5_sh1sw1_ph2pw2_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=3,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=1"},  // 0.075 ms
    {"deconv:g1mb1_ic64ih512iw512_oc3oh1030ow1030_kh7kw7_sh2sw2_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc_via_nchw", 2,
     "vectors_w=2,tile_k=3,taps_inner=0,parallel_channels=0,rows_per_task=1,pad_at=row,pack_we"
     "ights=1"},  // 65.220 ms
    {"deconv:g1mb1_ic256ih28iw28_oc512oh56ow56_kh1kw1_sh2sw2_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=4,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at="
     "inline,phases_outer=0"},  // 0.958 ms
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
