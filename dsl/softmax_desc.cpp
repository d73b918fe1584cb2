// SoftmaxDesc as an OpDesc: shapes in either layout, validate(), the naive reference (double
// accumulation, maximum subtracted) and the tolerance.
#include "dsl/softmax_desc.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "dsl/input_error.h"

namespace kf {
namespace {

constexpr int64_t kMaxEntry = INT32_MAX;

const char* layout_name(const SoftmaxDesc& d) {
  static const char* const kNchw[] = {"", "[N]", "NC", "NCW", "NCHW", "NCDHW"};
  static const char* const kNhwc[] = {"", "[N]", "NC", "NWC", "NHWC", "NDHWC"};
  return d.layout == Layout::kNHWC ? kNhwc[d.rank()] : kNchw[d.rank()];
}

bool ends_in_multiplicity(const std::string& name) {
  size_t digits = 0;
  while (digits < name.size() &&
         std::isdigit(static_cast<unsigned char>(name[name.size() - 1 - digits]))) {
    ++digits;
  }
  return digits > 0 && digits < name.size() && name[name.size() - 1 - digits] == '*';
}

}  // namespace

std::vector<int64_t> SoftmaxDesc::physical_shape() const {
  std::vector<int64_t> shape = dims;
  if (layout == Layout::kNHWC && rank() >= 3) {
    shape.erase(shape.begin() + 1);
    shape.push_back(dims[1]);
  }
  return shape;
}

int SoftmaxDesc::physical_dim(int logical) const {
  if (layout != Layout::kNHWC || rank() < 3 || logical == 0) return logical;
  return logical == 1 ? rank() - 1 : logical - 1;
}

SoftmaxDesc canonical_view(const SoftmaxDesc& desc) {
  const std::vector<int64_t> shape = desc.physical_shape();
  const int axis = desc.physical_dim(desc.axis);
  int64_t outer = 1, inner = 1;
  for (int d = 0; d < axis; ++d) outer *= shape[d];
  for (int d = axis + 1; d < desc.rank(); ++d) inner *= shape[d];
  SoftmaxDesc view = desc;
  view.dims = {outer, shape[axis]};
  if (inner > 1) view.dims.push_back(inner);
  view.axis = 1;
  view.layout = Layout::kNCHW;
  return view;
}

double SoftmaxDesc::flops() const { return 5.0 * static_cast<double>(element_count(dims)); }

std::string SoftmaxDesc::to_string() const { return kf::to_string(*this); }

std::string SoftmaxDesc::key() const {
  SoftmaxDesc unnamed = *this;
  unnamed.name.clear();
  return "softmax:" + kf::to_string(unnamed);
}

void SoftmaxDesc::set_batch(int64_t batch) {
  if (!dims.empty()) dims[0] = batch;
  validate(*this);
}

void SoftmaxDesc::set_layout(const std::string& text) {
  if (text == "nhwc") {
    layout = rank() >= 3 ? Layout::kNHWC : Layout::kNCHW;
  } else if (text == "nchw") {
    layout = Layout::kNCHW;
  } else {
    throw InputError("--layout",
                     "must be nhwc or nchw (channels last or first), got '" + text + "'");
  }
}

std::vector<TensorSpec> SoftmaxDesc::inputs() const {
  // Scores wide enough that the maximum matters and exp() of the raw values would lose digits.
  return {TensorSpec{"input", physical_shape(), layout_name(*this), -20.0, 20.0}};
}

TensorSpec SoftmaxDesc::output() const {
  return TensorSpec{"output", physical_shape(), layout_name(*this)};
}

void SoftmaxDesc::reference(const std::vector<const float*>& inputs, float* output) const {
  softmax_reference(*this, inputs.at(0), output);
}

double SoftmaxDesc::tolerance() const {
  // f32 sum of axis_size() terms plus a few ulps for exp and the scaling.
  return 1e-5 + 1e-7 * static_cast<double>(axis_size());
}

bool SoftmaxDesc::operator==(const SoftmaxDesc& o) const {
  return dims == o.dims && axis == o.axis && layout == o.layout && name == o.name;
}

void validate(const SoftmaxDesc& d) {
  if (d.dims.empty() || d.rank() > kMaxSoftmaxRank) {
    throw InputError("dims", "a softmax tensor has 1 to 5 dims (N x C x D x H x W), got " +
                                 std::to_string(d.rank()));
  }
  int64_t elements = 1;
  for (int i = 0; i < d.rank(); ++i) {
    const std::string field = i == 0 ? "mb" : "dims";
    if (d.dims[i] <= 0 || d.dims[i] > kMaxEntry) {
      throw InputError(field, "dim " + std::to_string(i) + " must be between 1 and " +
                                  std::to_string(kMaxEntry) + ", got " + std::to_string(d.dims[i]));
    }
    if (__builtin_mul_overflow(elements, d.dims[i], &elements) || elements > kMaxEntry) {
      throw InputError("dims", "the tensor must have at most " + std::to_string(kMaxEntry) +
                                   " elements (32-bit indexing)");
    }
  }
  if (d.axis < 0 || d.axis >= d.rank()) {
    throw InputError("axis", "must be between 0 and " + std::to_string(d.rank() - 1) + " for a " +
                                 std::to_string(d.rank()) + "-dim tensor, got " +
                                 std::to_string(d.axis));
  }
  for (char c : d.name) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || std::isspace(u) || std::iscntrl(u)) {
      throw InputError(
          "n", "name \"" + d.name + "\" must not contain quotes, whitespace or control characters");
    }
  }
  if (ends_in_multiplicity(d.name)) {
    throw InputError("n", "name \"" + d.name + "\" must not end in \"*N\" (that suffix states " +
                              "how often a layer occurs in a shape file)");
  }
}

void softmax_reference(const SoftmaxDesc& desc, const float* input, float* output) {
  validate(desc);
  // Physical shape = outer x axis x inner, with the axis of stride `inner`.
  const std::vector<int64_t> shape = desc.physical_shape();
  const int p = desc.physical_dim(desc.axis);
  int64_t outer = 1, inner = 1;
  for (int i = 0; i < p; ++i) outer *= shape[i];
  for (int i = p + 1; i < desc.rank(); ++i) inner *= shape[i];
  const int64_t length = shape[p];
  std::vector<double> shifted(static_cast<size_t>(length));
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t i = 0; i < inner; ++i) {
      const int64_t base = o * length * inner + i;
      double max_value = -INFINITY;
      for (int64_t a = 0; a < length; ++a) {
        max_value = std::max(max_value, static_cast<double>(input[base + a * inner]));
      }
      double sum = 0;
      for (int64_t a = 0; a < length; ++a) {
        shifted[a] = std::exp(static_cast<double>(input[base + a * inner]) - max_value);
        sum += shifted[a];
      }
      for (int64_t a = 0; a < length; ++a) {
        output[base + a * inner] = static_cast<float>(shifted[a] / sum);
      }
    }
  }
}

}  // namespace kf
