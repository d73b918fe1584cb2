/* blocked_chain_example: two convolutions emitted with declared-blocked activations (nChw16c),
 * chained with no conversion between them: the first layer's blocked output is the second's
 * input as it is, padded lanes included. Checked against naive NCHW loops. The library is made
 * by tests/cli/tune_emit_link.sh (or by hand):
 *
 *   A='mb1ic13ih9iw10oc24kh3kw3ph1pw1_nchw16c_bia_clamp0.25:6_n"a"'
 *   B='mb1ic24ih9iw10oc20kh3kw3sh2sw2ph1pw1_nchw16c_relu_n"b"'
 *   kforge tune "$A" "$B" --db chain.db --budget-trials 2
 *   kforge emit "$A" "$B" --db chain.db --out out --name kfbc
 *   cc -O2 -Iout examples/blocked_chain_example.c out/libkfbc.a -lpthread -ldl -lm
 *
 * Blocked activations are [n][ceil(c / 16)][h][w][16]; weights are OIHW. Both layers pack their
 * weights once (to HWIO with the output channels padded to whole blocks), and layer a its bias
 * (24 channels padded to 32). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kfbc.h"

enum { IC = 13, MC = 24, OC = 20, H = 9, W = 10, K = 3 };
enum { OH = (H + 2 - K) / 2 + 1, OW = (W + 2 - K) / 2 + 1 };
enum { IB = (IC + 15) / 16, MB = (MC + 15) / 16, OB = (OC + 15) / 16 };

static float input[IB][H][W][16];
static float middle[MB][H][W][16];
static float output[OB][OH][OW][16];
static float weights_a[MC][IC][K][K], bias_a[MC], weights_b[OC][MC][K][K];
static float packed_weights_a[KFBC_A_PACK_WEIGHTS_ELEMENTS];
static float packed_bias_a[KFBC_A_PACK_BIAS_ELEMENTS];
static float packed_weights_b[KFBC_B_PACK_WEIGHTS_ELEMENTS];
static double expected_middle[MC][H][W], expected[OC][OH][OW];

static float next_value(unsigned *state) {
  *state = *state * 1664525u + 1013904223u;
  return (float)((*state >> 8) & 0xffff) / 32768.0f - 1.0f;
}

int main(void) {
  unsigned state = 2024;
  float *all[] = {&input[0][0][0][0], &weights_a[0][0][0][0], bias_a, &weights_b[0][0][0][0],
                  &middle[0][0][0][0]};
  const size_t sizes[] = {sizeof(input) / 4, sizeof(weights_a) / 4, sizeof(bias_a) / 4,
                          sizeof(weights_b) / 4, sizeof(middle) / 4};
  /* Every element, the padded input lanes and the whole middle buffer too: the kernels must
   * ignore the former and overwrite the latter. */
  for (int t = 0; t < 5; ++t) {
    for (size_t i = 0; i < sizes[t]; ++i) all[t][i] = next_value(&state);
  }

  if (kfbc_a_pack_weights(&weights_a[0][0][0][0], packed_weights_a) != 0 ||
      kfbc_a_pack_bias(bias_a, packed_bias_a) != 0 ||
      kfbc_b_pack_weights(&weights_b[0][0][0][0], packed_weights_b) != 0) {
    fprintf(stderr, "packing failed\n");
    return 1;
  }
  int status = kfbc_a(&input[0][0][0][0], packed_weights_a, packed_bias_a, &middle[0][0][0][0]);
  if (status == 0) status = kfbc_b(&middle[0][0][0][0], packed_weights_b, &output[0][0][0][0]);
  if (status != 0) {
    fprintf(stderr, "a kernel failed with Halide error %d\n", status);
    return 1;
  }

  /* Layer a: 3x3, pad 1, bias, clamp to [0.25, 6]. */
  for (int m = 0; m < MC; ++m) {
    for (int y = 0; y < H; ++y) {
      for (int x = 0; x < W; ++x) {
        double sum = bias_a[m];
        for (int c = 0; c < IC; ++c) {
          for (int ky = 0; ky < K; ++ky) {
            for (int kx = 0; kx < K; ++kx) {
              const int iy = y + ky - 1, ix = x + kx - 1;
              if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
              sum += (double)input[c / 16][iy][ix][c % 16] * weights_a[m][c][ky][kx];
            }
          }
        }
        expected_middle[m][y][x] = sum < 0.25 ? 0.25 : sum > 6 ? 6 : sum;
      }
    }
  }
  /* Layer b: 3x3, stride 2, pad 1, ReLU. */
  for (int o = 0; o < OC; ++o) {
    for (int y = 0; y < OH; ++y) {
      for (int x = 0; x < OW; ++x) {
        double sum = 0;
        for (int m = 0; m < MC; ++m) {
          for (int ky = 0; ky < K; ++ky) {
            for (int kx = 0; kx < K; ++kx) {
              const int iy = 2 * y + ky - 1, ix = 2 * x + kx - 1;
              if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
              sum += expected_middle[m][iy][ix] * weights_b[o][m][ky][kx];
            }
          }
        }
        expected[o][y][x] = sum > 0 ? sum : 0;
      }
    }
  }

  double worst = 0;
  int padded_nonzero = 0;
  for (int o = 0; o < OB * 16; ++o) {
    for (int y = 0; y < OH; ++y) {
      for (int x = 0; x < OW; ++x) {
        const float got = output[o / 16][y][x][o % 16];
        if (o >= OC) {
          padded_nonzero += got != 0.0f;
          continue;
        }
        const double error = fabs(got - expected[o][y][x]) / (1 + fabs(expected[o][y][x]));
        if (!(error <= worst)) worst = error;
      }
    }
  }
  for (int m = MC; m < MB * 16; ++m) {
    for (int y = 0; y < H; ++y) {
      for (int x = 0; x < W; ++x) padded_nonzero += middle[m / 16][y][x][m % 16] != 0.0f;
    }
  }
  printf("kfbc_a -> kfbc_b (nChw16c): %dx%dx%d output, max error %.2e, %d nonzero padded lanes\n",
         OC, OH, OW, worst, padded_nonzero);
  return worst <= 1e-4 && padded_nonzero == 0 ? 0 : 1;
}
