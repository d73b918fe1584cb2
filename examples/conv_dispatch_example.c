/* conv_dispatch_example: links a library emitted by `kforge emit` with four tuned convolutions
 * and calls its dispatch function, kfd_conv(), on those shapes (it must pick their tuned
 * kernels: one packs its weights, one reads its tensors reshaped, one does both) and on shapes
 * the library was not tuned for (it must fall back to the generic kernel), checking every output
 * against a naive loop. The library is made by tests/cli/conv_dispatch.sh:
 *
 *   kforge tune 'mb1ic8ih9iw11oc16kh3kw3ph1pw1_bia_relu_n"a"' --db d.db --budget-trials 2
 *   kforge tune 'mb1ic16ih10oc32kh3ph1_n"w"' --templates conv_winograd_f4_nhwc --db d.db ...
 *   kforge tune 'mb1ic8ih5iw7oc16kh1kw1_nchw_bia_n"p"' --templates conv_gemm_1x1_nchw ...
 *   kforge tune 'mb1ic8ih5iw7oc32kh1kw1_bia_n"q"' --templates conv_gemm_1x1_packed_nhwc ...
 *   kforge emit <the same four descriptors> --db d.db --out out --name kfd
 *   cc -O2 -Iout examples/conv_dispatch_example.c out/libkfd.a -lpthread -ldl -lm */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kfd.h"

static float next_value(unsigned *state) {
  *state = *state * 1664525u + 1013904223u;
  return (float)((*state >> 8) & 0xffff) / 32768.0f - 1.0f;
}

/* The definition, in double precision, over the same kf_conv_shape. */
static void naive_conv(const kf_conv_shape *s, const float *in, const float *w, const float *b,
                       double *out) {
  const int r = s->spatial_rank, nhwc = s->layout == 0;
  int I[3], O[3], K[3], S[3], D[3], P[3];
  for (int i = 0; i < 3; ++i) {
    I[i] = kf_spatial(s->in, r, i, 1);
    O[i] = kf_spatial(s->out, r, i, 1);
    K[i] = kf_spatial(s->kernel, r, i, 1);
    S[i] = kf_spatial(s->stride, r, i, 1);
    D[i] = kf_spatial(s->dilation, r, i, 1);
    P[i] = kf_spatial(s->pad_begin, r, i, 0);
  }
  const int cpg = s->ic / s->groups, kpg = s->oc / s->groups;
  for (int n = 0; n < s->mb; ++n)
    for (int k = 0; k < s->oc; ++k)
      for (int od = 0; od < O[0]; ++od)
        for (int oh = 0; oh < O[1]; ++oh)
          for (int ow = 0; ow < O[2]; ++ow) {
            double acc = s->bias ? b[k] : 0.0;
            const int g = k / kpg;
            for (int c = 0; c < cpg; ++c)
              for (int kd = 0; kd < K[0]; ++kd)
                for (int kh = 0; kh < K[1]; ++kh)
                  for (int kw = 0; kw < K[2]; ++kw) {
                    const int id = od * S[0] - P[0] + kd * D[0];
                    const int ih = oh * S[1] - P[1] + kh * D[1];
                    const int iw = ow * S[2] - P[2] + kw * D[2];
                    if (id < 0 || id >= I[0] || ih < 0 || ih >= I[1] || iw < 0 || iw >= I[2]) {
                      continue;
                    }
                    const int ic = g * cpg + c;
                    const long in_at =
                        nhwc ? (((long)(n * I[0] + id) * I[1] + ih) * I[2] + iw) * s->ic + ic
                             : (((long)(n * s->ic + ic) * I[0] + id) * I[1] + ih) * I[2] + iw;
                    const long w_at =
                        nhwc ? ((((long)(kd * K[1] + kh) * K[2] + kw) * cpg + c) * s->oc + k)
                             : ((((long)(k * cpg + c) * K[0] + kd) * K[1] + kh) * K[2] + kw);
                    acc += (double)in[in_at] * w[w_at];
                  }
            if (s->activation == 1 && acc < 0) acc = 0;
            if (s->activation == 2)
              acc = acc < s->clamp_min ? s->clamp_min : acc > s->clamp_max ? s->clamp_max : acc;
            const long out_at = nhwc
                                    ? (((long)(n * O[0] + od) * O[1] + oh) * O[2] + ow) * s->oc + k
                                    : (((long)(n * s->oc + k) * O[0] + od) * O[1] + oh) * O[2] + ow;
            out[out_at] = acc;
          }
}

/* Runs kfd_conv on random tensors of `s`, checks it against naive_conv and that the dispatch
 * chose `expected_kernel`. Returns 0 when both hold. */
static int check(const char *label, const kf_conv_shape *s, const char *expected_kernel,
                 double tolerance) {
  const char *chosen = kfd_conv_kernel_name(s);
  if (!chosen || strcmp(chosen, expected_kernel) != 0) {
    fprintf(stderr, "%s: dispatch chose %s, expected %s\n", label, chosen ? chosen : "NULL",
            expected_kernel);
    return 1;
  }
  int spatial_in = 1, spatial_out = 1, taps = 1;
  for (int i = 0; i < s->spatial_rank; ++i) {
    spatial_in *= s->in[i];
    spatial_out *= s->out[i];
    taps *= s->kernel[i];
  }
  const int in_count = s->mb * s->ic * spatial_in;
  const int w_count = s->oc * (s->ic / s->groups) * taps;
  const int out_count = s->mb * s->oc * spatial_out;
  float *in = malloc(sizeof(float) * in_count), *w = malloc(sizeof(float) * w_count);
  float *b = malloc(sizeof(float) * s->oc), *out = malloc(sizeof(float) * out_count);
  double *want = malloc(sizeof(double) * out_count);
  unsigned state = 99;
  for (int i = 0; i < in_count; ++i) in[i] = next_value(&state);
  for (int i = 0; i < w_count; ++i) w[i] = next_value(&state);
  for (int i = 0; i < s->oc; ++i) b[i] = next_value(&state);
  for (int i = 0; i < out_count; ++i) out[i] = NAN;
  const int status = kfd_conv(s, in, w, s->bias ? b : NULL, out);
  naive_conv(s, in, w, b, want);
  double worst = 0;
  for (int i = 0; i < out_count; ++i) {
    const double error = fabs(out[i] - want[i]) / (1 + fabs(want[i]));
    if (!(error <= worst)) worst = isnan(error) ? INFINITY : error;
  }
  free(in), free(w), free(b), free(out), free(want);
  printf("%-28s -> %-18s status %d, max error %.2g\n", label, chosen, status, worst);
  return status != 0 || !(worst <= tolerance);
}

int main(void) {
  int failures = 0;
  /* The tuned workloads, exactly. */
  const kf_conv_shape a = {0,      2,      1,      8,      16, 1, {9, 11}, {9, 11},
                           {3, 3}, {1, 1}, {1, 1}, {1, 1}, 1,  1, 0.0f,    0.0f};
  failures += check("tuned a", &a, "kfd_a", 1e-5);
  const kf_conv_shape wino = {0,      2,      1,      16,     32, 1, {10, 10}, {10, 10},
                              {3, 3}, {1, 1}, {1, 1}, {1, 1}, 0,  0, 0.0f,     0.0f};
  failures += check("tuned w (Winograd F4)", &wino, "kfd_w", 2e-3);
  /* A 1x1 NCHW layer tuned as a GEMM over its fused pixels (the kernel takes a reshaped view). */
  const kf_conv_shape pointwise = {1,      2,      1,      8,      16, 1, {5, 7}, {5, 7},
                                   {1, 1}, {1, 1}, {1, 1}, {0, 0}, 1,  0, 0.0f,   0.0f};
  failures += check("tuned p (1x1 as GEMM)", &pointwise, "kfd_p", 1e-5);
  /* A 1x1 NHWC layer as a GEMM over packed weights: the packing stage reads the reshaped view. */
  const kf_conv_shape packed = {0,      2,      1,      8,      32, 1, {5, 7}, {5, 7},
                                {1, 1}, {1, 1}, {1, 1}, {0, 0}, 1,  0, 0.0f,   0.0f};
  failures += check("tuned q (packed GEMM)", &packed, "kfd_q", 1e-5);
  /* Untuned: a grouped, strided NHWC conv with bias and ReLU6; a dilated NCHW 1-D conv; a 3-D
   * NCHW conv; and `a` with one more output channel. */
  const kf_conv_shape grouped = {0,      2,      2,      6,      10, 2, {5, 7}, {3, 4},
                                 {3, 3}, {2, 2}, {1, 1}, {1, 1}, 1,  2, 0.0f,   6.0f};
  failures += check("untuned grouped NHWC", &grouped, "kfd_conv_generic", 1e-5);
  const kf_conv_shape dilated = {1,   1,   1,   5,   7, 1, {23}, {19},
                                 {3}, {1}, {2}, {0}, 0, 1, 0.0f, 0.0f};
  failures += check("untuned dilated NCW", &dilated, "kfd_conv_generic", 1e-5);
  const kf_conv_shape volume = {1,         3,         1,         3,         4,         1,
                                {4, 5, 6}, {4, 5, 6}, {3, 3, 3}, {1, 1, 1}, {1, 1, 1}, {1, 1, 1},
                                1,         0,         0.0f,      0.0f};
  failures += check("untuned 3-D NCDHW", &volume, "kfd_conv_generic", 1e-5);
  kf_conv_shape wider = a;
  wider.oc = 17;
  failures += check("a with oc 17", &wider, "kfd_conv_generic", 1e-5);
  /* A shape no kernel can compute: channels not divisible by groups. */
  kf_conv_shape bad = grouped;
  bad.ic = 7;
  if (kfd_conv_kernel_name(&bad) != NULL ||
      kfd_conv(&bad, NULL, NULL, NULL, NULL) != KF_DISPATCH_BAD_SHAPE) {
    fprintf(stderr, "an invalid shape was not refused\n");
    ++failures;
  }
  return failures ? 1 : 0;
}
