/* norm_dispatch_example: links a library emitted by `kforge emit` with a tuned batch norm and a
 * tuned layer norm and calls its dispatch function, kfn_norm(), on those shapes (it must pick
 * their tuned kernels), on a layer norm with the same memory view as the tuned one, on shapes
 * the library was not tuned for (every kind and layout: the generic kernels), checking every
 * output against a naive loop, and on shapes it must refuse. The library is made by
 * tests/cli/norm_dispatch.sh:
 *
 *   kforge tune 'mb2ic13ih5iw7_n"bn"' --op bnorm --db d.db ...
 *   kforge tune '7x3x33_n"ln"' --op lnorm --db d.db ...
 *   kforge emit 'bnorm:mb2ic13ih5iw7_n"bn"' 'lnorm:7x3x33_n"ln"' --db d.db --out out --name kfn
 *   cc -O2 -Iout examples/norm_dispatch_example.c out/libkfn.a -lpthread -ldl -lm */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kfn.h"

/* The definitions in double precision. Row-wise kinds: rows x inner elements, gamma and beta
 * [inner]. Channel kinds: element (n, p, c) of mb x pixels x ic at the layout's offset. */
static void naive_norm(const kf_norm_shape *s, const float *x, const float *mean,
                       const float *variance, const float *gamma, const float *beta,
                       double *out) {
  if (s->kind >= 3) {
    long rows = 1, inner = 1;
    for (int i = 0; i < s->rank; ++i) {
      if (i < s->rank - s->norm_dims) rows *= s->dims[i];
      else inner *= s->dims[i];
    }
    for (long r = 0; r < rows; ++r) {
      const float *row = x + r * inner;
      double sum = 0, sq = 0;
      for (long i = 0; i < inner; ++i) sum += row[i];
      const double mu = s->kind == 3 ? sum / inner : 0.0;
      for (long i = 0; i < inner; ++i) sq += (row[i] - mu) * (row[i] - mu);
      const double inv = 1.0 / sqrt(sq / inner + s->epsilon);
      for (long i = 0; i < inner; ++i) {
        out[r * inner + i] = (row[i] - mu) * inv * gamma[i] + (s->kind == 3 ? beta[i] : 0.0);
      }
    }
    return;
  }
  long pixels = 1;
  for (int i = 0; i < s->spatial_rank; ++i) pixels *= s->spatial[i];
  const int groups = s->kind == 0 ? s->ic : s->kind == 1 ? s->groups : s->ic;
  const int per_group = s->ic / groups;
#define AT(n, p, c) \
  (s->layout == 0 ? ((long)(n) * pixels + (p)) * s->ic + (c) : ((long)(n) * s->ic + (c)) * pixels + (p))
  for (int n = 0; n < s->mb; ++n)
    for (int g = 0; g < groups; ++g) {
      double mu = 0, var = 0;
      if (s->kind == 0) {
        mu = mean[g], var = variance[g];
      } else {
        for (int c = g * per_group; c < (g + 1) * per_group; ++c)
          for (long p = 0; p < pixels; ++p) mu += x[AT(n, p, c)];
        mu /= (double)per_group * pixels;
        for (int c = g * per_group; c < (g + 1) * per_group; ++c)
          for (long p = 0; p < pixels; ++p) var += (x[AT(n, p, c)] - mu) * (x[AT(n, p, c)] - mu);
        var /= (double)per_group * pixels;
      }
      const double inv = 1.0 / sqrt(var + s->epsilon);
      for (int c = g * per_group; c < (g + 1) * per_group; ++c)
        for (long p = 0; p < pixels; ++p) {
          out[AT(n, p, c)] = (x[AT(n, p, c)] - mu) * inv * gamma[c] + beta[c];
        }
    }
#undef AT
}

static int failures = 0;

static void check(const char *what, kf_norm_shape s, const char *expected_kernel) {
  long elements = 1, params = s.kind >= 3 ? 1 : s.ic;
  if (s.kind >= 3) {
    for (int i = 0; i < s.rank; ++i) {
      elements *= s.dims[i];
      if (i >= s.rank - s.norm_dims) params *= s.dims[i];
    }
  } else {
    elements = (long)s.mb * s.ic;
    for (int i = 0; i < s.spatial_rank; ++i) elements *= s.spatial[i];
  }
  float *x = malloc(sizeof(float) * elements), *out = malloc(sizeof(float) * elements);
  float *p[4];
  double *want = malloc(sizeof(double) * elements);
  unsigned state = 5u + (unsigned)elements;
  for (long i = 0; i < elements; ++i) {
    state = state * 1664525u + 1013904223u;
    x[i] = (float)((state >> 9) % 2000) / 100.0f - 7.0f;
    out[i] = NAN;
  }
  for (int t = 0; t < 4; ++t) {
    p[t] = malloc(sizeof(float) * params);
    for (long i = 0; i < params; ++i) p[t][i] = 0.5f + (float)((i * 7 + t * 3) % 11) / 4.0f;
  }
  const char *kernel = kfn_norm_kernel_name(&s);
  const int status = kfn_norm(&s, x, p[0], p[1], p[2], p[3], out);
  naive_norm(&s, x, p[0], p[1], p[2], p[3], want);
  double worst = 0;
  for (long i = 0; i < elements; ++i) {
    const double error = fabs(out[i] - want[i]) / (1 + fabs(want[i]));
    if (!(error <= worst)) worst = isnan(error) ? INFINITY : error;
  }
  const int ok = status == 0 && kernel && strcmp(kernel, expected_kernel) == 0 && worst < 1e-4;
  printf("%-26s -> %-18s status %d, max error %.1e%s\n", what, kernel ? kernel : "(null)", status,
         worst, ok ? "" : "  FAILED");
  failures += !ok;
  free(x), free(out), free(want);
  for (int t = 0; t < 4; ++t) free(p[t]);
}

/* A channel-op shape: kind, layout, mb, ic, groups, spatial sizes (outermost first). */
static kf_norm_shape channels(int kind, int layout, int mb, int ic, int groups, int rank, int d0,
                              int d1, int d2) {
  kf_norm_shape s = {kind, layout, mb, ic, groups, rank, {d0, d1, d2}, 0, {0}, 0, 0.0625f};
  return s;
}

/* A row-wise shape: kind, dims (up to 4 here), norm_dims, epsilon. */
static kf_norm_shape rows(int kind, int rank, int a, int b, int c, int d, int nd, float eps) {
  kf_norm_shape s = {kind, 0, 0, 0, 0, 0, {0, 0, 0}, rank, {a, b, c, d, 0, 0}, nd, eps};
  return s;
}

int main(void) {
  check("tuned bnorm NHWC", channels(0, 0, 2, 13, 1, 2, 5, 7, 0), "kfn_bn");
  check("tuned lnorm 7x3x33", rows(3, 3, 7, 3, 33, 0, 1, 0.0625f), "kfn_ln");
  check("lnorm 21x33 (same view)", rows(3, 2, 21, 33, 0, 0, 1, 0.0625f), "kfn_ln");
  check("untuned bnorm NCDHW", channels(0, 1, 1, 5, 1, 3, 3, 2, 3), "kfn_norm_generic");
  check("untuned gnorm NHWC", channels(1, 0, 2, 6, 2, 2, 3, 5, 0), "kfn_norm_generic");
  check("untuned gnorm NCW", channels(1, 1, 2, 4, 2, 1, 19, 0, 0), "kfn_norm_generic");
  check("untuned inorm NCHW", channels(2, 1, 3, 5, 0, 2, 3, 5, 0), "kfn_norm_generic");
  check("untuned rmsnorm nd2", rows(4, 3, 3, 2, 64, 0, 2, 1e-5f), "kfn_norm_generic");
  check("lnorm 7x3x33, eps 1e-5", rows(3, 3, 7, 3, 33, 0, 1, 1e-5f), "kfn_norm_generic");
  check("untuned lnorm nd3", rows(3, 4, 4, 5, 6, 7, 3, 0.0625f), "kfn_norm_generic");

  /* Shapes it cannot compute: groups not dividing the channels, lnorm without beta, a zero
   * epsilon, norm_dims past the rank. */
  const kf_norm_shape bad_groups = channels(1, 0, 2, 6, 4, 2, 3, 5, 0);
  kf_norm_shape zero_eps = channels(0, 0, 2, 13, 1, 2, 5, 7, 0), past = rows(3, 2, 4, 5, 0, 0, 3, 1);
  zero_eps.epsilon = 0;
  const kf_norm_shape ln = rows(3, 3, 7, 3, 33, 0, 1, 0.0625f);
  float v[1024] = {0};
  if (kfn_norm_kernel_name(&bad_groups) != NULL || kfn_norm_kernel_name(&zero_eps) != NULL ||
      kfn_norm_kernel_name(&past) != NULL ||
      kfn_norm(&bad_groups, v, v, v, v, v, v) != KF_DISPATCH_BAD_SHAPE ||
      kfn_norm(&ln, v, NULL, NULL, v, NULL, v) != KF_DISPATCH_BAD_SHAPE ||
      kfn_norm_generic(&zero_eps, v, v, v, v, v, v) != KF_DISPATCH_BAD_SHAPE) {
    printf("bad shapes were not refused\n");
    ++failures;
  }
  printf("%s\n", failures ? "FAILED" : "all norm dispatch checks passed");
  return failures ? 1 : 0;
}
