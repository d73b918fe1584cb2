// make_generic_resize_conv_pipeline: run-time upsampling as the source of the generic
// convolution, and the generic convolution's schedule.
#include "schedules/resize_conv_generic_schedule.h"

#include <string>

#include "dsl/resize_conv_algorithm.h"
#include "schedules/conv_generic_schedule.h"

namespace kf {

using Halide::Expr;
using Halide::Var;

std::vector<Halide::Argument> GenericResizeConvPipeline::arguments() const {
  std::vector<Halide::Argument> result = {input};
  for (const Halide::Argument& a : conv.arguments()) result.push_back(a);
  for (const Halide::Param<int32_t>& f : factors) result.push_back(f);
  return result;
}

GenericResizeConvPipeline make_generic_resize_conv_pipeline(Layout layout, ResizeMode mode,
                                                            const Halide::Target& target) {
  constexpr int kRank = 3;
  const bool nhwc = layout == Layout::kNHWC;
  GenericResizeConvPipeline result;
  result.input = Halide::ImageParam(Halide::Float(32), kRank + 2, "generic_resize_input");
  static const char* kNames[kRank] = {"w", "h", "d"};
  std::vector<Var> args;
  const Var c("gu_c"), n("gu_n");
  if (nhwc) args.push_back(c);
  for (int i = 0; i < kRank; ++i) args.push_back(Var(std::string("gu_") + kNames[i]));
  if (!nhwc) args.push_back(c);
  args.push_back(n);
  std::vector<Expr> factors, small, upsampled_extents;
  for (int i = 0; i < kRank; ++i) {
    result.factors.emplace_back(std::string("generic_resize_factor_") + kNames[i], 1);
    factors.push_back(result.factors.back());
    small.push_back(result.input.dim(nhwc ? 1 + i : i).extent());
    upsampled_extents.push_back(small.back() * factors.back());
  }
  const Halide::Func upsampled =
      upsample(result.input, layout, kRank, mode, factors, small, args, "generic_upsampled");
  result.conv = make_generic_conv_algorithm(layout, upsampled, upsampled_extents);
  schedule_generic_conv(result.conv, target);
  result.pipeline = Halide::Pipeline(result.conv.output);
  return result;
}

}  // namespace kf
