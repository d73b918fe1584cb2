/* bnorm_example: links a library emitted by `kforge emit` for an inference batch norm whose
 * schedule writes the output with streaming (non-temporal) stores, and checks the kernel against
 * the definition, computed here in double precision, on an output aligned to a cache line and
 * on one that is not (the header's wrapper then calls the twin kernel that stores through the
 * caches). The library is made by tests/cli/bnorm_stream_link.sh:
 *
 *   kforge emit --op bnorm 'mb2ic32ih3iw5_nhwc_eps0.001_n"bn"' --db stream.db --out out \
 *     --name kfbn
 *   cc -O2 -Iout examples/bnorm_example.c out/libkfbn.a -lpthread -ldl -lm -o bnorm_example
 *
 * The op: NHWC, batch 2, 3x5 pixels, 32 channels;
 *   out[n][y][x][c] = gamma[c] * (in[n][y][x][c] - mean[c]) / sqrt(variance[c] + 0.001) + beta[c]
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "kfbn.h"

enum { N = 2, H = 3, W = 5, C = 32, ELEMENTS = N * H * W * C };
static const double kEpsilon = 0.001;

static float input[ELEMENTS];
static float mean[C], variance[C], gamma_[C], beta[C];

static float next_value(unsigned *state) {
  *state = *state * 1664525u + 1013904223u;
  return (float)((*state >> 8) & 0xffff) / 32768.0f - 1.0f;
}

/* Runs the kernel into `output` and returns the largest |out - ref| / (1 + |ref|). */
static double run_and_check(float *output) {
  for (int i = 0; i < ELEMENTS; ++i) output[i] = NAN;
  const int status = kfbn_bn(input, mean, variance, gamma_, beta, output);
  if (status != 0) {
    fprintf(stderr, "kfbn_bn failed with Halide error %d\n", status);
    return INFINITY;
  }
  double worst = 0;
  for (int i = 0; i < ELEMENTS; ++i) {
    const int c = i % C;
    const double want = gamma_[c] * (input[i] - mean[c]) / sqrt(variance[c] + kEpsilon) + beta[c];
    const double error = fabs(output[i] - want) / (1 + fabs(want));
    if (!(error <= worst)) worst = isnan(error) ? INFINITY : error;
  }
  return worst;
}

int main(void) {
  unsigned state = 4242;
  for (int i = 0; i < ELEMENTS; ++i) input[i] = 3 * next_value(&state);
  for (int c = 0; c < C; ++c) {
    mean[c] = next_value(&state);
    variance[c] = 1.5f + next_value(&state);
    gamma_[c] = next_value(&state);
    beta[c] = next_value(&state);
  }
  /* One float of slack: the same storage gives an aligned and an unaligned output. */
  float *storage = NULL;
  if (posix_memalign((void **)&storage, 64, (ELEMENTS + 16) * sizeof(float)) != 0) return 1;
  const double aligned = run_and_check(storage);
  const double unaligned = run_and_check(storage + 1);
  free(storage);
  printf("bnorm_example: max error %.3g (64-byte aligned output), %.3g (unaligned)\n", aligned,
         unaligned);
  return aligned <= 1e-5 && unaligned <= 1e-5 ? 0 : 1;
}
