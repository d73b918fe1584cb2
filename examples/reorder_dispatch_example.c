/* reorder_dispatch_example: links a library emitted by `kforge emit` with two tuned layout
 * conversions and calls its dispatch function, kfr_reorder(), on those shapes (it must pick their
 * tuned kernels), on a 3-D shape with the same memory view as a tuned 2-D one (the tuned kernel
 * serves it), on shapes and layout pairs the library was not tuned for (the generic kernels),
 * checking every output against a naive loop, and on shapes it must refuse. The library is made
 * by tests/cli/reorder_dispatch.sh:
 *
 *   kforge tune 'mb1ic17ih5iw7_nchw_to_nchw16c_n"blk"' 'mb2ic8ih6iw5_nhwc_to_nchw_n"t"' \
 *     --op reorder --db d.db ...
 *   kforge emit <the same two descriptors> --op reorder --db d.db --out out --name kfr
 *   cc -O2 -Iout examples/reorder_dispatch_example.c out/libkfr.a -lpthread -ldl -lm */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kfr.h"

/* Offset of (n, c, pixel p) in a tensor of `s` in `layout` (0 channels first, 1 last, 2 blocked
 * by 16), p the row-major index over the spatial dims. */
static long offset(const kf_reorder_shape *s, int layout, int n, int c, long p, long pixels) {
  if (layout == 0) return ((long)n * s->ic + c) * pixels + p;
  if (layout == 1) return ((long)n * pixels + p) * s->ic + c;
  const long blocks = (s->ic + 15) / 16;
  return (((long)n * blocks + c / 16) * pixels + p) * 16 + c % 16;
}

static int failures = 0;

static void check(const char *what, kf_reorder_shape s, const char *expected_kernel) {
  long pixels = 1;
  for (int i = 0; i < s.spatial_rank; ++i) pixels *= s.in[i];
  const long blocked = (long)s.mb * ((s.ic + 15) / 16 * 16) * pixels;
  float *in = calloc(blocked, sizeof(float)), *out = malloc(sizeof(float) * blocked);
  for (long i = 0; i < blocked; ++i) {
    in[i] = (float)(i % 1009) - 500.0f;
    out[i] = NAN;
  }
  const char *kernel = kfr_reorder_kernel_name(&s);
  const int status = kfr_reorder(&s, in, out);
  long wrong = 0;
  for (int n = 0; n < s.mb; ++n)
    for (int c = 0; c < (s.dst == 2 ? (s.ic + 15) / 16 * 16 : s.ic); ++c)
      for (long p = 0; p < pixels; ++p) {
        const float want = c < s.ic ? in[offset(&s, s.src, n, c, p, pixels)] : 0.0f;
        wrong += out[offset(&s, s.dst, n, c, p, pixels)] != want;
      }
  const int ok = status == 0 && kernel && strcmp(kernel, expected_kernel) == 0 && wrong == 0;
  printf("%-30s -> %-20s status %d, %ld wrong%s\n", what, kernel ? kernel : "(null)", status,
         wrong, ok ? "" : "  FAILED");
  failures += !ok;
  free(in);
  free(out);
}

int main(void) {
  const kf_reorder_shape blk = {0, 2, 2, 1, 17, {5, 7, 0}};
  const kf_reorder_shape t = {1, 0, 2, 2, 8, {6, 5, 0}};
  check("tuned nchw -> nchw16c", blk, "kfr_blk");
  check("tuned nhwc -> nchw", t, "kfr_t");
  const kf_reorder_shape volume_view = {0, 2, 3, 1, 17, {1, 5, 7}};
  check("1x5x7 volume (same view)", volume_view, "kfr_blk");
  const kf_reorder_shape back = {2, 0, 2, 1, 17, {5, 7, 0}};
  check("untuned nchw16c -> nchw", back, "kfr_reorder_generic");
  const kf_reorder_shape to_last = {2, 1, 1, 3, 33, {9, 0, 0}};
  check("untuned 1-D ncw16c -> nwc", to_last, "kfr_reorder_generic");
  const kf_reorder_shape to_blocked = {1, 2, 3, 2, 5, {2, 3, 4}};
  check("untuned 3-D ndhwc -> blocked", to_blocked, "kfr_reorder_generic");
  const kf_reorder_shape transpose = {0, 1, 2, 1, 19, {7, 11, 0}};
  check("untuned nchw -> nhwc", transpose, "kfr_reorder_generic");

  /* Shapes it cannot compute: equal layouts, a zero size, a rank of 4. */
  kf_reorder_shape same = blk, zero = blk, rank4 = blk;
  same.dst = same.src;
  zero.in[1] = 0;
  rank4.spatial_rank = 4;
  float value[16];
  if (kfr_reorder_kernel_name(&same) != NULL || kfr_reorder_kernel_name(&zero) != NULL ||
      kfr_reorder(&rank4, value, value) != KF_DISPATCH_BAD_SHAPE ||
      kfr_reorder(&same, value, value) != KF_DISPATCH_BAD_SHAPE ||
      kfr_reorder(&blk, NULL, value) != KF_DISPATCH_BAD_SHAPE) {
    printf("bad shapes were not refused\n");
    ++failures;
  }
  printf("%s\n", failures ? "FAILED" : "all reorder dispatch checks passed");
  return failures ? 1 : 0;
}
