// Tuned schedules of the deconvolution benchmark workloads, used by kf_deconv_bench when
// $KF_BENCH_DB names no database with a record for the workload.
#pragma once

namespace kf::bench {

/// Tuned schedules of the shapes_2d layers at mb1 (DeconvDesc::key(), threads -> template,
/// version, knobs). How they were obtained: every line of deconv/shapes_2d, tuned by
/// `kforge tune --op deconv FILE --mb 1 --budget-trials 24 --budget-seconds 25 --no-compare`
/// (1 thread, seed 1, the model-guided evolutionary search over the sub-pixel templates and,
/// for stride-1 layers, the convolution templates through deconv_as_conv_*) into a scratch
/// database (9 minutes for the 60 layers; then alexnet:deconv4/5 again with --retune once
/// Winograd took groups, and the nine 5x5 layers with --retune --budget-trials 60
/// --budget-seconds 40 --patience 0), then all 60 again with --threads 2 (10 minutes; redone
/// 2026-12-05 16:15-16:24 UTC once the Winograd templates had k_chunks, 9 minutes); the
/// fastest correct trial of each workload and thread count is copied here by
/// `kforge db export --db DB | python3 bench/tuned_entries.py`. Date 2026-12-05, 2-core AVX-512 VM.
/// The comments are the tuner's fastest-sample times.
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
     "vectors_w=2,tile_k=3,taps_inner=0,parallel_channels=0,rows_per_task=1,pad_at=row,pack_weight"
     "s=1"},  // 2.616 ms
    {"deconv:g2mb1_ic256ih27iw27_oc96oh27ow27_kh5kw5_sh1sw1_ph2pw2_dh0dw0_nhwc_wpt", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=3,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at=inli"
     "ne,phases_outer=0"},  // 2.425 ms
    {"deconv:g1mb1_ic384ih13iw13_oc256oh13ow13_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 1,
     "deconv_as_conv_winograd_f4_nhwc", 1001,
     "k_block=64,vectors_k=2,tiles=4,register_rows=2,tile_rows=4,parallel_inside=0"},  // 0.690 ms
    {"deconv:g2mb1_ic384ih13iw13_oc384oh13ow13_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wpt", 1,
     "deconv_as_conv_winograd_f4_nhwc", 1001,
     "k_block=16,vectors_k=1,tiles=4,register_rows=2,tile_rows=4,parallel_inside=1"},  // 0.624 ms
    {"deconv:g2mb1_ic256ih13iw13_oc384oh13ow13_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wpt", 1,
     "deconv_as_conv_winograd_f4_nhwc", 1001,
     "k_block=64,vectors_k=2,tiles=4,register_rows=2,tile_rows=4,parallel_inside=1"},  // 0.352 ms
    {"deconv:g1mb1_ic64ih112iw112_oc3oh224ow224_kh7kw7_sh2sw2_ph3pw3_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc_via_nchw", 2,
     "vectors_w=4,tile_k=3,taps_inner=1,parallel_channels=0,rows_per_task=1,pad_at=image,pack_weig"
     "hts=1"},  // 1.960 ms
    {"deconv:g1mb1_ic64ih56iw56_oc64oh56ow56_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=8,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at=inli"
     "ne,phases_outer=0"},  // 0.111 ms
    {"deconv:g1mb1_ic192ih56iw56_oc64oh56ow56_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 1,
     "deconv_as_conv_winograd_f4_nhwc", 1001,
     "k_block=64,vectors_k=2,tiles=14,register_rows=1,tile_rows=14,parallel_inside=1"},  // 0.919 ms
    {"deconv:g1mb1_ic64ih28iw28_oc192oh28ow28_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_as_conv_gemm_1x1_nhwc", 1001,
     "vectors_k=2,tile_w=6,tile_h=1,k_tiles_outer=1,taps_inner=0,unroll_kw=1,rows_per_task=4,pad_a"
     "t=inline"},  // 0.081 ms
    {"deconv:g1mb1_ic96ih28iw28_oc192oh28ow28_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at=inli"
     "ne,phases_outer=0"},  // 0.121 ms
    {"deconv:g1mb1_ic128ih28iw28_oc96oh28ow28_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 1,
     "deconv_as_conv_winograd_f4_nhwc", 1001,
     "k_block=32,vectors_k=2,tiles=7,register_rows=1,tile_rows=7,parallel_inside=0"},  // 0.213 ms
    {"deconv:g1mb1_ic16ih28iw28_oc192oh28ow28_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_as_conv_gemm_1x1_nhwc", 1001,
     "vectors_k=2,tile_w=6,tile_h=1,k_tiles_outer=1,taps_inner=0,unroll_kw=1,rows_per_task=4,pad_a"
     "t=inline"},  // 0.021 ms
    {"deconv:g1mb1_ic32ih28iw28_oc16oh28ow28_kh5kw5_sh1sw1_ph2pw2_dh0dw0_nhwc_wtf", 1,
     "deconv_as_conv_direct_nhwc", 1001,
     "vectors_k=1,tile_w=28,tile_h=1,k_tiles_outer=1,taps_inner=0,unroll_kw=0,rows_per_task=1,pad_"
     "at=image"},  // 0.092 ms
    {"deconv:g1mb1_ic32ih28iw28_oc192oh28ow28_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_as_conv_gemm_1x1_nhwc", 1001,
     "vectors_k=2,tile_w=6,tile_h=1,k_tiles_outer=1,taps_inner=0,unroll_kw=1,rows_per_task=8,pad_a"
     "t=inline"},  // 0.041 ms
    {"deconv:g1mb1_ic128ih28iw28_oc256oh28ow28_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_as_conv_gemm_1x1_nhwc", 1001,
     "vectors_k=2,tile_w=6,tile_h=1,k_tiles_outer=1,taps_inner=0,unroll_kw=1,rows_per_task=8,pad_a"
     "t=inline"},  // 0.215 ms
    {"deconv:g1mb1_ic192ih28iw28_oc128oh28ow28_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 1,
     "deconv_as_conv_winograd_f4_nhwc", 1001,
     "k_block=32,vectors_k=2,tiles=7,register_rows=1,tile_rows=7,parallel_inside=0"},  // 0.407 ms
    {"deconv:g1mb1_ic32ih28iw28_oc256oh28ow28_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_as_conv_gemm_1x1_nhwc", 1001,
     "vectors_k=2,tile_w=7,tile_h=1,k_tiles_outer=1,taps_inner=0,unroll_kw=0,rows_per_task=4,pad_a"
     "t=inline"},  // 0.054 ms
    {"deconv:g1mb1_ic96ih28iw28_oc32oh28ow28_kh5kw5_sh1sw1_ph2pw2_dh0dw0_nhwc_wtf", 1,
     "deconv_as_conv_direct_nhwc", 1001,
     "vectors_k=2,tile_w=14,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=0,rows_per_task=1,pad_"
     "at=image"},  // 0.507 ms
    {"deconv:g1mb1_ic64ih28iw28_oc256oh28ow28_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_as_conv_gemm_1x1_nhwc", 1001,
     "vectors_k=2,tile_w=6,tile_h=1,k_tiles_outer=1,taps_inner=0,unroll_kw=0,rows_per_task=4,pad_a"
     "t=inline"},  // 0.109 ms
    {"deconv:g1mb1_ic192ih14iw14_oc480oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_as_conv_gemm_1x1_nhwc", 1001,
     "vectors_k=2,tile_w=6,tile_h=1,k_tiles_outer=1,taps_inner=0,unroll_kw=1,rows_per_task=8,pad_a"
     "t=inline"},  // 0.154 ms
    {"deconv:g1mb1_ic96ih14iw14_oc480oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at=inli"
     "ne,phases_outer=0"},  // 0.076 ms
    {"deconv:g1mb1_ic208ih14iw14_oc96oh14ow14_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 1,
     "deconv_as_conv_winograd_f4_nhwc", 1001,
     "k_block=32,vectors_k=2,tiles=4,register_rows=2,tile_rows=4,parallel_inside=1"},  // 0.117 ms
    {"deconv:g1mb1_ic16ih14iw14_oc480oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_as_conv_gemm_1x1_nhwc", 1001,
     "vectors_k=2,tile_w=6,tile_h=1,k_tiles_outer=1,taps_inner=0,unroll_kw=1,rows_per_task=8,pad_a"
     "t=inline"},  // 0.013 ms
    {"deconv:g1mb1_ic48ih14iw14_oc16oh14ow14_kh5kw5_sh1sw1_ph2pw2_dh0dw0_nhwc_wtf", 1,
     "deconv_as_conv_direct_nhwc", 1001,
     "vectors_k=1,tile_w=14,tile_h=1,k_tiles_outer=1,taps_inner=1,unroll_kw=0,rows_per_task=1,pad_"
     "at=image"},  // 0.033 ms
    {"deconv:g1mb1_ic64ih14iw14_oc480oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at=inli"
     "ne,phases_outer=0"},  // 0.050 ms
    {"deconv:g1mb1_ic128ih4iw4_oc512oh4ow4_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_as_conv_gemm_1x1_nhwc", 1001,
     "vectors_k=2,tile_w=8,tile_h=1,k_tiles_outer=1,taps_inner=0,unroll_kw=1,rows_per_task=2,pad_a"
     "t=inline"},  // 0.009 ms
    {"deconv:g1mb1_ic160ih14iw14_oc512oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at=inli"
     "ne,phases_outer=0"},  // 0.138 ms
    {"deconv:g1mb1_ic112ih14iw14_oc512oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_as_conv_gemm_1x1_nhwc", 1001,
     "vectors_k=2,tile_w=14,tile_h=1,k_tiles_outer=0,taps_inner=1,unroll_kw=1,rows_per_task=8,pad_"
     "at=inline"},  // 0.094 ms
    {"deconv:g1mb1_ic224ih14iw14_oc112oh14ow14_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 1,
     "deconv_as_conv_winograd_f4_nhwc", 1001,
     "k_block=16,vectors_k=1,tiles=4,register_rows=2,tile_rows=4,parallel_inside=0"},  // 0.173 ms
    {"deconv:g1mb1_ic24ih14iw14_oc512oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_as_conv_gemm_1x1_nhwc", 1001,
     "vectors_k=2,tile_w=7,tile_h=1,k_tiles_outer=1,taps_inner=0,unroll_kw=1,rows_per_task=8,pad_a"
     "t=inline"},  // 0.020 ms
    {"deconv:g1mb1_ic64ih14iw14_oc24oh14ow14_kh5kw5_sh1sw1_ph2pw2_dh0dw0_nhwc_wtf", 1,
     "deconv_as_conv_direct_nhwc", 1001,
     "vectors_k=1,tile_w=14,tile_h=1,k_tiles_outer=0,taps_inner=1,unroll_kw=0,rows_per_task=1,pad_"
     "at=image"},  // 0.087 ms
    {"deconv:g1mb1_ic64ih14iw14_oc512oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at=inli"
     "ne,phases_outer=0"},  // 0.055 ms
    {"deconv:g1mb1_ic128ih14iw14_oc512oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_as_conv_gemm_1x1_nhwc", 1001,
     "vectors_k=2,tile_w=14,tile_h=1,k_tiles_outer=0,taps_inner=1,unroll_kw=1,rows_per_task=4,pad_"
     "at=inline"},  // 0.107 ms
    {"deconv:g1mb1_ic256ih14iw14_oc128oh14ow14_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 1,
     "deconv_as_conv_winograd_f4_nhwc", 1001,
     "k_block=32,vectors_k=2,tiles=4,register_rows=2,tile_rows=4,parallel_inside=1"},  // 0.209 ms
    {"deconv:g1mb1_ic144ih14iw14_oc512oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_as_conv_gemm_1x1_nhwc", 1001,
     "vectors_k=2,tile_w=14,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=0,rows_per_task=4,pad_"
     "at=inline"},  // 0.124 ms
    {"deconv:g1mb1_ic288ih14iw14_oc144oh14ow14_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 1,
     "deconv_as_conv_winograd_f4_nhwc", 1001,
     "k_block=16,vectors_k=1,tiles=4,register_rows=2,tile_rows=4,parallel_inside=1"},  // 0.284 ms
    {"deconv:g1mb1_ic32ih14iw14_oc512oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at=inli"
     "ne,phases_outer=0"},  // 0.028 ms
    {"deconv:g1mb1_ic64ih14iw14_oc32oh14ow14_kh5kw5_sh1sw1_ph2pw2_dh0dw0_nhwc_wtf", 1,
     "deconv_as_conv_direct_nhwc", 1001,
     "vectors_k=2,tile_w=7,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=0,rows_per_task=1,pad_a"
     "t=image"},  // 0.085 ms
    {"deconv:g1mb1_ic128ih4iw4_oc528oh4ow4_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=3,tile_q=4,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at=inli"
     "ne,phases_outer=0"},  // 0.009 ms
    {"deconv:g1mb1_ic256ih14iw14_oc528oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=3,tile_q=8,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at=inli"
     "ne,phases_outer=0"},  // 0.228 ms
    {"deconv:g1mb1_ic160ih14iw14_oc528oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_as_conv_gemm_1x1_nhwc", 1001,
     "vectors_k=3,tile_w=7,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=1,rows_per_task=1,pad_a"
     "t=inline"},  // 0.141 ms
    {"deconv:g1mb1_ic320ih14iw14_oc160oh14ow14_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 1,
     "deconv_as_conv_winograd_f4_nhwc", 1001,
     "k_block=32,vectors_k=2,tiles=4,register_rows=2,tile_rows=4,parallel_inside=1"},  // 0.329 ms
    {"deconv:g1mb1_ic32ih14iw14_oc528oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=3,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at=inli"
     "ne,phases_outer=0"},  // 0.029 ms
    {"deconv:g1mb1_ic128ih14iw14_oc32oh14ow14_kh5kw5_sh1sw1_ph2pw2_dh0dw0_nhwc_wtf", 1,
     "deconv_as_conv_direct_nhwc", 1001,
     "vectors_k=2,tile_w=7,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=1,rows_per_task=1,pad_a"
     "t=image"},  // 0.169 ms
    {"deconv:g1mb1_ic128ih14iw14_oc528oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=3,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at=inli"
     "ne,phases_outer=0"},  // 0.114 ms
    {"deconv:g1mb1_ic256ih7iw7_oc832oh7ow7_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=2,pad_at=inli"
     "ne,phases_outer=0"},  // 0.092 ms
    {"deconv:g1mb1_ic160ih7iw7_oc832oh7ow7_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_as_conv_gemm_1x1_nhwc", 1001,
     "vectors_k=4,tile_w=7,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=0,rows_per_task=1,pad_a"
     "t=row"},  // 0.058 ms
    {"deconv:g1mb1_ic320ih7iw7_oc160oh7ow7_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 1,
     "deconv_as_conv_winograd_f4_nhwc", 1001,
     "k_block=32,vectors_k=2,tiles=2,register_rows=2,tile_rows=2,parallel_inside=1"},  // 0.096 ms
    {"deconv:g1mb1_ic32ih7iw7_oc832oh7ow7_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=0,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at=inli"
     "ne,phases_outer=0"},  // 0.011 ms
    {"deconv:g1mb1_ic128ih7iw7_oc32oh7ow7_kh5kw5_sh1sw1_ph2pw2_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=2,pad_at=inli"
     "ne,phases_outer=0"},  // 0.038 ms
    {"deconv:g1mb1_ic128ih7iw7_oc832oh7ow7_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at=inli"
     "ne,phases_outer=0"},  // 0.045 ms
    {"deconv:g1mb1_ic384ih7iw7_oc832oh7ow7_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at=inli"
     "ne,phases_outer=0"},  // 0.140 ms
    {"deconv:g1mb1_ic192ih7iw7_oc832oh7ow7_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task=2,pad_at=inli"
     "ne,phases_outer=0"},  // 0.069 ms
    {"deconv:g1mb1_ic384ih7iw7_oc192oh7ow7_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 1,
     "deconv_as_conv_winograd_f4_nhwc", 1001,
     "k_block=64,vectors_k=4,tiles=2,register_rows=2,tile_rows=2,parallel_inside=1"},  // 0.118 ms
    {"deconv:g1mb1_ic48ih7iw7_oc832oh7ow7_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=0,taps_inner=1,pack_weights=1,rows_per_task=1,pad_at=inli"
     "ne,phases_outer=0"},  // 0.017 ms
    {"deconv:g1mb1_ic128ih7iw7_oc48oh7ow7_kh5kw5_sh1sw1_ph2pw2_dh0dw0_nhwc_wtf", 1,
     "deconv_as_conv_direct_nhwc", 1001,
     "vectors_k=3,tile_w=7,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=0,rows_per_task=2,pad_a"
     "t=image"},  // 0.065 ms
    {"deconv:g1mb1_ic64ih512iw512_oc3oh1030ow1030_kh7kw7_sh2sw2_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc_via_nchw", 2,
     "vectors_w=2,tile_k=3,taps_inner=0,parallel_channels=0,rows_per_task=1,pad_at=row,pack_weight"
     "s=1"},  // 76.987 ms
    {"deconv:g1mb1_ic256ih28iw28_oc512oh56ow56_kh1kw1_sh2sw2_ph0pw0_dh0dw0_nhwc_wtf", 1,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=0,taps_inner=0,pack_weights=1,rows_per_task=1,pad_at=inli"
     "ne,phases_outer=0"},  // 0.982 ms
    {"deconv:g1mb1_ic8ih1iw5_oc8oh1ow2_kh1kw3_sh1sw1_ph0pw3_dh0dw2_nhwc_wtf", 1,
     "deconv_as_conv_direct_nhwc", 1001,
     "vectors_k=1,tile_w=2,tile_h=1,k_tiles_outer=1,taps_inner=1,unroll_kw=0,rows_per_task=8,pad_a"
     "t=inline"},  // 0.000 ms
    {"deconv:g1mb1_ic8ih5iw1_oc8oh2ow1_kh3kw1_sh1sw1_ph3pw0_dh2dw0_nhwc_wtf", 1,
     "deconv_as_conv_direct_nhwc", 1001,
     "vectors_k=1,tile_w=1,tile_h=2,k_tiles_outer=1,taps_inner=1,unroll_kw=0,rows_per_task=8,pad_a"
     "t=inline"},  // 0.000 ms
    {"deconv:g1mb1_ic96ih55iw55_oc3oh227ow227_kh11kw11_sh4sw4_ph0pw0_dh0dw0_nhwc_wtf", 2,
     "deconv_subpixel_nhwc_via_nchw", 2,
     "vectors_w=2,tile_k=3,taps_inner=0,parallel_channels=0,rows_per_task=1,pad_at=r"
     "ow,pack_weights=1"},  // 1.451 ms
    {"deconv:g2mb1_ic256ih27iw27_oc96oh27ow27_kh5kw5_sh1sw1_ph2pw2_dh0dw0_nhwc_wpt", 2,
     "deconv_as_conv_direct_nhwc", 1001,
     "vectors_k=6,tile_w=3,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=0,rows_pe"
     "r_task=2,pad_at=row"},  // 1.547 ms
    {"deconv:g1mb1_ic384ih13iw13_oc256oh13ow13_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 2,
     "deconv_as_conv_winograd_f4_nhwc", 1001,
     "k_block=64,vectors_k=2,tiles=4,register_rows=2,tile_rows=4,parallel_inside=1,k"
     "_chunks=1"},  // 0.420 ms
    {"deconv:g2mb1_ic384ih13iw13_oc384oh13ow13_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wpt", 2,
     "deconv_as_conv_winograd_f4_nhwc", 1001,
     "k_block=32,vectors_k=2,tiles=4,register_rows=2,tile_rows=4,parallel_inside=1,k"
     "_chunks=1"},  // 0.326 ms
    {"deconv:g2mb1_ic256ih13iw13_oc384oh13ow13_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wpt", 2,
     "deconv_as_conv_winograd_f4_nhwc", 1001,
     "k_block=64,vectors_k=4,tiles=3,register_rows=2,tile_rows=2,parallel_inside=0,k"
     "_chunks=1"},  // 0.212 ms
    {"deconv:g1mb1_ic64ih112iw112_oc3oh224ow224_kh7kw7_sh2sw2_ph3pw3_dh0dw0_nhwc_wtf", 2,
     "deconv_subpixel_nhwc_via_nchw", 2,
     "vectors_w=2,tile_k=3,taps_inner=0,parallel_channels=0,rows_per_task=1,pad_at=i"
     "mage,pack_weights=0"},  // 1.102 ms
    {"deconv:g1mb1_ic64ih56iw56_oc64oh56ow56_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 2,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=8,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task"
     "=1,pad_at=inline,phases_outer=0"},  // 0.061 ms
    {"deconv:g1mb1_ic192ih56iw56_oc64oh56ow56_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 2,
     "deconv_as_conv_winograd_f2_nhwc", 1001,
     "k_block=64,vectors_k=2,tiles=7,register_rows=1,tile_rows=2,parallel_inside=0,k"
     "_chunks=1"},  // 0.846 ms
    {"deconv:g1mb1_ic64ih28iw28_oc192oh28ow28_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 2,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=4,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task"
     "=1,pad_at=inline,phases_outer=0"},  // 0.050 ms
    {"deconv:g1mb1_ic96ih28iw28_oc192oh28ow28_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 2,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task"
     "=1,pad_at=inline,phases_outer=0"},  // 0.071 ms
    {"deconv:g1mb1_ic128ih28iw28_oc96oh28ow28_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 2,
     "deconv_as_conv_winograd_f2_nhwc", 1001,
     "k_block=32,vectors_k=2,tiles=14,register_rows=1,tile_rows=1,parallel_inside=0,"
     "k_chunks=1"},  // 0.198 ms
    {"deconv:g1mb1_ic16ih28iw28_oc192oh28ow28_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 2,
     "deconv_as_conv_direct_nhwc", 1001,
     "vectors_k=6,tile_w=4,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=0,rows_pe"
     "r_task=2,pad_at=row"},  // 0.013 ms
    {"deconv:g1mb1_ic32ih28iw28_oc16oh28ow28_kh5kw5_sh1sw1_ph2pw2_dh0dw0_nhwc_wtf", 2,
     "deconv_as_conv_direct_nhwc", 1001,
     "vectors_k=1,tile_w=28,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=0,rows_p"
     "er_task=1,pad_at=row"},  // 0.057 ms
    {"deconv:g1mb1_ic32ih28iw28_oc192oh28ow28_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 2,
     "deconv_as_conv_direct_nhwc", 1001,
     "vectors_k=2,tile_w=14,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=0,rows_p"
     "er_task=2,pad_at=row"},  // 0.026 ms
    {"deconv:g1mb1_ic128ih28iw28_oc256oh28ow28_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 2,
     "deconv_as_conv_direct_nhwc", 1001,
     "vectors_k=2,tile_w=14,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=0,rows_p"
     "er_task=2,pad_at=row"},  // 0.117 ms
    {"deconv:g1mb1_ic192ih28iw28_oc128oh28ow28_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 2,
     "deconv_as_conv_winograd_f4_nhwc", 1001,
     "k_block=32,vectors_k=2,tiles=6,register_rows=1,tile_rows=7,parallel_inside=0,k"
     "_chunks=2"},  // 0.325 ms
    {"deconv:g1mb1_ic32ih28iw28_oc256oh28ow28_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 2,
     "deconv_as_conv_direct_nhwc", 1001,
     "vectors_k=2,tile_w=14,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=0,rows_p"
     "er_task=2,pad_at=inline"},  // 0.034 ms
    {"deconv:g1mb1_ic96ih28iw28_oc32oh28ow28_kh5kw5_sh1sw1_ph2pw2_dh0dw0_nhwc_wtf", 2,
     "deconv_as_conv_direct_nhwc", 1001,
     "vectors_k=2,tile_w=14,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=0,rows_p"
     "er_task=1,pad_at=row"},  // 0.281 ms
    {"deconv:g1mb1_ic64ih28iw28_oc256oh28ow28_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 2,
     "deconv_as_conv_direct_nhwc", 1001,
     "vectors_k=2,tile_w=14,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=0,rows_p"
     "er_task=2,pad_at=inline"},  // 0.061 ms
    {"deconv:g1mb1_ic192ih14iw14_oc480oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 2,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=3,tile_q=7,k_tiles_outer=0,taps_inner=0,pack_weights=1,rows_per_task"
     "=1,pad_at=inline,phases_outer=0"},  // 0.082 ms
    {"deconv:g1mb1_ic96ih14iw14_oc480oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 2,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=3,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task"
     "=1,pad_at=inline,phases_outer=0"},  // 0.042 ms
    {"deconv:g1mb1_ic208ih14iw14_oc96oh14ow14_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 2,
     "deconv_as_conv_winograd_f4_nhwc", 1001,
     "k_block=32,vectors_k=2,tiles=2,register_rows=2,tile_rows=2,parallel_inside=0,k"
     "_chunks=1"},  // 0.081 ms
    {"deconv:g1mb1_ic16ih14iw14_oc480oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 2,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=1,tile_q=2,k_tiles_outer=0,taps_inner=1,pack_weights=1,rows_per_task"
     "=8,pad_at=inline,phases_outer=0"},  // 0.009 ms
    {"deconv:g1mb1_ic48ih14iw14_oc16oh14ow14_kh5kw5_sh1sw1_ph2pw2_dh0dw0_nhwc_wtf", 2,
     "deconv_as_conv_direct_nhwc", 1001,
     "vectors_k=1,tile_w=14,tile_h=2,k_tiles_outer=1,taps_inner=1,unroll_kw=0,rows_p"
     "er_task=2,pad_at=row"},  // 0.023 ms
    {"deconv:g1mb1_ic64ih14iw14_oc480oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 2,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=3,tile_q=7,k_tiles_outer=1,taps_inner=1,pack_weights=1,rows_per_task"
     "=1,pad_at=inline,phases_outer=0"},  // 0.031 ms
    {"deconv:g1mb1_ic128ih4iw4_oc512oh4ow4_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 2,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=4,tile_q=4,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task"
     "=2,pad_at=inline,phases_outer=0"},  // 0.008 ms
    {"deconv:g1mb1_ic160ih14iw14_oc512oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 2,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task"
     "=1,pad_at=inline,phases_outer=0"},  // 0.077 ms
    {"deconv:g1mb1_ic112ih14iw14_oc512oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 2,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=3,tile_q=7,k_tiles_outer=0,taps_inner=0,pack_weights=1,rows_per_task"
     "=1,pad_at=inline,phases_outer=0"},  // 0.054 ms
    {"deconv:g1mb1_ic224ih14iw14_oc112oh14ow14_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 2,
     "deconv_as_conv_winograd_f2_nhwc", 1001,
     "k_block=16,vectors_k=1,tiles=7,register_rows=4,tile_rows=4,parallel_inside=0,k"
     "_chunks=1"},  // 0.122 ms
    {"deconv:g1mb1_ic24ih14iw14_oc512oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 2,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task"
     "=1,pad_at=inline,phases_outer=0"},  // 0.015 ms
    {"deconv:g1mb1_ic64ih14iw14_oc24oh14ow14_kh5kw5_sh1sw1_ph2pw2_dh0dw0_nhwc_wtf", 2,
     "deconv_as_conv_direct_nhwc", 1001,
     "vectors_k=1,tile_w=14,tile_h=1,k_tiles_outer=0,taps_inner=1,unroll_kw=0,rows_p"
     "er_task=1,pad_at=row"},  // 0.053 ms
    {"deconv:g1mb1_ic64ih14iw14_oc512oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 2,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task"
     "=1,pad_at=inline,phases_outer=0"},  // 0.033 ms
    {"deconv:g1mb1_ic128ih14iw14_oc512oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 2,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=8,k_tiles_outer=1,taps_inner=1,pack_weights=1,rows_per_task"
     "=1,pad_at=inline,phases_outer=0"},  // 0.062 ms
    {"deconv:g1mb1_ic256ih14iw14_oc128oh14ow14_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 2,
     "deconv_as_conv_winograd_f4_nhwc", 1001,
     "k_block=32,vectors_k=2,tiles=2,register_rows=2,tile_rows=2,parallel_inside=0,k"
     "_chunks=1"},  // 0.129 ms
    {"deconv:g1mb1_ic144ih14iw14_oc512oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 2,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task"
     "=1,pad_at=inline,phases_outer=0"},  // 0.065 ms
    {"deconv:g1mb1_ic288ih14iw14_oc144oh14ow14_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 2,
     "deconv_as_conv_winograd_f2_nhwc", 1001,
     "k_block=16,vectors_k=1,tiles=7,register_rows=4,tile_rows=4,parallel_inside=0,k"
     "_chunks=1"},  // 0.187 ms
    {"deconv:g1mb1_ic32ih14iw14_oc512oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 2,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task"
     "=1,pad_at=inline,phases_outer=0"},  // 0.017 ms
    {"deconv:g1mb1_ic64ih14iw14_oc32oh14ow14_kh5kw5_sh1sw1_ph2pw2_dh0dw0_nhwc_wtf", 2,
     "deconv_as_conv_direct_nhwc", 1001,
     "vectors_k=2,tile_w=14,tile_h=1,k_tiles_outer=1,taps_inner=0,unroll_kw=0,rows_p"
     "er_task=1,pad_at=row"},  // 0.050 ms
    {"deconv:g1mb1_ic128ih4iw4_oc528oh4ow4_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 2,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=3,tile_q=4,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task"
     "=2,pad_at=inline,phases_outer=0"},  // 0.007 ms
    {"deconv:g1mb1_ic256ih14iw14_oc528oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 2,
     "deconv_as_conv_direct_nhwc", 1001,
     "vectors_k=3,tile_w=7,tile_h=1,k_tiles_outer=1,taps_inner=1,unroll_kw=0,rows_pe"
     "r_task=1,pad_at=row"},  // 0.118 ms
    {"deconv:g1mb1_ic160ih14iw14_oc528oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 2,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=3,tile_q=8,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task"
     "=1,pad_at=inline,phases_outer=0"},  // 0.075 ms
    {"deconv:g1mb1_ic320ih14iw14_oc160oh14ow14_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 2,
     "deconv_as_conv_winograd_f4_nhwc", 1001,
     "k_block=32,vectors_k=2,tiles=2,register_rows=2,tile_rows=2,parallel_inside=0,k"
     "_chunks=1"},  // 0.203 ms
    {"deconv:g1mb1_ic32ih14iw14_oc528oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 2,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task"
     "=1,pad_at=inline,phases_outer=0"},  // 0.018 ms
    {"deconv:g1mb1_ic128ih14iw14_oc32oh14ow14_kh5kw5_sh1sw1_ph2pw2_dh0dw0_nhwc_wtf", 2,
     "deconv_as_conv_direct_nhwc", 1001,
     "vectors_k=2,tile_w=14,tile_h=1,k_tiles_outer=1,taps_inner=0,unroll_kw=1,rows_p"
     "er_task=1,pad_at=row"},  // 0.096 ms
    {"deconv:g1mb1_ic128ih14iw14_oc528oh14ow14_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 2,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=3,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task"
     "=1,pad_at=inline,phases_outer=0"},  // 0.061 ms
    {"deconv:g1mb1_ic256ih7iw7_oc832oh7ow7_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 2,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=1,pack_weights=1,rows_per_task"
     "=1,pad_at=inline,phases_outer=0"},  // 0.054 ms
    {"deconv:g1mb1_ic160ih7iw7_oc832oh7ow7_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 2,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task"
     "=4,pad_at=inline,phases_outer=0"},  // 0.032 ms
    {"deconv:g1mb1_ic320ih7iw7_oc160oh7ow7_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 2,
     "deconv_as_conv_winograd_f4_nhwc", 1001,
     "k_block=32,vectors_k=2,tiles=2,register_rows=2,tile_rows=2,parallel_inside=1,k"
     "_chunks=1"},  // 0.089 ms
    {"deconv:g1mb1_ic32ih7iw7_oc832oh7ow7_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 2,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=1,pack_weights=1,rows_per_task"
     "=2,pad_at=inline,phases_outer=0"},  // 0.007 ms
    {"deconv:g1mb1_ic128ih7iw7_oc32oh7ow7_kh5kw5_sh1sw1_ph2pw2_dh0dw0_nhwc_wtf", 2,
     "deconv_as_conv_direct_nhwc", 1001,
     "vectors_k=2,tile_w=7,tile_h=1,k_tiles_outer=1,taps_inner=0,unroll_kw=0,rows_pe"
     "r_task=1,pad_at=row"},  // 0.027 ms
    {"deconv:g1mb1_ic128ih7iw7_oc832oh7ow7_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 2,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task"
     "=4,pad_at=inline,phases_outer=0"},  // 0.026 ms
    {"deconv:g1mb1_ic384ih7iw7_oc832oh7ow7_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 2,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=0,taps_inner=1,pack_weights=1,rows_per_task"
     "=1,pad_at=inline,phases_outer=0"},  // 0.082 ms
    {"deconv:g1mb1_ic192ih7iw7_oc832oh7ow7_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 2,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task"
     "=4,pad_at=inline,phases_outer=0"},  // 0.039 ms
    {"deconv:g1mb1_ic384ih7iw7_oc192oh7ow7_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc_wtf", 2,
     "deconv_as_conv_winograd_f2_nhwc", 1001,
     "k_block=32,vectors_k=2,tiles=4,register_rows=1,tile_rows=2,parallel_inside=0,k"
     "_chunks=1"},  // 0.118 ms
    {"deconv:g1mb1_ic48ih7iw7_oc832oh7ow7_kh1kw1_sh1sw1_ph0pw0_dh0dw0_nhwc_wtf", 2,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task"
     "=4,pad_at=inline,phases_outer=0"},  // 0.011 ms
    {"deconv:g1mb1_ic128ih7iw7_oc48oh7ow7_kh5kw5_sh1sw1_ph2pw2_dh0dw0_nhwc_wtf", 2,
     "deconv_as_conv_direct_nhwc", 1001,
     "vectors_k=3,tile_w=7,tile_h=1,k_tiles_outer=0,taps_inner=0,unroll_kw=0,rows_pe"
     "r_task=1,pad_at=row"},  // 0.040 ms
    {"deconv:g1mb1_ic64ih512iw512_oc3oh1030ow1030_kh7kw7_sh2sw2_ph0pw0_dh0dw0_nhwc_wtf", 2,
     "deconv_subpixel_nhwc_via_nchw", 2,
     "vectors_w=2,tile_k=3,taps_inner=0,parallel_channels=0,rows_per_task=1,pad_at="
     "row,pack_weights=1"},  // 37.024 ms
    {"deconv:g1mb1_ic256ih28iw28_oc512oh56ow56_kh1kw1_sh2sw2_ph0pw0_dh0dw0_nhwc_wtf", 2,
     "deconv_subpixel_nhwc", 3,
     "vectors_k=2,tile_q=7,k_tiles_outer=1,taps_inner=0,pack_weights=1,rows_per_task"
     "=1,pad_at=inline,phases_outer=0"},  // 0.492 ms
    {"deconv:g1mb1_ic8ih1iw5_oc8oh1ow2_kh1kw3_sh1sw1_ph0pw3_dh0dw2_nhwc_wtf", 2,
     "deconv_subpixel_nhwc_via_nchw", 2,
     "vectors_w=1,tile_k=1,taps_inner=0,parallel_channels=0,rows_per_task=1,pad_at=i"
     "nline,pack_weights=0"},  // 0.000 ms
    {"deconv:g1mb1_ic8ih5iw1_oc8oh2ow1_kh3kw1_sh1sw1_ph3pw0_dh2dw0_nhwc_wtf", 2,
     "deconv_as_conv_direct_nhwc", 1001,
     "vectors_k=1,tile_w=1,tile_h=2,k_tiles_outer=1,taps_inner=0,unroll_kw=0,rows_pe"
     "r_task=2,pad_at=row"},  // 0.000 ms
};

}  // namespace kf::bench
