/* deconv_example: links a library emitted by `kforge emit` for a transposed convolution whose
 * schedule packs its weights ahead of the calls, and checks it against a naive scatter loop.
 * The library is made by tests/cli/tune_emit_link.sh (or by hand):
 *
 *   kforge emit --op deconv 'mb1ic5ih5iw7oc17kh4kw4sh2sw2ph1pw1_nhwc_bia_relu_n"up"' \
 *     --db ex.db --out out --name kfup
 *   cc -O2 -Iout examples/deconv_example.c out/libkfup.a -lpthread -ldl -lm -o deconv_example
 *
 * The layer: batch 1, 5x7 input with 5 channels, 17 output channels, 4x4 kernel, stride 2,
 * padding 1 (a 2x upsampling: 10x14 output), bias and ReLU; NHWC activations, TensorFlow
 * conv2d_transpose weights [kh][kw][out][in]. The app packs the weights once, then calls the
 * kernel twice to show the packed copy is reused. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "kfup.h"

enum { IH = 5, IW = 7, IC = 5, OC = 17, K = 4, S = 2, P = 1 };
enum { OH = (IH - 1) * S - 2 * P + K, OW = (IW - 1) * S - 2 * P + K };

static float input[IH][IW][IC];
static float weights[K][K][OC][IC];
static float bias[OC];
static float packed[KFUP_UP_PACK_WEIGHTS_ELEMENTS];
static float output[OH][OW][OC];
static double expected[OH][OW][OC];

static float next_value(unsigned *state) {
  *state = *state * 1664525u + 1013904223u;
  return (float)((*state >> 8) & 0xffff) / 32768.0f - 1.0f;
}

int main(void) {
  unsigned state = 777;
  float *all[] = {&input[0][0][0], &weights[0][0][0][0], bias};
  const size_t sizes[] = {sizeof(input) / 4, sizeof(weights) / 4, sizeof(bias) / 4};
  for (int t = 0; t < 3; ++t) {
    for (size_t i = 0; i < sizes[t]; ++i) all[t][i] = next_value(&state);
  }

  /* Scatter form: input pixel (y, x) adds weights * value to output (y*S - P + ky, ...). */
  for (int y = 0; y < OH; ++y)
    for (int x = 0; x < OW; ++x)
      for (int o = 0; o < OC; ++o) expected[y][x][o] = bias[o];
  for (int iy = 0; iy < IH; ++iy)
    for (int ix = 0; ix < IW; ++ix)
      for (int ky = 0; ky < K; ++ky)
        for (int kx = 0; kx < K; ++kx) {
          const int y = iy * S - P + ky, x = ix * S - P + kx;
          if (y < 0 || y >= OH || x < 0 || x >= OW) continue;
          for (int o = 0; o < OC; ++o)
            for (int i = 0; i < IC; ++i)
              expected[y][x][o] += (double)weights[ky][kx][o][i] * input[iy][ix][i];
        }

  int status = kfup_up_pack_weights(&weights[0][0][0][0], packed);
  if (status != 0) {
    fprintf(stderr, "kfup_up_pack_weights failed with Halide error %d\n", status);
    return 1;
  }
  for (int call = 0; call < 2; ++call) {
    status = kfup_up(&input[0][0][0], packed, bias, &output[0][0][0]);
    if (status != 0) {
      fprintf(stderr, "kfup_up failed with Halide error %d\n", status);
      return 1;
    }
    double worst = 0;
    for (int y = 0; y < OH; ++y)
      for (int x = 0; x < OW; ++x)
        for (int o = 0; o < OC; ++o) {
          const double want = expected[y][x][o] > 0 ? expected[y][x][o] : 0;
          const double error = fabs(output[y][x][o] - want) / (1 + fabs(want));
          if (error > worst) worst = error;
        }
    printf("deconv_example: call %d, max relative error %.2e\n", call, worst);
    if (!(worst < 1e-4)) return 1;
  }
  return 0;
}
