// ConvDesc as an OpDesc: its tensors, reference, tolerance and batch override.
#include <memory>

#include "dsl/conv_desc.h"
#include "dsl/conv_reference.h"
#include "dsl/input_error.h"

namespace kf {

namespace {

std::string activation_layout(const ConvDesc& d) {
  static const char* kNhwc[] = {"", "NWC", "NHWC", "NDHWC"};
  static const char* kNchw[] = {"", "NCW", "NCHW", "NCDHW"};
  static const char* kBlocked[] = {"", "nCw16c", "nChw16c", "nCdhw16c"};
  if (d.layout == Layout::kNCHW16c) return kBlocked[d.spatial_rank];
  return d.layout == Layout::kNHWC ? kNhwc[d.spatial_rank] : kNchw[d.spatial_rank];
}

std::string weight_layout(const ConvDesc& d) {
  static const char* kHwio[] = {"", "WIO", "HWIO", "DHWIO"};
  static const char* kOihw[] = {"", "OIW", "OIHW", "OIDHW"};
  return d.layout == Layout::kNHWC ? kHwio[d.spatial_rank] : kOihw[d.spatial_rank];
}

}  // namespace

std::string ConvDesc::to_string() const { return kf::to_string(*this); }

void ConvDesc::set_batch(int64_t batch) {
  mb = batch;
  validate(*this);
}

void ConvDesc::set_layout(const std::string& text) {
  if (text == "nhwc") {
    layout = Layout::kNHWC;
  } else if (text == "nchw") {
    layout = Layout::kNCHW;
  } else if (text == "nchw16c") {
    layout = Layout::kNCHW16c;
  } else {
    throw InputError("--layout",
                     "must be nhwc, nchw or nchw16c (channels last, first or "
                     "blocked by 16), got '" +
                         text + "'");
  }
  validate(*this);
}

std::vector<TensorSpec> ConvDesc::inputs() const {
  std::vector<TensorSpec> specs = {{"input", input_shape(), activation_layout(*this)},
                                   {"weights", weight_shape(), weight_layout(*this)}};
  if (bias) specs.push_back({"bias", {oc}, "[oc]"});
  return specs;
}

TensorSpec ConvDesc::output() const { return {"output", output_shape(), activation_layout(*this)}; }

void ConvDesc::reference(const std::vector<const float*>& inputs, float* output) const {
  conv_reference(*this, inputs.at(0), inputs.at(1), bias ? inputs.at(2) : nullptr, output);
}

double ConvDesc::tolerance() const {
  int64_t reduction = ic / groups;
  for (int i = 0; i < spatial_rank; ++i) reduction *= kernel[i];
  // f32 accumulation of `reduction` products in any order: a few ulps per term, relative to
  // (1 + |result|), plus slack for the bias add.
  return 1e-5 + 2e-7 * static_cast<double>(reduction);
}

}  // namespace kf
