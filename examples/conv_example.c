/* conv_example: links a library emitted by `kforge emit` and checks one layer against a naive
 * loop. The emitted library is made by tests/cli/tune_emit_link.sh (or by hand):
 *
 *   kforge tune 'mb1ic19ih17iw15oc21kh3kw3sh2sw2ph1pw1_bia_relu_n"small"' --db ex.db
 * --budget-trials 4 kforge emit 'mb1ic19ih17iw15oc21kh3kw3sh2sw2ph1pw1_bia_relu_n"small"' --db
 * ex.db --out out --name kfex cc -O2 -Iout examples/conv_example.c out/libkfex.a -lpthread -ldl -lm
 * -o conv_example
 *
 * The layer: batch 1, 17x15 input with 19 channels, 21 output channels, 3x3 kernel, stride 2,
 * padding 1, bias and ReLU; NHWC activations, HWIO weights. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "kfex.h"

enum { N = 1, IH = 17, IW = 15, IC = 19, OC = 21, KH = 3, KW = 3, S = 2, P = 1 };
enum { OH = (IH + 2 * P - KH) / S + 1, OW = (IW + 2 * P - KW) / S + 1 };

static float input[N][IH][IW][IC];
static float weights[KH][KW][IC][OC];
static float bias[OC];
static float output[N][OH][OW][OC];

static float next_value(unsigned *state) {
  *state = *state * 1664525u + 1013904223u;
  return (float)((*state >> 8) & 0xffff) / 32768.0f - 1.0f;
}

/* Runs the layer on `threads` threads and returns the largest relative error against a naive
 * loop (or -1 when the kernel fails). */
static double run_and_check(int threads) {
  if (kfex_set_num_threads(threads) != 0) {
    fprintf(stderr, "kfex_set_num_threads(%d) refused the count\n", threads);
    return -1;
  }
  for (size_t i = 0; i < sizeof(output) / 4; ++i) (&output[0][0][0][0])[i] = NAN;
  int status = kfex_small(&input[0][0][0][0], &weights[0][0][0][0], bias, &output[0][0][0][0]);
  if (status != 0) {
    fprintf(stderr, "kfex_small failed with Halide error %d\n", status);
    return -1;
  }

  double worst = 0;
  for (int y = 0; y < OH; ++y) {
    for (int x = 0; x < OW; ++x) {
      for (int k = 0; k < OC; ++k) {
        double sum = bias[k];
        for (int ky = 0; ky < KH; ++ky) {
          for (int kx = 0; kx < KW; ++kx) {
            const int iy = y * S + ky - P, ix = x * S + kx - P;
            if (iy < 0 || iy >= IH || ix < 0 || ix >= IW) continue;
            for (int c = 0; c < IC; ++c) sum += (double)input[0][iy][ix][c] * weights[ky][kx][c][k];
          }
        }
        const double expected = sum > 0 ? sum : 0;
        const double error = fabs(output[0][y][x][k] - expected) / (1 + fabs(expected));
        if (!(error <= worst)) worst = error;
      }
    }
  }
  printf("kfex_small: %dx%dx%d output on %d thread(s), max error %.2e\n", OH, OW, OC, threads,
         worst);
  return worst;
}

int main(void) {
  unsigned state = 12345;
  float *all[] = {&input[0][0][0][0], &weights[0][0][0][0], bias};
  const size_t sizes[] = {sizeof(input) / 4, sizeof(weights) / 4, sizeof(bias) / 4};
  for (int t = 0; t < 3; ++t) {
    for (size_t i = 0; i < sizes[t]; ++i) all[t][i] = next_value(&state);
  }
  for (int threads = 1; threads <= 2; ++threads) {
    const double worst = run_and_check(threads);
    if (!(worst >= 0 && worst <= 1e-4)) return 1;
  }
  return 0;
}
