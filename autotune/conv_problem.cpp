// ConvProblem: deterministic tensors, the reference output and the correctness check.
#include "autotune/conv_problem.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "dsl/conv_reference.h"

namespace kf {

Halide::Runtime::Buffer<float> make_dense_buffer(const std::vector<int64_t>& shape) {
  std::vector<int> sizes(shape.rbegin(), shape.rend());
  return Halide::Runtime::Buffer<float>(sizes);
}

namespace {

void fill_uniform(Halide::Runtime::Buffer<float>& buffer, std::mt19937_64& rng) {
  float* data = buffer.data();
  for (size_t i = 0; i < buffer.number_of_elements(); ++i) {
    // Top 24 bits to a float in [-1, 1): the same on every standard library.
    data[i] = static_cast<float>(static_cast<double>(rng() >> 40) / (1 << 23) - 1.0);
  }
}

}  // namespace

ConvProblem::ConvProblem(const ConvDesc& desc, uint64_t seed)
    : desc_(desc),
      input_(make_dense_buffer(desc.input_shape())),
      weights_(make_dense_buffer(desc.weight_shape())),
      bias_(make_dense_buffer({desc.oc})),
      output_(make_dense_buffer(desc.output_shape())) {
  std::mt19937_64 rng(seed);
  fill_uniform(input_, rng);
  fill_uniform(weights_, rng);
  fill_uniform(bias_, rng);
  reference_.resize(output_.number_of_elements());
  conv_reference(desc_, input_.data(), weights_.data(), desc_.bias ? bias_.data() : nullptr,
                 reference_.data());
}

std::vector<halide_buffer_t*> ConvProblem::buffers() {
  std::vector<halide_buffer_t*> result = {input_.raw_buffer(), weights_.raw_buffer()};
  if (desc_.bias) result.push_back(bias_.raw_buffer());
  result.push_back(output_.raw_buffer());
  return result;
}

double ConvProblem::max_error() const {
  double worst = 0;
  const float* out = output_.data();
  for (size_t i = 0; i < reference_.size(); ++i) {
    const double diff = std::fabs(static_cast<double>(out[i]) - reference_[i]);
    const double error = diff / (1.0 + std::fabs(static_cast<double>(reference_[i])));
    if (std::isnan(error)) return std::numeric_limits<double>::infinity();
    worst = std::max(worst, error);
  }
  return worst;
}

double ConvProblem::tolerance() const {
  int64_t reduction = desc_.ic / desc_.groups;
  for (int i = 0; i < desc_.spatial_rank; ++i) reduction *= desc_.kernel[i];
  // f32 accumulation of `reduction` products in any order: a few ulps per term, relative to
  // (1 + |result|), plus slack for the bias add.
  return 1e-5 + 2e-7 * static_cast<double>(reduction);
}

void ConvProblem::poison_output() {
  std::fill(output_.data(), output_.data() + output_.number_of_elements(),
            std::numeric_limits<float>::quiet_NaN());
}

}  // namespace kf
