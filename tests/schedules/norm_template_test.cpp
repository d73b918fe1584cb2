// Norm schedule templates (norm_affine, norm_rows, norm_groups) against the naive reference.
//
// NormTemplateTest is value-parameterised over small odd shapes of every norm op in both
// layouts and ranks 0-3 (tails everywhere: channels and rows that fill no vector). For each
// shape, the applicable template's baseline and a few seeded random configs of its knob space
// are compiled through one JitSession shared by the binary and checked with Problem. Plain tests
// cover the registry and schedule_op's checks.
#include "schedules/norm_template.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>

#include "autotune/problem.h"
#include "autotune/tuner.h"
#include "dsl/input_error.h"
#include "dsl/norm_desc.h"
#include "jit/jit_session.h"
#include "tests/support/relative_error.h"
#include "tests/support/shared_jit_session.h"

namespace kf {
namespace norm_template_test {

constexpr int kRandomConfigs = 2;

struct Shape {
  const char* op;
  const char* text;
  const char* name;
};

class NormTemplateTest : public testing::TestWithParam<Shape> {};

void check(const OpDesc& desc, const Template& tmpl, const Config& config) {
  JitSession& session = test::shared_session();
  const std::string label =
      tmpl.name() + " {" + tmpl.knob_space(desc, session.kernel_target()).encode(config) + "}";
  llvm::Expected<OpKernel> kernel = compile_config(session, desc, tmpl, config);
  ASSERT_TRUE(static_cast<bool>(kernel)) << label << ": " << llvm::toString(kernel.takeError());
  Problem problem(desc, 3);
  problem.poison_output();
  std::vector<halide_buffer_t*> buffers = problem.buffers();
  ASSERT_EQ(kernel->run(buffers.data(), static_cast<int>(buffers.size())), 0) << label;
  EXPECT_LE(problem.max_error(), problem.tolerance()) << label << " on " << desc.to_string();
}

TEST_P(NormTemplateTest, BaselineAndSampledConfigsMatchReference) {
  const std::unique_ptr<OpDesc> desc = parse_op(GetParam().op, GetParam().text);
  const std::vector<const Template*> templates = templates_for(*desc);
  ASSERT_EQ(templates.size(), 1u);
  const Template& tmpl = *templates[0];
  const Halide::Target& target = test::shared_session().kernel_target();
  check(*desc, tmpl, tmpl.baseline(*desc, target));
  std::mt19937_64 rng(std::hash<std::string>()(GetParam().text));
  const KnobSpace space = tmpl.knob_space(*desc, target);
  for (int i = 0; i < kRandomConfigs; ++i) check(*desc, tmpl, space.sample(rng));
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, NormTemplateTest,
    testing::Values(Shape{"bnorm", "mb2ic13ih5iw7", "BnormN2C13H5W7Nhwc"},
                    Shape{"bnorm", "mb2ic13ih5iw7_nchw", "BnormN2C13H5W7Nchw"},
                    Shape{"bnorm", "mb1ic5id3ih2iw3_nchw", "BnormN1C5D3H2W3Nchw"},
                    Shape{"bnorm", "mb3ic17", "BnormN3C17"},
                    Shape{"lnorm", "7x3x33", "Lnorm7x3x33"},
                    Shape{"lnorm", "4x5x6x7_nd3", "Lnorm4x5x6x7Nd3"},
                    Shape{"lnorm", "3x16x32_eps1e-5", "Lnorm3x16x32"},
                    Shape{"lnorm", "33", "Lnorm33"}, Shape{"rmsnorm", "9x37", "Rms9x37"},
                    Shape{"rmsnorm", "3x2x64_nd2", "Rms3x2x64Nd2"},
                    Shape{"gnorm", "g2mb2ic6ih3iw5", "GnormG2N2C6H3W5Nhwc"},
                    Shape{"gnorm", "g2mb2ic6ih3iw5_nchw", "GnormG2N2C6H3W5Nchw"},
                    Shape{"gnorm", "g5mb2ic10id3ih1iw10_nchw", "GnormG5N2C10D3H1W10Nchw"},
                    Shape{"gnorm", "g1mb2ic2iw4", "GnormG1N2C2W4Nhwc"},
                    Shape{"gnorm", "g2mb2ic4iw19_nchw", "GnormG2N2C4W19Nchw"},
                    Shape{"inorm", "mb3ic5id2ih3iw5_nchw", "InormN3C5D2H3W5Nchw"},
                    Shape{"inorm", "mb2ic16ih3iw4", "InormN2C16H3W4Nhwc"}),
    [](const testing::TestParamInfo<Shape>& info) { return std::string(info.param.name); });

TEST(NormTemplates, RegistryAndScheduleChecks) {
  const Halide::Target& target = test::kernel_target();
  for (const char* name : {"norm_affine", "norm_rows", "norm_groups"}) {
    ASSERT_NE(find_template(name), nullptr) << name;
  }
  const std::unique_ptr<OpDesc> bnorm = parse_op("bnorm", "mb2ic3");
  const Template& rows = *find_template("norm_rows");
  EXPECT_FALSE(rows.applicable(*bnorm));
  try {
    schedule_op(*bnorm, rows, Config{{8, 1, 1, 0, 0}}, target);
    ADD_FAILURE() << "norm_rows scheduled a bnorm";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "template");
  }
  const std::unique_ptr<OpDesc> rms = parse_op("rmsnorm", "4x8");
  try {
    schedule_op(*rms, rows, Config{{8, 1, 1, 0, 0}}, target);  // two-pass is not an RMS variant
    ADD_FAILURE() << "two-pass statistics accepted for rmsnorm";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "knobs");
  }
}

// The config `tmpl` takes for `desc` with streaming stores on (the baseline otherwise).
Config streaming_config(const OpDesc& desc, const Template& tmpl, const Halide::Target& target) {
  const KnobSpace space = tmpl.knob_space(desc, target);
  Config config = tmpl.baseline(desc, target);
  for (size_t i = 0; i < space.knobs().size(); ++i) {
    if (space.knobs()[i].name == "stream_stores") config.values[i] = 1;
  }
  return config;
}

// Batch norm with streaming stores: correct on an aligned output (full-vector streaming stores
// where the channels fill vectors, narrower pieces on the odd shape), correct through the cached
// fallback kernel on an output one float off alignment, and refused there without it.
TEST(NormTemplates, StreamingStoresAlignedAndUnalignedOutputs) {
  JitSession& session = test::shared_session();
  const Template& affine = *find_template("norm_affine");
  for (const char* text : {"mb2ic32ih3iw5", "mb2ic3ih8iw8_nchw", "mb2ic13ih5iw7"}) {
    SCOPED_TRACE(text);
    const std::unique_ptr<OpDesc> desc = parse_op("bnorm", text);
    const Config config = streaming_config(*desc, affine, session.kernel_target());
    ASSERT_TRUE(affine.streams_output(*desc, config));
    EXPECT_EQ(schedule_op(*desc, affine, config, session.kernel_target()).output_alignment,
              kStreamingAlignment);
    llvm::Expected<OpKernel> kernel = compile_config(session, *desc, affine, config);
    ASSERT_TRUE(static_cast<bool>(kernel)) << llvm::toString(kernel.takeError());
    EXPECT_EQ(kernel->output_alignment(), kStreamingAlignment);

    Problem problem(*desc, 5);
    problem.poison_output();
    std::vector<halide_buffer_t*> buffers = problem.buffers();
    const int count = static_cast<int>(buffers.size());
    ASSERT_EQ(kernel->run(buffers.data(), count), 0);
    EXPECT_LE(problem.max_error(), problem.tolerance());

    // The same output shape, one float past an aligned address.
    const halide_buffer_t& output = *buffers.back();
    const size_t elements = problem.reference().size();
    Halide::Runtime::Buffer<float> storage(static_cast<int>(elements + 1));
    storage.fill(std::nanf(""));
    Halide::Runtime::Buffer<float> shifted(storage.data() + 1, output.dimensions, output.dim);
    buffers.back() = shifted.raw_buffer();
    ASSERT_EQ(kernel->run(buffers.data(), count), 0);
    EXPECT_LE(test::max_relative_error(problem.reference(), storage.data() + 1),
              problem.tolerance());

    llvm::Expected<OpKernel> refusing =
        compile_config(session, *desc, affine, config, UnalignedOutputs::kRefuse);
    ASSERT_TRUE(static_cast<bool>(refusing)) << llvm::toString(refusing.takeError());
    EXPECT_EQ(refusing->run(buffers.data(), count), OpKernel::kUnalignedOutput);
  }
}

}  // namespace norm_template_test
}  // namespace kf
