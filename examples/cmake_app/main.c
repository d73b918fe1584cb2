/* cmake_app: runs the two convolutions of layers.txt through the kernels that
 * kforge_add_kernels() emitted from a tuning database (see CMakeLists.txt), and checks every
 * output element against a naive loop. Exit status 0 when all match, 1 otherwise.
 *
 *   block1: 12x10 input, 16 -> 24 channels, 3x3 kernel, stride 1, padding 1, bias, ReLU
 *   block2: 12x10 input, 24 -> 8 channels, 1x1 kernel, bias (its input is block1's output)
 *
 * Batch 1, NHWC activations, HWIO weights, bias [oc] (app_kernels.h lists each tensor's shape).
 * When the tuned schedule of a layer packs its weights ahead of the calls (Winograd does), the
 * header defines APP_KERNELS_<LAYER>_PACK_WEIGHTS_ELEMENTS and <fn>_pack_weights(): the weights
 * are packed once and the packed copy is what the kernel takes. */
#include <stdio.h>

#include "app_kernels.h"

/* The tuner's `default` accuracy bound on max |out - ref| / (1 + |ref|) (Winograd F(4x4,3x3) may
 * win under it); a wrong kernel is off by far more. */
#define TOLERANCE 2e-3

typedef struct {
  const char *name;
  int ih, iw, ic, oc, kh, kw, stride, pad, relu;
} Layer;

static const Layer kBlock1 = {"block1", 12, 10, 16, 24, 3, 3, 1, 1, 1};
static const Layer kBlock2 = {"block2", 12, 10, 24, 8, 1, 1, 1, 0, 0};

enum { OH = 12, OW = 10 }; /* both layers keep the 12x10 spatial size */

static float input[12 * 10 * 16];
static float weights1[3 * 3 * 16 * 24], bias1[24], output1[OH * OW * 24];
static float weights2[1 * 1 * 24 * 8], bias2[8], output2[OH * OW * 8];
#ifdef APP_KERNELS_BLOCK1_PACK_WEIGHTS_ELEMENTS
static float packed1[APP_KERNELS_BLOCK1_PACK_WEIGHTS_ELEMENTS];
#endif
#ifdef APP_KERNELS_BLOCK2_PACK_WEIGHTS_ELEMENTS
static float packed2[APP_KERNELS_BLOCK2_PACK_WEIGHTS_ELEMENTS];
#endif

/* Fills `data` with deterministic pseudo-random values in [-1, 1). */
static void fill(float *data, int count, unsigned *state) {
  for (int i = 0; i < count; ++i) {
    *state = *state * 1664525u + 1013904223u;
    data[i] = (float)((*state >> 8) & 0xffff) / 32768.0f - 1.0f;
  }
}

/* Compares `output` (NHWC) with a naive convolution of `in` (NHWC) by `w` (HWIO) plus `bias`,
 * then ReLU when the layer has it. Prints the first mismatch and the worst error; returns the
 * number of elements beyond TOLERANCE. */
static int check(const Layer *l, const float *in, const float *w, const float *bias,
                 const float *output) {
  const int oh = (l->ih + 2 * l->pad - l->kh) / l->stride + 1;
  const int ow = (l->iw + 2 * l->pad - l->kw) / l->stride + 1;
  int bad = 0;
  double worst = 0;
  for (int y = 0; y < oh; ++y) {
    for (int x = 0; x < ow; ++x) {
      for (int k = 0; k < l->oc; ++k) {
        double sum = bias[k];
        for (int ky = 0; ky < l->kh; ++ky) {
          for (int kx = 0; kx < l->kw; ++kx) {
            const int iy = y * l->stride + ky - l->pad, ix = x * l->stride + kx - l->pad;
            if (iy < 0 || iy >= l->ih || ix < 0 || ix >= l->iw) continue;
            for (int c = 0; c < l->ic; ++c) {
              sum += (double)in[(iy * l->iw + ix) * l->ic + c] *
                     w[((ky * l->kw + kx) * l->ic + c) * l->oc + k];
            }
          }
        }
        const double expected = l->relu && sum < 0 ? 0 : sum;
        const double got = output[(y * ow + x) * l->oc + k];
        const double diff = got > expected ? got - expected : expected - got;
        const double error = diff / (1 + (expected < 0 ? -expected : expected));
        if (!(error <= TOLERANCE)) { /* NaN counts as a mismatch */
          if (bad++ == 0) {
            fprintf(stderr, "%s: output[0][%d][%d][%d] = %g, expected %g\n", l->name, y, x, k, got,
                    expected);
          }
        }
        if (!(error <= worst)) worst = error;
      }
    }
  }
  printf("%s: %dx%dx%d output, max error %.2e, %d mismatches\n", l->name, oh, ow, l->oc, worst,
         bad);
  return bad;
}

/* Reports a nonzero Halide status of `what`; returns 1 when it failed. */
static int failed(int status, const char *what) {
  if (status != 0) fprintf(stderr, "%s failed with Halide error %d\n", what, status);
  return status != 0;
}

int main(void) {
  unsigned state = 2024;
  fill(input, sizeof(input) / sizeof(float), &state);
  fill(weights1, sizeof(weights1) / sizeof(float), &state);
  fill(bias1, sizeof(bias1) / sizeof(float), &state);
  fill(weights2, sizeof(weights2) / sizeof(float), &state);
  fill(bias2, sizeof(bias2) / sizeof(float), &state);

  /* Weights are packed once, when they are loaded (only for schedules that pack). */
#ifdef APP_KERNELS_BLOCK1_PACK_WEIGHTS_ELEMENTS
  if (failed(app_kernels_block1_pack_weights(weights1, packed1), "block1 packing")) return 1;
  const float *block1_weights = packed1;
#else
  const float *block1_weights = weights1;
#endif
#ifdef APP_KERNELS_BLOCK2_PACK_WEIGHTS_ELEMENTS
  if (failed(app_kernels_block2_pack_weights(weights2, packed2), "block2 packing")) return 1;
  const float *block2_weights = packed2;
#else
  const float *block2_weights = weights2;
#endif

  if (failed(app_kernels_block1(input, block1_weights, bias1, output1), "app_kernels_block1") ||
      failed(app_kernels_block2(output1, block2_weights, bias2, output2), "app_kernels_block2")) {
    return 1;
  }
  const int bad = check(&kBlock1, input, weights1, bias1, output1) +
                  check(&kBlock2, output1, weights2, bias2, output2);
  if (bad) {
    fprintf(stderr, "cmake_app: %d output elements differ from the naive loop\n", bad);
    return 1;
  }
  printf("cmake_app: ok\n");
  return 0;
}
