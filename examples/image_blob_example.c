/* image_blob_example: links a library emitted by `kforge emit --op image_blob` (OpenCV's
 * cv::dnn::blobFromImage) and checks both of its kernels against the definition, computed here
 * in double precision. The library is made by tests/cli/image_blob_link.sh (or by hand):
 *
 *   kforge tune --op image_blob \
 *     'mb2ih13iw17ic3_scale0.017_mean123.7:116.3:103.5_std58.4:57.1:57.4_swaprb_n"rgb"' \
 *     'mb1ih9iw23ic4_scale0.5_mean10:20:30:40_nhwc_n"bgra"' --db ex.db --budget-trials 3
 *   kforge emit --op image_blob <the same two descriptors> --db ex.db --out out --name kfblob
 *   cc -O2 -Iout examples/image_blob_example.c out/libkfblob.a -lpthread -ldl -lm \
 *     -o image_blob_example
 *
 * kfblob_rgb: a batch of two 13x17 BGR images -> f32 NCHW in RGB order (swapRB), mean given in
 * the output (RGB) order, then scale / std per channel (PyTorch's Normalize):
 *   out[n][c][y][x] = 0.017 * (in[n][y][x][2 - c] - mean[c]) / std[c]
 * kfblob_bgra: one 9x23 BGRA image -> f32 NHWC, no swap, alpha kept in channel 3:
 *   out[0][y][x][c] = 0.5 * (in[0][y][x][c] - mean[c])
 * The images use every u8 value from 0 to 255 (a gradient plus pseudo-random noise, with the
 * extremes placed explicitly), odd sizes so the kernels' vector tails run. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "kfblob.h"

enum { RGB_N = 2, RGB_H = 13, RGB_W = 17, RGB_C = 3 };
enum { BGRA_H = 9, BGRA_W = 23, BGRA_C = 4 };

static uint8_t rgb_image[RGB_N][RGB_H][RGB_W][RGB_C];
static float rgb_blob[RGB_N][RGB_C][RGB_H][RGB_W];
static uint8_t bgra_image[BGRA_H][BGRA_W][BGRA_C];
static float bgra_blob[BGRA_H][BGRA_W][BGRA_C];

/* A gradient plus noise: every value in 0..255 occurs in a large enough image. */
static uint8_t pixel_value(unsigned *state, int index) {
  *state = *state * 1664525u + 1013904223u;
  return (uint8_t)((index * 7 + (int)(*state >> 24)) & 0xff);
}

/* max |got - want| / (1 + |want|), the error measure of the project's tests. */
static double relative_error(double got, double want) {
  return fabs(got - want) / (1 + fabs(want));
}

static int check_rgb(void) {
  const double scale = 0.017;
  const double mean[RGB_C] = {123.7, 116.3, 103.5}; /* R, G, B: output order */
  const double stddev[RGB_C] = {58.4, 57.1, 57.4};
  unsigned state = 12345;
  int index = 0;
  for (int n = 0; n < RGB_N; ++n)
    for (int y = 0; y < RGB_H; ++y)
      for (int x = 0; x < RGB_W; ++x)
        for (int c = 0; c < RGB_C; ++c) rgb_image[n][y][x][c] = pixel_value(&state, index++);
  rgb_image[0][0][0][0] = 0; /* the extremes of u8 */
  rgb_image[1][RGB_H - 1][RGB_W - 1][2] = 255;
  for (size_t i = 0; i < sizeof(rgb_blob) / sizeof(float); ++i) (&rgb_blob[0][0][0][0])[i] = NAN;

  const int status = kfblob_rgb(&rgb_image[0][0][0][0], &rgb_blob[0][0][0][0]);
  if (status != 0) {
    fprintf(stderr, "kfblob_rgb failed with Halide error %d\n", status);
    return 1;
  }
  double worst = 0;
  for (int n = 0; n < RGB_N; ++n)
    for (int c = 0; c < RGB_C; ++c)
      for (int y = 0; y < RGB_H; ++y)
        for (int x = 0; x < RGB_W; ++x) {
          /* swapRB: output channel c (R, G, B) reads input channel 2 - c (of B, G, R). */
          const double want = scale * (rgb_image[n][y][x][2 - c] - mean[c]) / stddev[c];
          const double error = relative_error(rgb_blob[n][c][y][x], want);
          if (isnan(error) || error > worst) worst = error; /* a NaN (never written) sticks */
        }
  printf("image_blob_example: kfblob_rgb (NCHW, swapRB, std) max relative error %.2e\n", worst);
  return worst < 1e-5 ? 0 : 1;
}

static int check_bgra(void) {
  const double scale = 0.5;
  const double mean[BGRA_C] = {10, 20, 30, 40};
  unsigned state = 999;
  int index = 0;
  for (int y = 0; y < BGRA_H; ++y)
    for (int x = 0; x < BGRA_W; ++x)
      for (int c = 0; c < BGRA_C; ++c) bgra_image[y][x][c] = pixel_value(&state, index++);
  bgra_image[0][0][3] = 255;
  bgra_image[BGRA_H - 1][0][0] = 0;
  for (size_t i = 0; i < sizeof(bgra_blob) / sizeof(float); ++i) (&bgra_blob[0][0][0])[i] = NAN;

  const int status = kfblob_bgra(&bgra_image[0][0][0], &bgra_blob[0][0][0]);
  if (status != 0) {
    fprintf(stderr, "kfblob_bgra failed with Halide error %d\n", status);
    return 1;
  }
  double worst = 0;
  for (int y = 0; y < BGRA_H; ++y)
    for (int x = 0; x < BGRA_W; ++x)
      for (int c = 0; c < BGRA_C; ++c) {
        const double want = scale * (bgra_image[y][x][c] - mean[c]);
        const double error = relative_error(bgra_blob[y][x][c], want);
        if (isnan(error) || error > worst) worst = error;
      }
  printf("image_blob_example: kfblob_bgra (NHWC, BGRA, no swap) max relative error %.2e\n", worst);
  return worst < 1e-5 ? 0 : 1;
}

int main(void) {
  const int failures = check_rgb() + check_bgra();
  return failures == 0 ? 0 : 1;
}
