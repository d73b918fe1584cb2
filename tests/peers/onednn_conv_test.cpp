// oneDNN as an independent second opinion on convolution semantics: for a sample of every shared
// benchdnn conv list (1D, 2D, 3D, dilated, grouped, depthwise) at mb1, oneDNN's output must agree
// with our naive reference, and our tuned-template kernel (the baseline schedule) must too. The
// three layouts (NHWC, NCHW, blocked nChw16c), bias, ReLU and clamp are covered across the sample.
#include "bench/peers/onednn_conv.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "autotune/problem.h"
#include "autotune/tuner.h"
#include "jit/jit_session.h"
#include "schedules/conv_template.h"
#include "tests/support/shared_jit_session.h"

namespace kf {
namespace onednn_conv_test {

// Up to `count` of the cheapest workloads of a shared list at mb1, cycling through the layouts
// (NHWC, NCHW, blocked nChw16c) and
// adding bias/ReLU to some, so one sample exercises every variant.
std::vector<ConvDesc> sample(const std::string& file, size_t count) {
  std::vector<ConvDesc> all;
  for (const ShapeEntry& e :
       read_conv_shape_file(std::string(KF_SHAPES_DIR) + "/conv/" + file, 1)) {
    all.push_back(e.desc);
  }
  std::stable_sort(all.begin(), all.end(),
                   [](const ConvDesc& a, const ConvDesc& b) { return a.flops() < b.flops(); });
  all.resize(std::min(count, all.size()));
  for (size_t i = 0; i < all.size(); ++i) {
    static const Layout kLayouts[] = {Layout::kNHWC, Layout::kNCHW, Layout::kNCHW16c};
    all[i].layout = kLayouts[i % 3];
    // Grouped layers need whole output blocks in nChw16c (validate()).
    if (all[i].layout == Layout::kNCHW16c && all[i].groups > 1 && all[i].oc % 16 != 0) {
      all[i].layout = Layout::kNCHW;
    }
    all[i].bias = i % 3 != 0;
    all[i].activation = i % 4 == 1   ? Activation::kRelu
                        : i % 4 == 3 ? Activation::kClamp
                                     : Activation::kNone;
    all[i].clamp_min = -0.5f;  // tight bounds, so that clamping bites on random data
    all[i].clamp_max = 0.5f;
  }
  return all;
}

class OnednnConvAgreement : public ::testing::TestWithParam<std::string> {};

TEST_P(OnednnConvAgreement, OnednnReferenceAndOurKernelAgree) {
  for (const ConvDesc& desc : sample(GetParam(), 4)) {
    SCOPED_TRACE(to_string(desc));
    ConvProblem problem(desc);
    auto onednn = peers::OnednnConv::create(problem, 1, peers::OnednnAlgorithm::kDirect);
    ASSERT_NE(onednn, nullptr) << "oneDNN has no direct implementation";
    EXPECT_LE(onednn->check(), problem.tolerance()) << "oneDNN disagrees with the reference";

    const Template& tmpl = *templates_for(desc).at(0);
    llvm::Expected<OpKernel> kernel =
        compile_config(test::shared_session(), desc, tmpl,
                       tmpl.baseline(desc, test::shared_session().kernel_target()));
    ASSERT_TRUE(bool(kernel)) << llvm::toString(kernel.takeError());
    problem.poison_output();
    std::vector<halide_buffer_t*> buffers = problem.buffers();
    if (kernel->needs_prepare()) {
      ASSERT_EQ(kernel->prepare(buffers.data(), static_cast<int>(buffers.size())), 0);
    }
    ASSERT_EQ(kernel->run(buffers.data(), static_cast<int>(buffers.size())), 0);
    EXPECT_LE(problem.max_error(), problem.tolerance()) << "our kernel disagrees";
  }
}

INSTANTIATE_TEST_SUITE_P(SharedLists, OnednnConvAgreement,
                         ::testing::Values("shapes_1d", "shapes_3d", "shapes_basic",
                                           "shapes_dilated", "shapes_mobilenet_dw"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param.substr(7);
                         });

}  // namespace onednn_conv_test
}  // namespace kf
