// Deconvolution descriptors: benchdnn's grammar and deductions for deconvolution (i* is the small
// side), KernelForge's tags, the canonical round trip, every line of benchdnn's deconv shape
// files, the framework constructors, and the message of every validation rule.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "dsl/deconv_desc.h"
#include "dsl/input_error.h"

namespace kf {
namespace deconv_parse_test {

// Field and message of the InputError that `f` throws.
template <typename F>
InputError error_of(F f) {
  try {
    f();
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "no InputError";
  return InputError("", "");
}

void expect_error(const std::string& text, const std::string& field, const std::string& part) {
  const InputError e = error_of([&] { parse_deconv(text); });
  EXPECT_EQ(e.field(), field) << text << ": " << e.what();
  EXPECT_NE(e.rule().find(part), std::string::npos) << text << ": " << e.what();
}

TEST(DeconvParseTest, DeducesTheOutputLikeBenchdnn) {
  // o = (i-1)*s + (k-1)*(d+1) - 2p + 1 = 7*2 + 3 - 2 + 1 = 16.
  const DeconvDesc d = parse_deconv("mb1ic256ih8oc128kh4sh2ph1");
  EXPECT_EQ(d.spatial_rank, 2);
  EXPECT_EQ(d.out[0], 16);
  EXPECT_EQ(d.out[1], 16);
  EXPECT_EQ(d.pad_end[1], 1);
  EXPECT_EQ(d.layout, Layout::kNHWC);
  EXPECT_EQ(d.weights, DeconvWeights::kTensorFlow);
}

TEST(DeconvParseTest, DeducesThePadAndAnOddOutputPadding) {
  // o 56 from i 28, k1, s2: p = (27*2 - 56 + 1) / 2 = 0 (truncated), pad_end = 55 - 56 = -1.
  const DeconvDesc d = parse_deconv("mb1ic256ih28oc512oh56kh1sh2");
  EXPECT_EQ(d.pad_begin[1], 0);
  EXPECT_EQ(d.pad_end[1], -1);
}

TEST(DeconvParseTest, TagsAndRoundTrip) {
  const DeconvDesc d =
      parse_deconv("g2mb3ic4id3ih5iw6oc6kd2kh3kw3sd2sh2sw3ph1dw1_nchw_bia_relu_n\"x:y\"");
  EXPECT_EQ(d.weights, DeconvWeights::kPyTorch);
  EXPECT_TRUE(d.bias);
  EXPECT_TRUE(d.relu);
  EXPECT_EQ(d.name, "x:y");
  EXPECT_EQ(parse_deconv(to_string(d)), d);
  EXPECT_EQ(parse_deconv("mb1ic2iw3oc4kw3_wpt").weights, DeconvWeights::kPyTorch);
  // Grouped NHWC defaults to PyTorch weights (TensorFlow has no groups).
  EXPECT_EQ(parse_deconv("g2mb1ic2iw3oc4kw3").weights, DeconvWeights::kPyTorch);
}

TEST(DeconvParseTest, TensorFlowTags) {
  const DeconvDesc same = parse_deconv("mb1ic1iw2oc1ow3kw3sw2_same");
  EXPECT_EQ(same.pad_begin[0], 1);
  EXPECT_EQ(same.pad_end[0], 1);
  EXPECT_EQ(parse_deconv("mb1ic1iw2oc1kw3sw2_same").out[0], 4);   // Keras: in * s
  EXPECT_EQ(parse_deconv("mb1ic1iw2oc1kw3sw2_valid").out[0], 5);  // (in-1)*s + extent
  expect_error("mb1ic1iw2oc1ow5kw3sw2_same", "ow", "[3, 4]");
  expect_error("mb1ic1iw2oc1ow7kw3sw2_valid", "ow", "[5, 6]");
  expect_error("mb1ic1iw2oc1ow4kw3sw2pw1_same", "pw", "padding tag");
}

TEST(DeconvParseTest, EveryBenchdnnShapeLineParses) {
  for (const char* file : {"shapes_1d", "shapes_2d", "shapes_3d"}) {
    std::ifstream in(std::string(KF_SHAPES_DIR) + "/deconv/" + file);
    ASSERT_TRUE(in) << file;
    std::string line;
    int parsed = 0;
    while (std::getline(in, line)) {
      const size_t hash = line.find('#');
      if (hash != std::string::npos) line.resize(hash);
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      try {
        const DeconvDesc d = parse_deconv(line);
        EXPECT_EQ(parse_deconv(to_string(d)), d) << line;
        ++parsed;
      } catch (const InputError& e) {
        ADD_FAILURE() << file << ": " << line << ": " << e.what();
      }
    }
    EXPECT_GT(parsed, 0) << file;
  }
  // A known line: ic8iw5oc8ow2kw3pw3dw2 has dilation 3, extent 7: pad_end = 4 + 7 - 2 - 3 = 6.
  const DeconvDesc d = parse_deconv("ic8iw5oc8ow2kw3pw3dw2n\"deconv1d:1\"");
  EXPECT_EQ(d.pad_end[0], 6);
  EXPECT_EQ(d.mb, 2);
}

TEST(DeconvParseTest, EveryRuleHasItsMessage) {
  expect_error("", "descriptor", "empty");
  expect_error("mb1ic2 iw3oc4kw3", "descriptor", "whitespace");
  expect_error("mb1ic2iw3oc4kw3xx1", "descriptor", "unknown entry");
  expect_error("mb1ic2iw3iw4oc4kw3", "descriptor", "given twice");
  expect_error("mb1ic2iw3oc4kw3_bia_bia", "descriptor", "given twice");
  expect_error("mb1ic2iw3oc4kw3_nchw_nhwc", "descriptor", "layout given twice");
  expect_error("mb1ic2iw3oc4kw3_n\"abc", "descriptor", "unterminated");
  expect_error("mb1ic2iw3oc4kw3iw99999999999", "descriptor", "too large");
  expect_error("mb1ic2iw3oc4kw", "descriptor", "decimal number");
  expect_error("mb1iw3oc4kw3", "ic", "missing");
  expect_error("mb1ic2iw3kw3", "oc", "missing");
  expect_error("mb1ic2oc4", "ih", "missing");
  expect_error("mb1ic2iw3oc4", "kw", "missing");
  expect_error("mb1ic2iw0oc4kw3", "iw", "positive");
  expect_error("mb0ic2iw3oc4kw3", "mb", "positive");
  expect_error("g3mb1ic2iw3oc3kw3_wpt", "g", "not divisible");
  expect_error("g2mb1ic2iw3oc4kw3_wtf", "g", "TensorFlow weights");
  expect_error("mb1ic2iw3oc4kw3pw3", "pw", "leaves no output");
  expect_error("mb1ic2iw3oc4ow9kw3", "ow", "larger than");
  // o 7 = full 7 + 1: pad_end -1 would need output padding 1 >= max(s1, d1).
  expect_error("mb1ic2iw5oc4ow8kw3pw0", "ow", "-max(sw, dilation)");
  expect_error("mb1ic2iw3oc4kw3_n\"a*2*3\"", "n", "must not end");
  const InputError multiplicity = error_of([] { parse_deconv("mb1ic2iw3oc4kw3_n\"a*0\""); });
  EXPECT_EQ(multiplicity.field(), "n");
  auto [desc, count] = parse_deconv_entry("mb1ic2iw3oc4kw3_n\"layer*3\"");
  EXPECT_EQ(count, 3);
  EXPECT_EQ(desc.name, "layer");
}

TEST(DeconvParseTest, ValidateChecksTheOutputFormula) {
  DeconvDesc d = parse_deconv("mb1ic2iw3oc4kw3");
  d.out[0] = 6;
  const InputError e = error_of([&] { validate(d); });
  EXPECT_EQ(e.field(), "ow");
  EXPECT_NE(e.rule().find("= 5"), std::string::npos) << e.what();
  d = parse_deconv("mb1ic2iw3oc4kw3");
  d.pad_begin[0] = -1;
  EXPECT_EQ(error_of([&] { validate(d); }).field(), "pw");
  d = parse_deconv("mb1ic2iw3oc4kw3");
  d.spatial_rank = 4;
  EXPECT_EQ(error_of([&] { validate(d); }).field(), "descriptor");
  d = parse_deconv("mb1ic2iw3oc4kw3");
  d.name = "a b";
  EXPECT_EQ(error_of([&] { validate(d); }).field(), "n");
}

TEST(DeconvParseTest, FrameworkConstructorErrors) {
  PyTorchDeconvArgs p;
  p.spatial_rank = 1;
  p.in_channels = p.out_channels = 1;
  p.in[0] = 4;
  p.kernel[0] = 3;
  p.stride[0] = 2;
  p.output_padding[0] = 2;
  InputError e = error_of([&] { deconv_from_pytorch(p); });
  EXPECT_EQ(e.field(), "output_padding");
  EXPECT_NE(e.rule().find("max(stride, dilation) = 2"), std::string::npos) << e.what();
  p.output_padding[0] = 1;
  EXPECT_EQ(deconv_from_pytorch(p).out[0], 3 * 2 + 2 + 1 + 1);
  p.dilation[0] = 3;  // output_padding < max(stride, dilation) = 3 allows 2
  p.output_padding[0] = 2;
  EXPECT_EQ(deconv_from_pytorch(p).pad_end[0], -2);

  TfDeconvArgs t;
  t.spatial_rank = 2;
  t.in_channels = t.out_channels = 1;
  t.in = {3, 3, 0};
  t.kernel = {4, 4, 0};
  t.stride = {2, 2, 1};
  t.output_shape = {6, 8, 0};
  e = error_of([&] { deconv_from_tensorflow(t); });
  EXPECT_EQ(e.field(), "output_shape");
  EXPECT_NE(e.rule().find("[5, 6]"), std::string::npos) << e.what();
  t.output_shape = {5, 6, 0};
  const DeconvDesc d = deconv_from_tensorflow(t);
  // SAME k4 s2 i3: out 6 -> total (2*2 + 4 - 6) = 2 -> 1, 1; out 5 -> 3 -> 1, 2.
  EXPECT_EQ(d.pad_begin[1], 1);
  EXPECT_EQ(d.pad_end[1], 1);
  EXPECT_EQ(d.pad_begin[0], 1);
  EXPECT_EQ(d.pad_end[0], 2);
  EXPECT_EQ(d.weights, DeconvWeights::kTensorFlow);
}

TEST(DeconvParseTest, OpInterface) {
  std::unique_ptr<OpDesc> op = parse_op("deconv", "mb1ic3ih4oc5kh3sh2_bia");
  EXPECT_EQ(op->op(), "deconv");
  EXPECT_EQ(op->inputs().size(), 3u);
  EXPECT_EQ(op->inputs()[1].layout, "HWOI");
  EXPECT_EQ(op->output().shape, (std::vector<int64_t>{1, 9, 9, 5}));
  op->set_layout("nchw");
  EXPECT_EQ(op->inputs()[1].layout, "IOHW");
  EXPECT_EQ(op->inputs()[1].shape, (std::vector<int64_t>{3, 5, 3, 3}));
  EXPECT_EQ(parse_op("conv", op->key())->key(), op->key());
  EXPECT_EQ(error_of([&] { op->set_layout("nwhc"); }).field(), "--layout");
  // flops count only taps that land inside the output: k3 s2 p0 on 4 -> 12 of 12 per dim.
  EXPECT_DOUBLE_EQ(op->flops(), 2.0 * 5 * 3 * 12 * 12);
}

}  // namespace deconv_parse_test
}  // namespace kf
