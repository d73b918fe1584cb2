// NormDesc parsing, printing and validation: benchdnn's bnorm/gnorm/lnorm grammars with our tags
// and option words, every line of the shared shape lists, and the message of every rule.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "dsl/input_error.h"
#include "dsl/norm_desc.h"
#include "dsl/op_desc.h"

namespace kf {
namespace norm_parse_test {

// Runs `body`, expecting an InputError whose field is `field` and whose rule contains `part`.
template <typename Body>
void expect_error(const Body& body, const std::string& field, const std::string& part) {
  try {
    body();
    ADD_FAILURE() << "no InputError (wanted field " << field << ")";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), field) << e.what();
    EXPECT_NE(e.rule().find(part), std::string::npos) << e.what();
  }
}

void expect_parse_error(NormKind kind, const std::string& text, const std::string& field,
                        const std::string& part) {
  expect_error([&] { parse_norm(kind, text); }, field, part);
}

TEST(NormParse, BnormDefaultsAndImplicitSpatial) {
  int multiplicity = 0;
  const NormDesc d = parse_norm(NormKind::kBatch,
                                "mb50_ic256_ih56iw56_n\"resnet_50:bn2a_branch1*4\"", &multiplicity);
  EXPECT_EQ(d.mb, 50);
  EXPECT_EQ(d.ic, 256);
  EXPECT_EQ(d.spatial_rank, 2);
  EXPECT_EQ(d.spatial[0], 56);
  EXPECT_EQ(d.layout, NormLayout::kNHWC);
  EXPECT_EQ(d.epsilon, 1.0 / 16);
  EXPECT_EQ(d.name, "resnet_50:bn2a_branch1");
  EXPECT_EQ(multiplicity, 4);
  const NormDesc cube = parse_norm(NormKind::kBatch, "ic3id5_nchw");
  EXPECT_EQ(cube.mb, 2);
  EXPECT_EQ(cube.spatial_rank, 3);
  EXPECT_EQ(cube.input_shape(), (std::vector<int64_t>{2, 3, 5, 5, 5}));
  EXPECT_EQ(parse_norm(NormKind::kBatch, "mb2ic16").spatial_rank, 0);
}

TEST(NormParse, RoundTripsEveryKind) {
  const std::pair<NormKind, const char*> cases[] = {
      {NormKind::kBatch, "mb2ic13_ih5iw7_nchw_eps1e-05_n\"x\""},
      {NormKind::kGroup, "g2mb2ic8ih3iw4_eps0.001"},
      {NormKind::kInstance, "mb3ic5id2ih3iw5_nchw"},
      {NormKind::kLayer, "4x5x6x7_nd3_eps1e-5"},
      {NormKind::kRms, "9x37_n\"rms\""},
  };
  for (const auto& [kind, text] : cases) {
    const NormDesc d = parse_norm(kind, text);
    const NormDesc again = parse_norm(kind, to_string(d));
    EXPECT_EQ(d, again) << text << " -> " << to_string(d);
    EXPECT_EQ(parse_op(d.op(), d.to_string())->key(), d.key());
  }
  EXPECT_EQ(to_string(parse_norm(NormKind::kLayer, "30x300")), "30x300_nd1_eps0.0625");
  EXPECT_EQ(parse_norm(NormKind::kLayer, "4x5x6x7_nd3_eps1e-5").epsilon, 1e-5);
  EXPECT_EQ(parse_norm(NormKind::kInstance, "mb3ic5id2").groups, 5);
}

TEST(NormParse, OptionWords) {
  const NormDesc ntc = parse_norm(NormKind::kLayer, "--tag=ntc --stat_tag=any,undef 64x30x512");
  EXPECT_EQ(ntc.dims, (std::vector<int64_t>{30, 64, 512}));  // ntc memory is a dense NxTxC
  EXPECT_EQ(parse_norm(NormKind::kBatch, "--tag=abx --dir=FWD_I --flags=GCH mb2ic3ih4").layout,
            NormLayout::kNCHW);
  EXPECT_EQ(parse_norm(NormKind::kGroup, "--tag=axb --flags=HC g1ic2iw4").layout,
            NormLayout::kNHWC);
  expect_parse_error(NormKind::kBatch, "--flags=GCHR mb2ic3", "--flags", "exactly flags GCH");
  expect_parse_error(NormKind::kBatch, "--dir=FWD_D mb2ic3", "--dir", "not supported");
  expect_parse_error(NormKind::kLayer, "--tag=aBx16b 2x3", "--tag", "not supported");
  expect_parse_error(NormKind::kLayer, "--tag=ntc 2x3", "--tag", "3-dim");
  expect_parse_error(NormKind::kLayer, "--inplace=true 2x3", "--inplace", "not supported");
  expect_parse_error(NormKind::kBatch, "--tag=axb mb2ic3ih4_nchw", "--tag", "contradicts");
  expect_parse_error(NormKind::kLayer, "2x3 4x5", "descriptor", "text after");
}

TEST(NormParse, MalformedText) {
  expect_parse_error(NormKind::kBatch, "", "descriptor", "empty");
  expect_parse_error(NormKind::kBatch, "g2mb2ic4", "descriptor", "unknown entry 'g2mb2ic4'");
  expect_parse_error(NormKind::kBatch, "mb2ic4ih", "descriptor", "needs a non-negative");
  expect_parse_error(NormKind::kBatch, "mb2ic4ic5", "descriptor", "given twice");
  expect_parse_error(NormKind::kBatch, "mb2ic4_epsx", "descriptor", "entry 'eps'");
  expect_parse_error(NormKind::kLayer, "2x3_foo", "descriptor", "unknown entry");
  expect_parse_error(NormKind::kLayer, "2xx3", "descriptor", "dim 1");
  expect_parse_error(NormKind::kLayer, "2x3_n\"open", "descriptor", "unterminated");
  expect_parse_error(NormKind::kLayer, "99999999999x3", "descriptor", "too large");
  expect_parse_error(NormKind::kBatch, "mb2", "ic", "missing");
  expect_error([] { parse_op("bnorm", "mb2ic3_n\"a\"*0"); }, "descriptor", "");
}

TEST(NormValidate, EveryRule) {
  expect_parse_error(NormKind::kBatch, "mb0ic3", "mb", "positive");
  expect_parse_error(NormKind::kBatch, "mb2ic0", "ic", "positive");
  expect_parse_error(NormKind::kBatch, "mb2ic3ih0", "ih", "positive");
  expect_parse_error(NormKind::kGroup, "g0mb2ic4", "g", "positive");
  expect_parse_error(NormKind::kGroup, "g3mb2ic4", "g", "must divide ic");
  expect_parse_error(NormKind::kInstance, "g2mb2ic4", "g", "must equal ic");
  expect_parse_error(NormKind::kBatch, "mb2ic3_eps0", "eps", "positive and finite");
  expect_parse_error(NormKind::kLayer, "2x0", "dim 1", "positive");
  expect_parse_error(NormKind::kLayer, "2x3_nd3", "nd", "between 1 and");
  expect_parse_error(NormKind::kLayer, "2x3_nd0", "nd", "between 1 and");
  expect_parse_error(NormKind::kLayer, "1x1x1x1x1x1x1", "dims", "1 to 6 dims");
  expect_parse_error(NormKind::kLayer, "65536x65536", "descriptor", "2^31 - 1 elements");
  NormDesc d = parse_norm(NormKind::kBatch, "mb2ic3");
  d.name = "a\x01b";
  expect_error([&] { validate(d); }, "n", "control characters");
  d.name = "x*2";
  expect_error([&] { validate(d); }, "n", "multiplicity");
  d.name.clear();
  d.groups = 3;
  expect_error([&] { validate(d); }, "g", "bnorm has no groups");
  expect_error([&] { d.set_batch(0); }, "mb", "positive");
  NormDesc ln = parse_norm(NormKind::kLayer, "2x3");
  expect_error([&] { ln.set_layout("nchw"); }, "--layout", "takes no layout");
  expect_error([&] { d.set_layout("ncdhw16c"); }, "--layout", "nhwc or nchw");
  expect_error([] { parse_op("bnorm", "mb2ic3_nchw_nhwc"); }, "descriptor", "given twice");
}

TEST(NormDescTensors, ShapesFlopsBytes) {
  const NormDesc bn = parse_norm(NormKind::kBatch, "mb2ic3ih4iw5_nchw");
  const std::vector<TensorSpec> in = bn.inputs();
  ASSERT_EQ(in.size(), 5u);
  EXPECT_EQ(in[0].shape, (std::vector<int64_t>{2, 3, 4, 5}));
  EXPECT_EQ(in[2].role, "variance");
  EXPECT_EQ(in[2].test_min, 0.0);
  EXPECT_EQ(bn.flops(), 2.0 * 120);
  EXPECT_EQ(bn.min_bytes(), 4.0 * (120 * 2 + 4 * 3));
  const NormDesc ln = parse_norm(NormKind::kLayer, "2x4x5x6_nd3");
  EXPECT_EQ(ln.inputs()[1].shape, (std::vector<int64_t>{4, 5, 6}));
  EXPECT_EQ(ln.reduction_size(), 120);
  EXPECT_EQ(ln.statistics_count(), 2);
  EXPECT_EQ(parse_norm(NormKind::kRms, "3x7").inputs().size(), 2u);
  const NormDesc gn = parse_norm(NormKind::kGroup, "g2mb3ic6ih2iw2");
  EXPECT_EQ(gn.reduction_size(), 12);
  EXPECT_EQ(gn.statistics_count(), 6);
  NormDesc resized = ln;
  resized.set_batch(7);
  EXPECT_EQ(resized.dims[0], 7);
}

// Every line of benchdnn's norm lists parses, or names what we do not support.
TEST(NormShapeFiles, EveryLineParsesOrIsRejectedClearly) {
  const std::pair<const char*, const char*> files[] = {
      {"bnorm", "bnorm/shapes_resnet_50"}, {"lnorm", "lnorm/shapes_ci"},
      {"gnorm", "gnorm/shapes_all"},       {"gnorm", "gnorm/shapes_ci"},
      {"lnorm", "lnorm/option_set_all"},
  };
  int parsed = 0;
  for (const auto& [op, file] : files) {
    const std::string path = std::string(KF_SHAPES_DIR) + "/" + file;
    EXPECT_FALSE(parse_op_list(op, path).empty()) << path;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
      const size_t hash = line.find(" #");
      if (hash != std::string::npos) line.resize(hash);
      if (line.find_first_not_of(" \t") == std::string::npos || line[0] == '#') continue;
      EXPECT_NO_THROW(parse_op(op, line)) << path << ": " << line;
      ++parsed;
    }
  }
  EXPECT_GT(parsed, 40);
  // Entries of other grammars are named in the error.
  expect_error([] { parse_op("gnorm", "g2mb2ic4oc4"); }, "descriptor", "unknown entry 'oc4'");
}

}  // namespace norm_parse_test
}  // namespace kf
