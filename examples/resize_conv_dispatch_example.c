/* resize_conv_dispatch_example: links a library emitted by `kforge emit` with two tuned
 * resize-convolutions and calls its dispatch function, kfu_resize_conv(), on those shapes (it
 * must pick their tuned kernels), on shapes the library was not tuned for (every rank, both
 * layouts and modes, stride, groups: the generic kernels), checking every output against a
 * naive upsample-then-convolve loop, and on shapes it must refuse. The library is made by
 * tests/cli/resize_conv_dispatch.sh:
 *
 *   kforge tune 'mb1ic3ih5iw4oc8kh3kw3ph1pw1_up2_bilinear_nhwc_bia_n"bl"' \
 *     'mb1ic4ih3iw5oc6kh3kw3ph1pw1_up3_nearest_nchw_n"nn"' --op resize_conv --db d.db ...
 *   kforge emit <the same two descriptors> --op resize_conv --db d.db --out out --name kfu
 *   cc -O2 -Iout examples/resize_conv_dispatch_example.c out/libkfu.a -lpthread -ldl -lm */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kfu.h"

/* PyTorch's Upsample(align_corners=False) source indices and weight along one dim of small
 * size `in`, factor `f`, for upsampled index u. */
static void source_of(int u, int in, int f, int mode, int *i0, int *i1, double *lambda) {
  if (mode == 0) {
    *i0 = *i1 = u / f;
    *lambda = 0;
    return;
  }
  double s = (u + 0.5) / f - 0.5;
  if (s < 0) s = 0;
  *i0 = (int)floor(s);
  if (*i0 > in - 1) *i0 = in - 1;
  *i1 = *i0 + 1 < in ? *i0 + 1 : in - 1;
  *lambda = s - *i0;
}

/* The definition in double precision: upsample (every dim of the shape by the factor), then
 * the convolution. */
static void naive(const kf_resize_conv_shape *s, const float *in, const float *w, const float *b,
                  double *out) {
  const kf_conv_shape *c0 = &s->conv;
  const int r = c0->spatial_rank, nhwc = c0->layout == 0;
  int I[3], U[3], O[3], K[3], S[3], D[3], P[3];
  for (int i = 0; i < 3; ++i) {
    I[i] = kf_spatial(c0->in, r, i, 1);
    U[i] = I[i] * (i < 3 - r ? 1 : s->factor);
    O[i] = kf_spatial(c0->out, r, i, 1);
    K[i] = kf_spatial(c0->kernel, r, i, 1);
    S[i] = kf_spatial(c0->stride, r, i, 1);
    D[i] = kf_spatial(c0->dilation, r, i, 1);
    P[i] = kf_spatial(c0->pad_begin, r, i, 0);
  }
  /* The upsampled tensor, [mb][ic][U0][U1][U2]. */
  const long up_pixels = (long)U[0] * U[1] * U[2];
  double *up = malloc(sizeof(double) * c0->mb * c0->ic * up_pixels);
  for (int n = 0; n < c0->mb; ++n)
    for (int c = 0; c < c0->ic; ++c)
      for (int u0 = 0; u0 < U[0]; ++u0)
        for (int u1 = 0; u1 < U[1]; ++u1)
          for (int u2 = 0; u2 < U[2]; ++u2) {
            int lo[3], hi[3];
            double l[3];
            const int u[3] = {u0, u1, u2};
            for (int i = 0; i < 3; ++i) {
              source_of(u[i], I[i], U[i] / I[i], s->mode, &lo[i], &hi[i], &l[i]);
            }
            double value = 0;
            for (int corner = 0; corner < 8; ++corner) {
              double weight = 1;
              int at[3];
              for (int i = 0; i < 3; ++i) {
                const int upper = (corner >> i) & 1;
                at[i] = upper ? hi[i] : lo[i];
                weight *= upper ? l[i] : 1 - l[i];
              }
              const long in_at =
                  nhwc ? (((long)(n * I[0] + at[0]) * I[1] + at[1]) * I[2] + at[2]) * c0->ic + c
                       : (((long)(n * c0->ic + c) * I[0] + at[0]) * I[1] + at[1]) * I[2] + at[2];
              value += weight * in[in_at];
            }
            up[((long)(n * c0->ic + c) * U[0] + u0) * U[1] * U[2] + (long)u1 * U[2] + u2] = value;
          }
  const int cpg = c0->ic / c0->groups, kpg = c0->oc / c0->groups;
  for (int n = 0; n < c0->mb; ++n)
    for (int k = 0; k < c0->oc; ++k)
      for (int o0 = 0; o0 < O[0]; ++o0)
        for (int o1 = 0; o1 < O[1]; ++o1)
          for (int o2 = 0; o2 < O[2]; ++o2) {
            double acc = c0->bias ? b[k] : 0;
            for (int c = 0; c < cpg; ++c)
              for (int t0 = 0; t0 < K[0]; ++t0)
                for (int t1 = 0; t1 < K[1]; ++t1)
                  for (int t2 = 0; t2 < K[2]; ++t2) {
                    const int i0 = o0 * S[0] - P[0] + t0 * D[0];
                    const int i1 = o1 * S[1] - P[1] + t1 * D[1];
                    const int i2 = o2 * S[2] - P[2] + t2 * D[2];
                    if (i0 < 0 || i0 >= U[0] || i1 < 0 || i1 >= U[1] || i2 < 0 || i2 >= U[2]) continue;
                    const int ic = (k / kpg) * cpg + c;
                    const long w_at =
                        nhwc ? ((((long)t0 * K[1] + t1) * K[2] + t2) * cpg + c) * c0->oc + k
                             : ((((long)k * cpg + c) * K[0] + t0) * K[1] + t1) * K[2] + t2;
                    acc += up[((long)(n * c0->ic + ic) * U[0] + i0) * U[1] * U[2] + (long)i1 * U[2] + i2] *
                           w[w_at];
                  }
            if (c0->activation == 1 && acc < 0) acc = 0;
            if (c0->activation == 2) acc = acc < c0->clamp_min ? c0->clamp_min : acc > c0->clamp_max ? c0->clamp_max : acc;
            const long out_at = nhwc ? (((long)(n * O[0] + o0) * O[1] + o1) * O[2] + o2) * c0->oc + k
                                     : (((long)(n * c0->oc + k) * O[0] + o0) * O[1] + o1) * O[2] + o2;
            out[out_at] = acc;
          }
  free(up);
}

static int failures = 0;

static void check(const char *what, kf_resize_conv_shape s, const char *expected_kernel) {
  long in_count = (long)s.conv.mb * s.conv.ic, w_count = (long)s.conv.oc * (s.conv.ic / s.conv.groups),
       out_count = (long)s.conv.mb * s.conv.oc;
  for (int i = 0; i < s.conv.spatial_rank; ++i) {
    in_count *= s.conv.in[i];
    w_count *= s.conv.kernel[i];
    out_count *= s.conv.out[i];
  }
  float *in = malloc(sizeof(float) * in_count), *w = malloc(sizeof(float) * w_count);
  float *b = malloc(sizeof(float) * s.conv.oc), *out = malloc(sizeof(float) * out_count);
  double *want = malloc(sizeof(double) * out_count);
  unsigned state = 17u + (unsigned)out_count;
#define NEXT() (state = state * 1664525u + 1013904223u, (float)((state >> 8) & 0xffff) / 32768.0f - 1.0f)
  for (long i = 0; i < in_count; ++i) in[i] = NEXT();
  for (long i = 0; i < w_count; ++i) w[i] = NEXT();
  for (int i = 0; i < s.conv.oc; ++i) b[i] = NEXT();
#undef NEXT
  for (long i = 0; i < out_count; ++i) out[i] = NAN;
  const char *kernel = kfu_resize_conv_kernel_name(&s);
  const int status = kfu_resize_conv(&s, in, w, s.conv.bias ? b : NULL, out);
  naive(&s, in, w, b, want);
  double worst = 0;
  for (long i = 0; i < out_count; ++i) {
    const double error = fabs(out[i] - want[i]) / (1 + fabs(want[i]));
    if (!(error <= worst)) worst = isnan(error) ? INFINITY : error;
  }
  const int ok = status == 0 && kernel && strcmp(kernel, expected_kernel) == 0 && worst < 1e-5;
  printf("%-30s -> %-25s status %d, max error %.1e%s\n", what, kernel ? kernel : "(null)",
         status, worst, ok ? "" : "  FAILED");
  failures += !ok;
  free(in), free(w), free(b), free(out), free(want);
}

int main(void) {
  /* {conv: layout, rank, mb, ic, oc, groups, in (small), out, kernel, stride, dilation, pad,
   * bias, activation, clamp_min, clamp_max}, factor, mode */
  const kf_resize_conv_shape bl = {
      {0, 2, 1, 3, 8, 1, {5, 4}, {10, 8}, {3, 3}, {1, 1}, {1, 1}, {1, 1}, 1, 0, 0, 0}, 2, 1};
  const kf_resize_conv_shape nn = {
      {1, 2, 1, 4, 6, 1, {3, 5}, {9, 15}, {3, 3}, {1, 1}, {1, 1}, {1, 1}, 0, 0, 0, 0}, 3, 0};
  check("tuned bl (NHWC bilinear x2)", bl, "kfu_bl");
  check("tuned nn (NCHW nearest x3)", nn, "kfu_nn");
  const kf_resize_conv_shape one_d = {
      {1, 1, 2, 3, 4, 1, {5}, {7}, {4}, {2}, {1}, {1}, 0, 1, 0, 0}, 3, 1};
  check("untuned 1-D linear x3 stride 2", one_d, "kfu_resize_conv_generic");
  const kf_resize_conv_shape grouped = {
      {1, 2, 1, 4, 6, 2, {3, 4}, {6, 8}, {3, 3}, {1, 1}, {1, 1}, {1, 1}, 1, 0, 0, 0}, 2, 1};
  check("untuned grouped NCHW bilinear", grouped, "kfu_resize_conv_generic");
  const kf_resize_conv_shape volume = {{0, 3, 1, 2, 4, 1, {2, 3, 2}, {4, 6, 4}, {3, 3, 3},
                                        {1, 1, 1}, {1, 1, 1}, {1, 1, 1}, 0, 2, -0.5f, 0.5f},
                                       2, 1};
  check("untuned 3-D trilinear, clamp", volume, "kfu_resize_conv_generic");
  kf_resize_conv_shape other_mode = bl;
  other_mode.mode = 0;
  check("bl in nearest mode", other_mode, "kfu_resize_conv_generic");

  /* Shapes it cannot compute: factor 0, an unknown mode, channels not divisible by groups. */
  kf_resize_conv_shape no_factor = bl, bad_mode = bl, uneven = grouped;
  no_factor.factor = 0;
  bad_mode.mode = 2;
  uneven.conv.ic = 5;
  float v[1] = {0};
  if (kfu_resize_conv_kernel_name(&no_factor) != NULL ||
      kfu_resize_conv_kernel_name(&bad_mode) != NULL ||
      kfu_resize_conv(&uneven, v, v, v, v) != KF_DISPATCH_BAD_SHAPE ||
      kfu_resize_conv(&bl, v, v, NULL, v) != KF_DISPATCH_BAD_SHAPE) {
    printf("bad shapes were not refused\n");
    ++failures;
  }
  printf("%s\n", failures ? "FAILED" : "all resize_conv dispatch checks passed");
  return failures ? 1 : 0;
}
