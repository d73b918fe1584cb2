// Problem: deterministic tensors of each input's element type, the reference output and the
// correctness check.
#include "autotune/problem.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>

namespace kf {

Halide::Runtime::Buffer<float> make_dense_buffer(const std::vector<int64_t>& shape) {
  std::vector<int> sizes(shape.rbegin(), shape.rend());
  return Halide::Runtime::Buffer<float>(sizes);
}

Halide::Runtime::Buffer<> make_dense_buffer(const std::vector<int64_t>& shape, ElementType type) {
  std::vector<int> sizes(shape.rbegin(), shape.rend());
  const halide_type_t halide_type =
      type == ElementType::kU8 ? halide_type_of<uint8_t>() : halide_type_of<float>();
  return Halide::Runtime::Buffer<>(halide_type, sizes);
}

namespace {

// Top 24 bits of one draw as a double in [0, 1): the same on every standard library.
double unit_draw(std::mt19937_64& rng) { return static_cast<double>(rng() >> 40) / (1 << 24); }

void fill_uniform(float* data, size_t count, double lo, double hi, std::mt19937_64& rng) {
  for (size_t i = 0; i < count; ++i) {
    data[i] = static_cast<float>(lo + (hi - lo) * unit_draw(rng));
  }
}

// Integers uniformly in [ceil(lo), floor(hi)], one draw each (as for f32).
void fill_integers(uint8_t* data, size_t count, double lo, double hi, std::mt19937_64& rng) {
  const double first = std::ceil(lo);
  const double values = std::floor(hi) - first + 1;
  for (size_t i = 0; i < count; ++i) {
    data[i] = static_cast<uint8_t>(first + std::floor(values * unit_draw(rng)));
  }
}

void check_u8_range(const TensorSpec& spec) {
  if (!(spec.test_min >= 0 && spec.test_max <= 255 &&
        std::floor(spec.test_max) >= std::ceil(spec.test_min))) {
    throw std::logic_error("Problem: u8 tensor '" + spec.role + "' has test range [" +
                           std::to_string(spec.test_min) + ", " + std::to_string(spec.test_max) +
                           "], which holds no integer in [0, 255]");
  }
}

}  // namespace

Problem::Problem(const OpDesc& desc, uint64_t seed)
    : desc_(desc.clone()), output_(make_dense_buffer(desc.output().shape)) {
  if (desc_->output().type != ElementType::kF32) {
    throw std::logic_error("Problem: the output of " + desc_->op() + " must be f32");
  }
  std::mt19937_64 rng(seed);
  // The reference reads every input as f32 (OpDesc::reference); u8 inputs are converted into
  // these copies, which live only until the reference is computed.
  std::vector<std::vector<float>> converted;
  std::vector<const float*> pointers;
  for (const TensorSpec& spec : desc_->inputs()) {
    inputs_.push_back(make_dense_buffer(spec.shape, spec.type));
    types_.push_back(spec.type);
    Halide::Runtime::Buffer<>& buffer = inputs_.back();
    const size_t count = buffer.number_of_elements();
    if (spec.type == ElementType::kU8) {
      check_u8_range(spec);
      auto* data = static_cast<uint8_t*>(buffer.data());
      fill_integers(data, count, spec.test_min, spec.test_max, rng);
      converted.emplace_back(data, data + count);
      pointers.push_back(converted.back().data());
    } else {
      auto* data = static_cast<float*>(buffer.data());
      fill_uniform(data, count, spec.test_min, spec.test_max, rng);
      pointers.push_back(data);
    }
  }
  reference_.resize(output_.number_of_elements());
  desc_->reference(pointers, reference_.data());
}

const float* Problem::input(size_t i) const {
  if (types_.at(i) != ElementType::kF32) {
    throw std::logic_error("Problem::input: input " + std::to_string(i) + " is " +
                           element_type_name(types_[i]) + ", not float32");
  }
  return static_cast<const float*>(inputs_[i].data());
}

const uint8_t* Problem::input_u8(size_t i) const {
  if (types_.at(i) != ElementType::kU8) {
    throw std::logic_error("Problem::input_u8: input " + std::to_string(i) + " is " +
                           element_type_name(types_[i]) + ", not uint8");
  }
  return static_cast<const uint8_t*>(inputs_[i].data());
}

std::vector<halide_buffer_t*> Problem::buffers() {
  std::vector<halide_buffer_t*> result;
  for (auto& b : inputs_) result.push_back(b.raw_buffer());
  result.push_back(output_.raw_buffer());
  return result;
}

double max_normalized_error(const float* output, const std::vector<float>& reference) {
  double worst = 0;
  for (size_t i = 0; i < reference.size(); ++i) {
    const double diff = std::fabs(static_cast<double>(output[i]) - reference[i]);
    const double error = diff / (1.0 + std::fabs(static_cast<double>(reference[i])));
    if (std::isnan(error)) return std::numeric_limits<double>::infinity();
    worst = std::max(worst, error);
  }
  return worst;
}

double Problem::max_error() const { return max_normalized_error(output_.data(), reference_); }

void Problem::poison_output() {
  std::fill(output_.data(), output_.data() + output_.number_of_elements(),
            std::numeric_limits<float>::quiet_NaN());
}

namespace {

// `source` (dense, as make_dense_buffer makes them) in newly allocated memory. Not
// Buffer::copy(): its element walk advances pointers past the allocation, which UBSan reports.
Halide::Runtime::Buffer<> fresh_copy(const Halide::Runtime::Buffer<>& source) {
  std::vector<int> sizes(static_cast<size_t>(source.dimensions()));
  for (int d = 0; d < source.dimensions(); ++d) sizes[d] = source.dim(d).extent();
  Halide::Runtime::Buffer<> copy(source.type(), sizes);
  std::memcpy(copy.data(), source.data(), source.size_in_bytes());
  return copy;
}

}  // namespace

ProblemPlacement::ProblemPlacement(const Problem& problem)
    : problem_(&problem), output_(Halide::Runtime::Buffer<float>(fresh_copy(problem.output_))) {
  for (const Halide::Runtime::Buffer<>& input : problem.inputs_) {
    inputs_.push_back(fresh_copy(input));
  }
}

std::vector<halide_buffer_t*> ProblemPlacement::buffers() {
  std::vector<halide_buffer_t*> result;
  for (auto& b : inputs_) result.push_back(b.raw_buffer());
  result.push_back(output_.raw_buffer());
  return result;
}

double ProblemPlacement::max_error() const {
  return max_normalized_error(output_.data(), problem_->reference());
}

void ProblemPlacement::poison_output() {
  std::fill(output_.data(), output_.data() + output_.number_of_elements(),
            std::numeric_limits<float>::quiet_NaN());
}

}  // namespace kf
