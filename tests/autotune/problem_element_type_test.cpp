// Problem with typed inputs: a u8 input is a uint8 Halide buffer of integers in its test range,
// the reference sees the same values as floats, min_bytes() counts one byte per u8 element, and
// f32 inputs draw exactly the values they drew before element types existed.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <stdexcept>

#include "autotune/problem.h"

namespace kf {
namespace problem_element_type_test {

// A test op: output = 2 * first input + second input, elementwise over `count` elements. Each
// input's element type and range are set by the test.
class TwoInputOp final : public OpDesc {
 public:
  TwoInputOp(int64_t count, TensorSpec first, TensorSpec second)
      : count_(count), first_(std::move(first)), second_(std::move(second)) {}
  std::string op() const override { return "two_input_test"; }
  std::string to_string() const override { return "n" + std::to_string(count_); }
  std::string layer_name() const override { return ""; }
  void set_batch(int64_t) override {}
  double flops() const override { return 2.0 * static_cast<double>(count_); }
  std::vector<TensorSpec> inputs() const override { return {first_, second_}; }
  TensorSpec output() const override { return {"output", {count_}, "[n]"}; }
  void reference(const std::vector<const float*>& in, float* out) const override {
    for (int64_t i = 0; i < count_; ++i) out[i] = 2.0f * in[0][i] + in[1][i];
  }
  double tolerance() const override { return 0.0; }
  std::unique_ptr<OpDesc> clone() const override { return std::make_unique<TwoInputOp>(*this); }
  std::string key() const override { return op() + ":" + to_string(); }

 private:
  int64_t count_;
  TensorSpec first_, second_;
};

TensorSpec u8_spec(int64_t count, double lo, double hi) {
  TensorSpec spec{"image", {count}, "[n]", lo, hi};
  spec.type = ElementType::kU8;
  return spec;
}

TEST(ProblemElementType, U8InputIsAUint8BufferOfIntegersInItsRange) {
  const int64_t count = 4000;
  TwoInputOp op(count, u8_spec(count, 3, 9), {"offset", {count}, "[n]"});
  Problem problem(op, 11);
  const std::vector<halide_buffer_t*> buffers = problem.buffers();
  ASSERT_EQ(buffers.size(), 3u);
  EXPECT_EQ(buffers[0]->type.code, halide_type_uint);
  EXPECT_EQ(buffers[0]->type.bits, 8);
  EXPECT_EQ(buffers[1]->type.code, halide_type_float);
  EXPECT_EQ(buffers[1]->type.bits, 32);
  EXPECT_EQ(problem.input_type(0), ElementType::kU8);
  const uint8_t* image = problem.input_u8(0);
  std::set<int> seen;
  for (int64_t i = 0; i < count; ++i) {
    ASSERT_GE(image[i], 3);
    ASSERT_LE(image[i], 9);
    seen.insert(image[i]);
  }
  // 4000 uniform draws over 7 values reach both ends of the range.
  EXPECT_EQ(seen.size(), 7u);
}

TEST(ProblemElementType, ReferenceSeesTheU8ValuesAsFloats) {
  const int64_t count = 257;
  TwoInputOp op(count, u8_spec(count, 0, 255), {"offset", {count}, "[n]"});
  Problem problem(op, 5);
  const uint8_t* image = problem.input_u8(0);
  const float* offset = problem.input(1);
  for (int64_t i = 0; i < count; ++i) {
    ASSERT_EQ(problem.reference()[i], 2.0f * static_cast<float>(image[i]) + offset[i]) << i;
  }
}

TEST(ProblemElementType, TypedAccessorsRejectTheOtherType) {
  TwoInputOp op(8, u8_spec(8, 0, 255), {"offset", {8}, "[n]"});
  Problem problem(op);
  EXPECT_THROW(problem.input(0), std::logic_error);
  EXPECT_THROW(problem.input_u8(1), std::logic_error);
}

TEST(ProblemElementType, U8RangeOutsideTheTypeIsRejected) {
  TwoInputOp op(8, u8_spec(8, -1, 255), {"offset", {8}, "[n]"});
  EXPECT_THROW(Problem problem(op), std::logic_error);
}

TEST(ProblemElementType, MinBytesCountsOneBytePerU8Element) {
  TwoInputOp op(100, u8_spec(100, 0, 255), {"offset", {100}, "[n]"});
  // u8 input 100 bytes, f32 input 400, f32 output 400.
  EXPECT_EQ(op.min_bytes(), 900.0);
  TwoInputOp all_f32(100, {"a", {100}, "[n]"}, {"b", {100}, "[n]"});
  EXPECT_EQ(all_f32.min_bytes(), 1200.0);
}

TEST(ProblemElementType, F32InputsDrawTheirPreviousValues) {
  // Golden values of seed 3 from before element types existed (std::mt19937_64, top 24 bits
  // mapped to [-1, 1)): database records and earlier results depend on them.
  TwoInputOp op(2, {"a", {2}, "[n]"}, {"b", {2}, "[n]"});
  Problem problem(op, 3);
  EXPECT_EQ(problem.input(0)[0], 0.117531896f);
  EXPECT_EQ(problem.input(0)[1], -0.608472586f);
  EXPECT_EQ(problem.input(1)[0], 0.180482507f);
  EXPECT_EQ(problem.input(1)[1], -0.307262182f);
}

}  // namespace problem_element_type_test
}  // namespace kf
