/* softmax_dispatch_example: links a library emitted by `kforge emit` with two tuned softmaxes and
 * calls its dispatch function, kfs_softmax(), on those shapes (it must pick their tuned
 * kernels), on a shape of another rank with the same memory view as a tuned one (the tuned
 * kernel serves it), and on shapes the library was not tuned for (every layout, rank and axis
 * kind: the generic kernel), checking every output against a naive loop over logical
 * coordinates, and bad shapes. The library is made by tests/cli/softmax_dispatch.sh:
 *
 *   kforge tune '2x16x12x2x4_n"strided"' '24x37_n"rows"' --op softmax --db d.db ...
 *   kforge emit <the same two descriptors> --op softmax --db d.db --out out --name kfs
 *   cc -O2 -Iout examples/softmax_dispatch_example.c out/libkfs.a -lpthread -ldl -lm */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kfs.h"

static float next_value(unsigned *state) {
  *state = *state * 1664525u + 1013904223u;
  return (float)((*state >> 8) & 0xffff) / 2048.0f - 16.0f;
}

/* The definition, in double precision: for every logical position with axis coordinate 0, the
 * maximum, the sum of shifted exponentials and the outputs along the axis. Memory order is
 * the logical order, or channels last for layout 0 and rank >= 3. */
static void naive_softmax(const kf_softmax_shape *s, const float *in, double *out) {
  int order[5]; /* logical dims, outermost first in memory */
  long stride[5];
  const int r = s->rank;
  for (int i = 0; i < r; ++i) order[i] = i;
  if (s->layout == 0 && r >= 3) {
    for (int i = 1; i + 1 < r; ++i) order[i] = i + 1;
    order[r - 1] = 1;
  }
  long step = 1;
  for (int i = r - 1; i >= 0; --i) {
    stride[order[i]] = step;
    step *= s->dims[order[i]];
  }
  int at[5] = {0, 0, 0, 0, 0};
  for (;;) {
    long base = 0;
    for (int i = 0; i < r; ++i) base += at[i] * stride[i];
    const long axis_stride = stride[s->axis];
    double maximum = -INFINITY, sum = 0;
    for (int a = 0; a < s->dims[s->axis]; ++a) {
      maximum = fmax(maximum, in[base + a * axis_stride]);
    }
    for (int a = 0; a < s->dims[s->axis]; ++a) sum += exp(in[base + a * axis_stride] - maximum);
    for (int a = 0; a < s->dims[s->axis]; ++a) {
      out[base + a * axis_stride] = exp(in[base + a * axis_stride] - maximum) / sum;
    }
    /* Next logical position, the axis coordinate held at 0. */
    int d = r - 1;
    for (; d >= 0; --d) {
      if (d == s->axis) continue;
      if (++at[d] < s->dims[d]) break;
      at[d] = 0;
    }
    if (d < 0) break;
  }
}

static int failures = 0;

/* Runs kfs_softmax on `s` with random input, checks the kernel it reports and the output. */
static void check(const char *what, kf_softmax_shape s, const char *expected_kernel) {
  long elements = 1;
  for (int i = 0; i < s.rank; ++i) elements *= s.dims[i];
  float *in = malloc(sizeof(float) * elements), *out = malloc(sizeof(float) * elements);
  double *want = malloc(sizeof(double) * elements);
  unsigned state = 7u + (unsigned)elements;
  for (long i = 0; i < elements; ++i) {
    in[i] = next_value(&state);
    out[i] = NAN;
  }
  const char *kernel = kfs_softmax_kernel_name(&s);
  const int status = kfs_softmax(&s, in, out);
  naive_softmax(&s, in, want);
  double worst = 0;
  for (long i = 0; i < elements; ++i) {
    const double error = fabs(out[i] - want[i]);
    if (!(error <= worst)) worst = error; /* NaN counts as the worst */
  }
  const int ok = status == 0 && kernel && strcmp(kernel, expected_kernel) == 0 && worst < 1e-5;
  printf("%-30s -> %-22s status %d, max error %.1e%s\n", what, kernel ? kernel : "(null)", status,
         worst, ok ? "" : "  FAILED");
  failures += !ok;
  free(in);
  free(out);
  free(want);
}

int main(void) {
  const kf_softmax_shape strided = {5, {2, 16, 12, 2, 4}, 1, 1};
  const kf_softmax_shape rows = {2, {24, 37}, 1, 1};
  const kf_softmax_shape same_view = {4, {2, 16, 24, 4}, 1, 1};
  const kf_softmax_shape nhwc_channels = {4, {2, 7, 5, 9}, 1, 0};
  const kf_softmax_shape depth_axis = {5, {3, 17, 3, 5, 7}, 2, 1};
  const kf_softmax_shape nhwc_h_axis = {4, {2, 6, 5, 19}, 2, 0};
  const kf_softmax_shape batch_axis = {2, {13, 9}, 0, 1};
  const kf_softmax_shape one_dim = {1, {29}, 0, 1};
  const kf_softmax_shape rows_tail = {2, {24, 38}, 1, 1};
  check("tuned 2x16x12x2x4", strided, "kfs_strided");
  check("tuned 24x37", rows, "kfs_rows");
  check("2x16x24x4 (same view)", same_view, "kfs_strided");
  check("untuned NHWC channels", nhwc_channels, "kfs_softmax_generic");
  check("untuned 5-D depth axis", depth_axis, "kfs_softmax_generic");
  check("untuned NHWC H axis", nhwc_h_axis, "kfs_softmax_generic");
  check("untuned batch axis", batch_axis, "kfs_softmax_generic");
  check("untuned 1-D", one_dim, "kfs_softmax_generic");
  check("24x38 (one more class)", rows_tail, "kfs_softmax_generic");

  /* Shapes it cannot compute: an axis past the rank, a zero size, a missing tensor. */
  const kf_softmax_shape bad_axis = {2, {4, 5}, 2, 1};
  const kf_softmax_shape zero_size = {3, {4, 0, 5}, 1, 1};
  float one[1] = {0};
  if (kfs_softmax_kernel_name(&bad_axis) != NULL || kfs_softmax_kernel_name(&zero_size) != NULL ||
      kfs_softmax(&bad_axis, one, one) != KF_DISPATCH_BAD_SHAPE ||
      kfs_softmax(&zero_size, one, one) != KF_DISPATCH_BAD_SHAPE ||
      kfs_softmax(&rows, NULL, one) != KF_DISPATCH_BAD_SHAPE ||
      kfs_softmax_generic(&bad_axis, one, one) != KF_DISPATCH_BAD_SHAPE) {
    printf("bad shapes were not refused\n");
    ++failures;
  }
  printf("%s\n", failures ? "FAILED" : "all softmax dispatch checks passed");
  return failures ? 1 : 0;
}
