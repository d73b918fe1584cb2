/* deconv_dispatch_example: links a library emitted by `kforge emit` with three tuned transposed
 * convolutions (two strided, sub-pixel; one stride-1, computed as a convolution by Winograd) and
 * calls its dispatch function, kfd_deconv(), on those shapes (it must pick their tuned kernels,
 * which pack their weights), on shapes the library was not tuned for (every rank,
 * both layouts, both weight layouts, groups, dilation, stride 3: the generic kernels), checking
 * every output against a naive scatter loop, and on shapes it must refuse. The library is made by
 * tests/cli/deconv_dispatch.sh:
 *
 *   kforge tune 'mb1ic7ih5iw6oc16kh4kw4sh2sw2ph1pw1_nhwc_bia_n"up"' \
 *     'mb1ic5ih5iw7oc6kh4kw4sh2sw2ph1pw1_nchw_relu_n"upc"' --op deconv --db d.db ...
 *   kforge tune 'mb1ic6ih7iw9oc16kh3kw3ph1pw1_nhwc_bia_n"same"' --op deconv --db d.db \
 *     --templates deconv_as_conv_winograd_f2_nhwc ...
 *   kforge emit <the same three descriptors> --op deconv --db d.db --out out --name kfd
 *   cc -O2 -Iout examples/deconv_dispatch_example.c out/libkfd.a -lpthread -ldl -lm */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kfd.h"

/* The definition in double precision, in scatter form: every input pixel adds weights * input
 * to the output pixels i * stride - pad_begin + tap * dilation inside the output. */
static void naive_deconv(const kf_deconv_shape *s, const float *in, const float *w,
                         const float *b, double *out) {
  const int r = s->spatial_rank, nhwc = s->layout == 0, pt = s->weight_layout == 0;
  int I[3], O[3], K[3], S[3], D[3], P[3];
  for (int i = 0; i < 3; ++i) {
    I[i] = kf_spatial(s->in, r, i, 1);
    O[i] = kf_spatial(s->out, r, i, 1);
    K[i] = kf_spatial(s->kernel, r, i, 1);
    S[i] = kf_spatial(s->stride, r, i, 1);
    D[i] = kf_spatial(s->dilation, r, i, 1);
    P[i] = kf_spatial(s->pad_begin, r, i, 0);
  }
  const int icg = s->ic / s->groups, ocg = s->oc / s->groups;
  const long pixels = (long)O[0] * O[1] * O[2];
  for (long i = 0; i < s->mb * s->oc * pixels; ++i) out[i] = 0;
  for (int n = 0; n < s->mb; ++n)
    for (int c = 0; c < s->ic; ++c)
      for (int id = 0; id < I[0]; ++id)
        for (int ih = 0; ih < I[1]; ++ih)
          for (int iw = 0; iw < I[2]; ++iw) {
            const long in_at = nhwc ? (((long)(n * I[0] + id) * I[1] + ih) * I[2] + iw) * s->ic + c
                                    : (((long)(n * s->ic + c) * I[0] + id) * I[1] + ih) * I[2] + iw;
            const int g = c / icg;
            for (int kk = g * ocg; kk < (g + 1) * ocg; ++kk)
              for (int td = 0; td < K[0]; ++td)
                for (int th = 0; th < K[1]; ++th)
                  for (int tw = 0; tw < K[2]; ++tw) {
                    const int od = id * S[0] - P[0] + td * D[0];
                    const int oh = ih * S[1] - P[1] + th * D[1];
                    const int ow = iw * S[2] - P[2] + tw * D[2];
                    if (od < 0 || od >= O[0] || oh < 0 || oh >= O[1] || ow < 0 || ow >= O[2]) {
                      continue;
                    }
                    const long w_at =
                        pt ? ((((long)c * ocg + (kk - g * ocg)) * K[0] + td) * K[1] + th) * K[2] + tw
                           : ((((long)td * K[1] + th) * K[2] + tw) * s->oc + kk) * s->ic + c;
                    const long out_at =
                        nhwc ? (((long)(n * O[0] + od) * O[1] + oh) * O[2] + ow) * s->oc + kk
                             : (((long)(n * s->oc + kk) * O[0] + od) * O[1] + oh) * O[2] + ow;
                    out[out_at] += (double)in[in_at] * w[w_at];
                  }
          }
  for (int n = 0; n < s->mb; ++n)
    for (int kk = 0; kk < s->oc; ++kk)
      for (long p = 0; p < pixels; ++p) {
        const long at = nhwc ? ((long)n * pixels + p) * s->oc + kk : ((long)n * s->oc + kk) * pixels + p;
        out[at] += s->bias ? b[kk] : 0.0;
        if (s->relu && out[at] < 0) out[at] = 0;
      }
}

static int failures = 0;

static void check(const char *what, kf_deconv_shape s, const char *expected_kernel) {
  long in_count = (long)s.mb * s.ic, w_count = (long)s.ic * (s.oc / s.groups),
       out_count = (long)s.mb * s.oc;
  for (int i = 0; i < s.spatial_rank; ++i) {
    in_count *= s.in[i];
    w_count *= s.kernel[i];
    out_count *= s.out[i];
  }
  float *in = malloc(sizeof(float) * in_count), *w = malloc(sizeof(float) * w_count);
  float *b = malloc(sizeof(float) * s.oc), *out = malloc(sizeof(float) * out_count);
  double *want = malloc(sizeof(double) * out_count);
  unsigned state = 3u + (unsigned)out_count;
#define NEXT() (state = state * 1664525u + 1013904223u, (float)((state >> 8) & 0xffff) / 32768.0f - 1.0f)
  for (long i = 0; i < in_count; ++i) in[i] = NEXT();
  for (long i = 0; i < w_count; ++i) w[i] = NEXT();
  for (int i = 0; i < s.oc; ++i) b[i] = NEXT();
#undef NEXT
  for (long i = 0; i < out_count; ++i) out[i] = NAN;
  const char *kernel = kfd_deconv_kernel_name(&s);
  const int status = kfd_deconv(&s, in, w, s.bias ? b : NULL, out);
  naive_deconv(&s, in, w, b, want);
  double worst = 0;
  for (long i = 0; i < out_count; ++i) {
    const double error = fabs(out[i] - want[i]) / (1 + fabs(want[i]));
    if (!(error <= worst)) worst = isnan(error) ? INFINITY : error;
  }
  const int ok = status == 0 && kernel && strcmp(kernel, expected_kernel) == 0 && worst < 1e-5;
  printf("%-30s -> %-20s status %d, max error %.1e%s\n", what, kernel ? kernel : "(null)", status,
         worst, ok ? "" : "  FAILED");
  failures += !ok;
  free(in), free(w), free(b), free(out), free(want);
}

int main(void) {
  /* layout, weights, rank, mb, ic, oc, groups, in, out, kernel, stride, dilation, pad, bias, relu */
  const kf_deconv_shape up = {0, 1, 2, 1, 7, 16, 1, {5, 6}, {10, 12}, {4, 4}, {2, 2}, {1, 1},
                              {1, 1}, 1, 0};
  const kf_deconv_shape upc = {1, 0, 2, 1, 5, 6, 1, {5, 7}, {10, 14}, {4, 4}, {2, 2}, {1, 1},
                               {1, 1}, 0, 1};
  check("tuned up (NHWC, TF weights)", up, "kfd_up");
  check("tuned upc (NCHW, PyTorch)", upc, "kfd_upc");
  const kf_deconv_shape same = {0, 1, 2, 1, 6, 16, 1, {7, 9}, {7, 9}, {3, 3}, {1, 1}, {1, 1},
                                {1, 1}, 1, 0};
  check("tuned same (stride 1, Winograd)", same, "kfd_same");
  const kf_deconv_shape odd = {0, 0, 2, 2, 3, 9, 1, {4, 5}, {8, 10}, {3, 3}, {2, 2}, {1, 1},
                               {1, 1}, 0, 1};
  check("untuned NHWC PyTorch, odd out", odd, "kfd_deconv_generic");
  const kf_deconv_shape grouped = {1, 0, 2, 1, 4, 6, 2, {5, 6}, {9, 11}, {3, 3}, {2, 2}, {1, 1},
                                   {1, 1}, 1, 0};
  check("untuned grouped NCHW", grouped, "kfd_deconv_generic");
  const kf_deconv_shape one_d = {1, 1, 1, 1, 3, 4, 1, {11}, {31}, {5}, {3}, {1}, {2}, 0, 0};
  check("untuned 1-D stride 3 TF", one_d, "kfd_deconv_generic");
  const kf_deconv_shape dilated = {0, 1, 2, 1, 3, 8, 1, {4, 5}, {8, 9}, {3, 3}, {2, 2}, {2, 2},
                                   {1, 2}, 1, 0};
  check("untuned dilated NHWC", dilated, "kfd_deconv_generic");
  const kf_deconv_shape volume = {1, 0, 3, 1, 3, 5, 1, {3, 3, 5}, {4, 4, 10}, {2, 2, 3},
                                  {2, 2, 2}, {1, 1, 1}, {0, 0, 1}, 1, 0};
  check("untuned 3-D NCDHW", volume, "kfd_deconv_generic");
  kf_deconv_shape wider = up;
  wider.oc = 17;
  check("up with oc 17", wider, "kfd_deconv_generic");

  /* Shapes it cannot compute: TensorFlow weights with groups, channels not divisible by groups,
   * a zero stride. */
  kf_deconv_shape tf_groups = grouped, uneven = grouped, zero_stride = up;
  tf_groups.weight_layout = 1;
  uneven.ic = 5;
  zero_stride.stride[1] = 0;
  float v[1] = {0};
  if (kfd_deconv_kernel_name(&tf_groups) != NULL || kfd_deconv_kernel_name(&uneven) != NULL ||
      kfd_deconv(&zero_stride, v, v, v, v) != KF_DISPATCH_BAD_SHAPE ||
      kfd_deconv(&up, v, v, NULL, v) != KF_DISPATCH_BAD_SHAPE ||
      kfd_deconv_generic(&uneven, v, v, v, v) != KF_DISPATCH_BAD_SHAPE) {
    printf("bad shapes were not refused\n");
    ++failures;
  }
  printf("%s\n", failures ? "FAILED" : "all deconv dispatch checks passed");
  return failures ? 1 : 0;
}
