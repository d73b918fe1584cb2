// The two statistics variants of the normalisation templates, two-pass and one-pass (Welford
// updates per partition, combined by Chan's formula), on data whose mean is large against its
// spread: 1000 + U[-1, 1], as activations after a bias or in unnormalised images are. The
// sum-of-squares shortcut (E[x^2] - E[x]^2) cancels to noise there (the f32 ulp of the mean
// square, 1e6, is 0.06 while the variance is 0.33); both variants must stay within 1e-3 of a
// double-precision reference. Shapes leave tail partitions (rows of 1000 and 33, planes 19
// wide) and cover rows, NHWC and NCHW channel statistics.
#include <HalideBuffer.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "autotune/problem.h"
#include "autotune/tuner.h"
#include "dsl/norm_desc.h"
#include "schedules/norm_template.h"
#include "tests/support/shared_jit_session.h"

namespace kf {
namespace norm_statistics_test {

struct StatisticsCase {
  const char* op;
  const char* text;
  const char* name;
};

class NormStatisticsTest : public testing::TestWithParam<StatisticsCase> {};

// Largest |out - ref| / (1 + |ref|) of the template's kernel with statistics `variant` on
// offset data.
double offset_data_error(const NormDesc& desc, const NormTemplate& tmpl, int variant) {
  JitSession& session = test::shared_session();
  const Halide::Target& target = session.kernel_target();
  const KnobSpace space = tmpl.knob_space(desc, target);
  Config config = tmpl.baseline(desc, target);
  config.values[space.index_of("statistics")] = variant;
  EXPECT_EQ(tmpl.statistics(config), static_cast<NormStatistics>(variant));
  llvm::Expected<OpKernel> kernel = compile_config(session, desc, tmpl, config);
  if (!kernel) {
    ADD_FAILURE() << llvm::toString(kernel.takeError());
    return INFINITY;
  }
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<float> unit(-1.0f, 1.0f);
  std::vector<Halide::Runtime::Buffer<float>> inputs;
  std::vector<const float*> data;
  std::vector<halide_buffer_t*> buffers;
  const std::vector<TensorSpec> specs = desc.inputs();
  for (size_t i = 0; i < specs.size(); ++i) {
    inputs.push_back(make_dense_buffer(specs[i].shape));
    const float offset = i == 0 ? 1000.0f : 0.0f;  // the input; gamma and beta near zero
    for (float& v : inputs.back()) v = offset + unit(rng);
  }
  for (auto& b : inputs) {
    data.push_back(b.data());
    buffers.push_back(b.raw_buffer());
  }
  Halide::Runtime::Buffer<float> output = make_dense_buffer(desc.output().shape);
  buffers.push_back(output.raw_buffer());
  EXPECT_EQ(kernel->run(buffers.data(), static_cast<int>(buffers.size())), 0);
  std::vector<float> reference(output.number_of_elements());
  desc.reference(data, reference.data());
  double worst = 0;
  for (size_t i = 0; i < reference.size(); ++i) {
    const double error = std::abs(output.data()[i] - reference[i]) / (1 + std::abs(reference[i]));
    worst = std::isnan(error) ? INFINITY : std::max(worst, error);
  }
  return worst;
}

TEST_P(NormStatisticsTest, TwoPassAndWelfordAreStableOnLargeMeans) {
  const std::unique_ptr<OpDesc> parsed = parse_op(GetParam().op, GetParam().text);
  const auto& desc = dynamic_cast<const NormDesc&>(*parsed);
  const std::vector<const NormTemplate*> templates = norm_templates_for(desc);
  ASSERT_EQ(templates.size(), 1u);
  const NormTemplate& tmpl = *templates[0];
  for (const int variant : {0, 1}) {
    EXPECT_LE(offset_data_error(desc, tmpl, variant), 1e-3)
        << tmpl.name() << (variant ? " Welford" : " two-pass") << " on " << desc.to_string();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, NormStatisticsTest,
    testing::Values(StatisticsCase{"lnorm", "5x1000", "Lnorm5x1000"},
                    StatisticsCase{"lnorm", "3x4x7x33_nd3", "Lnorm3x4x7x33Nd3"},
                    StatisticsCase{"lnorm", "6x3", "Lnorm6x3"},
                    StatisticsCase{"gnorm", "g2mb2ic6ih5iw19_nchw", "GnormNchwTailPartitions"},
                    StatisticsCase{"gnorm", "g3mb2ic24id2ih3iw5", "GnormNhwc3d"},
                    StatisticsCase{"inorm", "mb2ic5ih4iw37_nchw", "InormNchw"}),
    [](const testing::TestParamInfo<StatisticsCase>& info) {
      return std::string(info.param.name);
    });

TEST(NormStatistics, WelfordPartitionsFitTheSlice) {
  const Halide::Target& target = test::kernel_target();
  const std::unique_ptr<OpDesc> rows = parse_op("lnorm", "4x6");
  const auto& row_desc = dynamic_cast<const NormDesc&>(*rows);
  const NormTemplate& norm_rows = *norm_templates_for(row_desc).at(0);
  // A 6-element row takes at most 4 partitions (a power of two that fits), so a step is whole.
  EXPECT_EQ(norm_rows.welford_partitions(row_desc, norm_rows.baseline(row_desc, target)), 4);
  const std::unique_ptr<OpDesc> nhwc = parse_op("gnorm", "g2mb1ic8ih3iw3");
  const auto& nhwc_desc = dynamic_cast<const NormDesc&>(*nhwc);
  const NormTemplate& groups = *norm_templates_for(nhwc_desc).at(0);
  // NHWC: the channels are the vectors, one running partition per channel.
  EXPECT_EQ(groups.welford_partitions(nhwc_desc, groups.baseline(nhwc_desc, target)), 1);
}

}  // namespace norm_statistics_test
}  // namespace kf
