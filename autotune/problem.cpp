// Problem: deterministic tensors, the reference output and the correctness check.
#include "autotune/problem.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

namespace kf {

Halide::Runtime::Buffer<float> make_dense_buffer(const std::vector<int64_t>& shape) {
  std::vector<int> sizes(shape.rbegin(), shape.rend());
  return Halide::Runtime::Buffer<float>(sizes);
}

namespace {

void fill_uniform(Halide::Runtime::Buffer<float>& buffer, double lo, double hi,
                  std::mt19937_64& rng) {
  float* data = buffer.data();
  for (size_t i = 0; i < buffer.number_of_elements(); ++i) {
    // Top 24 bits to a float in [lo, hi): the same on every standard library.
    const double unit = static_cast<double>(rng() >> 40) / (1 << 24);
    data[i] = static_cast<float>(lo + (hi - lo) * unit);
  }
}

}  // namespace

Problem::Problem(const OpDesc& desc, uint64_t seed)
    : desc_(desc.clone()), output_(make_dense_buffer(desc.output().shape)) {
  std::mt19937_64 rng(seed);
  std::vector<const float*> pointers;
  for (const TensorSpec& spec : desc_->inputs()) {
    inputs_.push_back(make_dense_buffer(spec.shape));
    fill_uniform(inputs_.back(), spec.test_min, spec.test_max, rng);
    pointers.push_back(inputs_.back().data());
  }
  reference_.resize(output_.number_of_elements());
  desc_->reference(pointers, reference_.data());
}

std::vector<halide_buffer_t*> Problem::buffers() {
  std::vector<halide_buffer_t*> result;
  for (auto& b : inputs_) result.push_back(b.raw_buffer());
  result.push_back(output_.raw_buffer());
  return result;
}

double Problem::max_error() const {
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

void Problem::poison_output() {
  std::fill(output_.data(), output_.data() + output_.number_of_elements(),
            std::numeric_limits<float>::quiet_NaN());
}

}  // namespace kf
