// forward_conv_of: the stride-1 transposed convolution as a forward convolution.
#include "dsl/deconv_as_conv.h"

#include "dsl/input_error.h"

namespace kf {

std::optional<ConvDesc> forward_conv_of(const DeconvDesc& desc) {
  ConvDesc conv;
  conv.spatial_rank = desc.spatial_rank;
  conv.mb = desc.mb;
  conv.groups = desc.groups;
  conv.ic = desc.ic;
  conv.oc = desc.oc;
  for (int i = 0; i < desc.spatial_rank; ++i) {
    if (desc.stride[i] != 1) return std::nullopt;
    const int64_t reach = desc.dilated_kernel(i) - 1;
    if (desc.pad_begin[i] > reach || desc.pad_end[i] > reach) return std::nullopt;
    conv.in[i] = desc.in[i];
    conv.out[i] = desc.out[i];
    conv.kernel[i] = desc.kernel[i];
    conv.dilation[i] = desc.dilation[i];
    conv.pad_begin[i] = reach - desc.pad_begin[i];
    conv.pad_end[i] = reach - desc.pad_end[i];
  }
  conv.bias = desc.bias;
  conv.activation = desc.relu ? Activation::kRelu : Activation::kNone;
  conv.layout = desc.layout;
  conv.name = desc.name;
  // Every deconvolution rule maps onto a convolution rule except the padded extent one (a
  // dilation-only output padding can leave pad_end' larger than the conv accepts): let the
  // convolution's own validation decide.
  try {
    validate(conv);
  } catch (const InputError&) {
    return std::nullopt;
  }
  return conv;
}

}  // namespace kf
