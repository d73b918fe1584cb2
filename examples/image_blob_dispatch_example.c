/* image_blob_dispatch_example: links a library emitted by `kforge emit` with two tuned image
 * pre-processing workloads and calls its dispatch function, kfb_image_blob(), on those shapes (it
 * must pick their tuned kernels), on shapes the library was not tuned for (the generic kernel:
 * gray, BGRA with std, a batch in NHWC, a tuned shape with another scale), checking every output
 * against a naive loop, and on shapes it must refuse. The library is made by
 * tests/cli/image_blob_dispatch.sh:
 *
 *   kforge tune 'mb1ih6iw10ic3_scale0.017_mean103.9:116.8:123.7_swaprb_n"imagenet"' \
 *     'mb1ih5iw9ic4_mean1:2:3:4_nhwc_n"bgra"' --op image_blob --db d.db ...
 *   kforge emit <the same two descriptors> --op image_blob --db d.db --out out --name kfb
 *   cc -O2 -Iout examples/image_blob_dispatch_example.c out/libkfb.a -lpthread -ldl -lm */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kfb.h"

/* The definition (OpenCV's blobFromImage with a per-channel std), in double precision. */
static void naive_blob(const kf_image_blob_shape *s, const uint8_t *image, double *out) {
  for (int n = 0; n < s->mb; ++n)
    for (int c = 0; c < s->ic; ++c)
      for (int y = 0; y < s->ih; ++y)
        for (int x = 0; x < s->iw; ++x) {
          const int source = s->swap_rb && c < 3 ? 2 - c : c;
          const double value = image[((long)(n * s->ih + y) * s->iw + x) * s->ic + source];
          const long at = s->layout == 1 ? ((long)(n * s->ic + c) * s->ih + y) * s->iw + x
                                         : ((long)(n * s->ih + y) * s->iw + x) * s->ic + c;
          out[at] = s->scale * (value - s->mean[c]) / s->stddev[c];
        }
}

static int failures = 0;

static void check(const char *what, kf_image_blob_shape s, const char *expected_kernel) {
  const long elements = (long)s.mb * s.ih * s.iw * s.ic;
  uint8_t *image = calloc(elements, 1);
  float *out = malloc(sizeof(float) * elements);
  double *want = malloc(sizeof(double) * elements);
  for (long i = 0; i < elements; ++i) {
    image[i] = (uint8_t)((i * 37 + 11) % 256);
    out[i] = NAN;
  }
  const char *kernel = kfb_image_blob_kernel_name(&s);
  const int status = kfb_image_blob(&s, image, out);
  naive_blob(&s, image, want);
  double worst = 0;
  for (long i = 0; i < elements; ++i) {
    const double error = fabs(out[i] - want[i]) / (1 + fabs(want[i]));
    if (!(error <= worst)) worst = isnan(error) ? INFINITY : error;
  }
  const int ok = status == 0 && kernel && strcmp(kernel, expected_kernel) == 0 && worst < 1e-5;
  printf("%-28s -> %-24s status %d, max error %.1e%s\n", what, kernel ? kernel : "(null)", status,
         worst, ok ? "" : "  FAILED");
  failures += !ok;
  free(image);
  free(out);
  free(want);
}

int main(void) {
  const kf_image_blob_shape imagenet = {
      1, 1, 6, 10, 3, 1, 0.017f, {103.9f, 116.8f, 123.7f, 0}, {1, 1, 1, 1}};
  const kf_image_blob_shape bgra = {0, 1, 5, 9, 4, 0, 1.0f, {1, 2, 3, 4}, {1, 1, 1, 1}};
  check("tuned imagenet (NCHW)", imagenet, "kfb_imagenet");
  check("tuned bgra (NHWC)", bgra, "kfb_bgra");
  const kf_image_blob_shape gray = {1, 2, 7, 33, 1, 0, 2.0f, {7, 0, 0, 0}, {1, 1, 1, 1}};
  check("untuned gray, batch 2", gray, "kfb_image_blob_generic");
  const kf_image_blob_shape with_std = {
      1, 1, 4, 21, 4, 1, 1.0f, {10, 20, 30, 40}, {2, 4, 8, 16}};
  check("untuned BGRA with std", with_std, "kfb_image_blob_generic");
  const kf_image_blob_shape nhwc_batch = {0, 3, 2, 17, 3, 0, 0.5f, {1, 2, 3, 0}, {1, 1, 1, 1}};
  check("untuned NHWC batch 3", nhwc_batch, "kfb_image_blob_generic");
  kf_image_blob_shape other_scale = imagenet;
  other_scale.scale = 0.02f;
  check("imagenet, another scale", other_scale, "kfb_image_blob_generic");

  /* Shapes it cannot compute: two channels, a swap on a gray image, a zero std. */
  kf_image_blob_shape two = gray, swap_gray = gray, zero_std = imagenet;
  two.ic = 2;
  swap_gray.swap_rb = 1;
  zero_std.stddev[1] = 0;
  uint8_t pixel[4] = {0};
  float value[4];
  if (kfb_image_blob_kernel_name(&two) != NULL || kfb_image_blob_kernel_name(&swap_gray) != NULL ||
      kfb_image_blob(&two, pixel, value) != KF_DISPATCH_BAD_SHAPE ||
      kfb_image_blob(&swap_gray, pixel, value) != KF_DISPATCH_BAD_SHAPE ||
      kfb_image_blob(&zero_std, pixel, value) != KF_DISPATCH_BAD_SHAPE ||
      kfb_image_blob(&imagenet, NULL, value) != KF_DISPATCH_BAD_SHAPE) {
    printf("bad shapes were not refused\n");
    ++failures;
  }
  printf("%s\n", failures ? "FAILED" : "all image_blob dispatch checks passed");
  return failures ? 1 : 0;
}
