// NormDesc arithmetic (shapes, FLOPs, tolerance), its OpDesc tensors, equality, and validate():
// the one place that decides whether a normalisation problem is well formed.
#include "dsl/norm_desc.h"

#include <cctype>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "dsl/input_error.h"

namespace kf {
namespace {

constexpr int64_t kMaxEntry = INT32_MAX;

void check_size(const std::string& field, int64_t value) {
  if (value <= 0) throw InputError(field, "must be positive, got " + std::to_string(value));
  if (value > kMaxEntry) {
    throw InputError(
        field, "must be at most " + std::to_string(kMaxEntry) + ", got " + std::to_string(value));
  }
}

bool ends_in_multiplicity(const std::string& name) {
  size_t digits = 0;
  while (digits < name.size() &&
         std::isdigit(static_cast<unsigned char>(name[name.size() - 1 - digits]))) {
    ++digits;
  }
  return digits > 0 && digits < name.size() && name[name.size() - 1 - digits] == '*';
}

std::string channel_layout_name(const NormDesc& d) {
  static const char* kNhwc[] = {"NC", "NWC", "NHWC", "NDHWC"};
  static const char* kNchw[] = {"NC", "NCW", "NCHW", "NCDHW"};
  return d.layout == NormLayout::kNHWC ? kNhwc[d.spatial_rank] : kNchw[d.spatial_rank];
}

std::string dims_label(const std::vector<int64_t>& dims) {
  std::string s = "(";
  for (size_t i = 0; i < dims.size(); ++i) s += (i ? "," : "") + std::to_string(dims[i]);
  return s + ")";
}

}  // namespace

std::string norm_op_name(NormKind kind) {
  switch (kind) {
    case NormKind::kBatch:
      return "bnorm";
    case NormKind::kGroup:
      return "gnorm";
    case NormKind::kInstance:
      return "inorm";
    case NormKind::kLayer:
      return "lnorm";
    default:
      return "rmsnorm";
  }
}

int64_t NormDesc::reduction_size() const {
  if (kind == NormKind::kBatch) return 1;
  const std::vector<int64_t> shape = input_shape();
  if (row_wise()) {
    int64_t n = 1;
    for (size_t i = shape.size() - norm_dims; i < shape.size(); ++i) n *= shape[i];
    return n;
  }
  return element_count(shape) / mb / groups;
}

int64_t NormDesc::statistics_count() const {
  if (kind == NormKind::kBatch) return ic;
  return element_count(input_shape()) / reduction_size();
}

std::vector<int64_t> NormDesc::input_shape() const {
  if (row_wise()) return dims;
  std::vector<int64_t> shape = {mb};
  if (layout == NormLayout::kNCHW) shape.push_back(ic);
  for (int i = 0; i < spatial_rank; ++i) shape.push_back(spatial[i]);
  if (layout == NormLayout::kNHWC) shape.push_back(ic);
  return shape;
}

std::vector<int64_t> NormDesc::parameter_shape() const {
  if (!row_wise()) return {ic};
  return std::vector<int64_t>(dims.end() - norm_dims, dims.end());
}

std::string NormDesc::op() const { return norm_op_name(kind); }

std::string NormDesc::to_string() const { return kf::to_string(*this); }

std::string NormDesc::key() const {
  NormDesc unnamed = *this;
  unnamed.name.clear();
  return op() + ":" + kf::to_string(unnamed);
}

void NormDesc::set_batch(int64_t batch) {
  if (row_wise()) {
    dims[0] = batch;  // benchdnn's --mb is not defined for lnorm; the outermost dim is the batch
  } else {
    mb = batch;
  }
  validate(*this);
}

void NormDesc::set_layout(const std::string& text) {
  if (row_wise()) OpDesc::set_layout(text);
  if (text == "nhwc") {
    layout = NormLayout::kNHWC;
  } else if (text == "nchw") {
    layout = NormLayout::kNCHW;
  } else {
    throw InputError("--layout",
                     "must be nhwc or nchw (channels last or first), got '" + text + "'");
  }
}

double NormDesc::flops() const {
  static const double kPerElement[] = {2, 8, 8, 8, 4};  // NormKind order
  return kPerElement[static_cast<int>(kind)] * static_cast<double>(element_count(input_shape()));
}

std::vector<TensorSpec> NormDesc::inputs() const {
  const TensorSpec input{"input", input_shape(),
                         row_wise() ? dims_label(dims) : channel_layout_name(*this)};
  const std::vector<int64_t> params = parameter_shape();
  const std::string params_label = row_wise() ? dims_label(params) : "[ic]";
  switch (kind) {
    case NormKind::kBatch: {
      TensorSpec variance{"variance", params, params_label};
      variance.test_min = 0.0;
      return {input,
              {"mean", params, params_label},
              variance,
              {"gamma", params, params_label},
              {"beta", params, params_label}};
    }
    case NormKind::kRms:
      return {input, {"gamma", params, params_label}};
    default:
      return {input, {"gamma", params, params_label}, {"beta", params, params_label}};
  }
}

TensorSpec NormDesc::output() const {
  TensorSpec out = inputs()[0];
  out.role = "output";
  return out;
}

double NormDesc::tolerance() const {
  // f32 sums of the slice in any order, scaled by 1/sigma (at most 1/sqrt(eps)).
  return 2e-5 + 2e-7 * static_cast<double>(reduction_size());
}

bool NormDesc::operator==(const NormDesc& o) const {
  return kind == o.kind && mb == o.mb && ic == o.ic && groups == o.groups &&
         spatial_rank == o.spatial_rank && spatial == o.spatial && layout == o.layout &&
         dims == o.dims && norm_dims == o.norm_dims && epsilon == o.epsilon && name == o.name;
}

void validate(const NormDesc& d) {
  if (!(d.epsilon > 0) || !std::isfinite(d.epsilon)) {
    throw InputError("eps",
                     "must be positive and finite (it is added to the variance inside "
                     "the square root), got " +
                         std::to_string(d.epsilon));
  }
  if (d.row_wise()) {
    if (d.dims.empty() || d.dims.size() > kMaxNormDims) {
      throw InputError("dims", "a " + d.op() + " tensor needs 1 to " +
                                   std::to_string(kMaxNormDims) + " dims separated by 'x', got " +
                                   std::to_string(d.dims.size()));
    }
    for (size_t i = 0; i < d.dims.size(); ++i) check_size("dim " + std::to_string(i), d.dims[i]);
    if (d.norm_dims < 1 || d.norm_dims > static_cast<int>(d.dims.size())) {
      throw InputError("nd",
                       "the number of normalised trailing dims must be between 1 and the "
                       "tensor's " +
                           std::to_string(d.dims.size()) + " dims, got " +
                           std::to_string(d.norm_dims));
    }
  } else {
    check_size("mb", d.mb);
    check_size("ic", d.ic);
    check_size("g", d.groups);
    if (d.spatial_rank < 0 || d.spatial_rank > kMaxNormSpatialRank) {
      throw InputError("descriptor", "spatial rank must be 0 to 3");
    }
    for (int i = 0; i < d.spatial_rank; ++i) {
      check_size(std::string("i") + "dhw"[kMaxNormSpatialRank - d.spatial_rank + i], d.spatial[i]);
    }
    if (d.kind == NormKind::kBatch && d.groups != 1) {
      throw InputError("g", "bnorm has no groups (g must be 1), got " + std::to_string(d.groups));
    }
    if (d.kind == NormKind::kInstance && d.groups != d.ic) {
      throw InputError("g", "instance norm has one group per channel: g must equal ic " +
                                std::to_string(d.ic) + ", got " + std::to_string(d.groups));
    }
    if (d.ic % d.groups != 0) {
      throw InputError(
          "g", "must divide ic " + std::to_string(d.ic) + ", got " + std::to_string(d.groups));
    }
  }
  int64_t elements = 1;
  for (int64_t extent : d.input_shape()) {
    if (__builtin_mul_overflow(elements, extent, &elements) || elements > kMaxEntry) {
      throw InputError("descriptor",
                       "the input has more than 2^31 - 1 elements; Halide kernels "
                       "address buffers with 32-bit indices");
    }
  }
  for (char c : d.name) {
    if (c == '"' || std::isspace(static_cast<unsigned char>(c)) ||
        std::iscntrl(static_cast<unsigned char>(c))) {
      throw InputError("n", "name must not contain quotes, whitespace or control characters");
    }
  }
  if (ends_in_multiplicity(d.name)) {
    throw InputError("n", "name must not end in a \"*N\" multiplicity suffix");
  }
}

}  // namespace kf
