// Every rule parse_conv and validate enforce, each checked for the field it names and the words
// of its rule; plus malformed descriptor text, which is always reported on field "descriptor".
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "dsl/conv_desc.h"
#include "dsl/input_error.h"

namespace kf {
namespace conv_validate_test {

struct ErrorCase {
  const char* label;
  const char* text;
  const char* field;
  const char* rule_part;
};

std::string case_name(const ::testing::TestParamInfo<ErrorCase>& info) { return info.param.label; }

void expect_input_error(const std::string& text, const std::string& field,
                        const std::string& rule_part) {
  try {
    const ConvDesc d = parse_conv(text);
    ADD_FAILURE() << "'" << text << "' parsed as " << to_string(d);
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), field) << e.what();
    EXPECT_NE(e.rule().find(rule_part), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(field + ": "), std::string::npos) << e.what();
  }
}

class ConvRule : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ConvRule, NamesTheFieldAndTheRule) {
  expect_input_error(GetParam().text, GetParam().field, GetParam().rule_part);
}

INSTANTIATE_TEST_SUITE_P(
    Invalid, ConvRule,
    ::testing::Values(
        ErrorCase{"MissingIc", "oc4ih5kh3", "ic", "missing"},
        ErrorCase{"MissingOc", "ic3ih5kh3", "oc", "missing"},
        ErrorCase{"NoSpatialEntries", "ic3oc4", "ih", "missing"},
        ErrorCase{"MissingInputHeight", "ic3oc4kh3", "ih", "2D descriptor needs ih"},
        ErrorCase{"MissingKernelHeight", "ic3oc4ih5", "kh", "needs kh"},
        ErrorCase{"PartialWidth", "ic3oc4ih5kh3sw2", "iw", "needs iw"},
        ErrorCase{"DepthEntryMakes3d", "ic3oc4dd1ih5kh3", "id", "3D descriptor needs id"},
        ErrorCase{"ZeroMinibatch", "mb0ic3oc4ih5kh3", "mb", "must be positive, got 0"},
        ErrorCase{"ZeroGroups", "g0ic3oc4ih5kh3", "g", "must be positive, got 0"},
        ErrorCase{"ZeroIc", "ic0oc4ih5kh3", "ic", "must be positive, got 0"},
        ErrorCase{"ZeroOc", "ic3oc0ih5kh3", "oc", "must be positive, got 0"},
        ErrorCase{"ZeroInput", "ic3oc4ih0kh3", "ih", "must be positive, got 0"},
        ErrorCase{"ZeroInputWidth", "ic3oc4ih5iw0kh3kw3", "iw", "must be positive, got 0"},
        ErrorCase{"ZeroKernel", "ic3oc4ih5kh0", "kh", "must be positive, got 0"},
        ErrorCase{"ZeroOutput", "ic3oc4ih5oh0kh3", "oh", "must be positive, got 0"},
        ErrorCase{"ZeroStride", "ic3oc4ih5kh3sh0", "sh", "must be positive, got 0"},
        ErrorCase{"ZeroDepthStride", "ic3oc4id5kd3sd0", "sd", "must be positive, got 0"},
        ErrorCase{"GroupsDoNotDivideIc", "g4ic10oc8ih5kh3", "g",
                  "ic 10 is not divisible by groups 4"},
        ErrorCase{"GroupsDoNotDivideOc", "g4ic8oc10ih5kh3", "g",
                  "oc 10 is not divisible by groups 4"},
        ErrorCase{"KernelExceedsPaddedInput", "ic1oc1ih1kh5ph1", "kh",
                  "dilated kernel extent 5 exceeds padded input 3 (ih 1 + ph 1 + pad_end 1)"},
        ErrorCase{"DilatedKernelExceedsInput", "ic1oc1iw4kw3dw1", "kw",
                  "dilated kernel extent 5 exceeds padded input 4"},
        ErrorCase{"OutputTooSmallForExplicitPad", "ic1oc1ih10oh2kh3ph0", "oh",
                  "output size 2 is too small"},
        ErrorCase{"OutputTooSmallForStride", "ic1oc1ih10oh3kh3sh2ph0", "oh",
                  "pad_end must be greater than -sh = -2"},
        ErrorCase{"OutputTooSmallForDeducedPad", "ic1oc1ih10oh2kh3", "oh",
                  "given 2 is too small: the deduced ph"},
        ErrorCase{"QuotedNameWithSpace", "ic3oc4ih5kh3n\"a b\"", "n", "whitespace"},
        ErrorCase{"ZeroMultiplicity", "ic3oc4ih5kh3n\"a*0\"", "n", "must be positive"},
        ErrorCase{"HugeMultiplicity", "ic3oc4ih5kh3n\"a*99999999999\"", "n", "too large"},
        ErrorCase{"TensorTooLarge", "mb2147483647ic2147483647oc1ih2147483647kh1", "descriptor",
                  "too many elements"}),
    case_name);

class ConvMalformed : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ConvMalformed, IsReportedOnTheDescriptor) {
  expect_input_error(GetParam().text, "descriptor", GetParam().rule_part);
}

INSTANTIATE_TEST_SUITE_P(
    Text, ConvMalformed,
    ::testing::Values(
        ErrorCase{"EntryWithoutNumber", "ic", "", "entry 'ic' needs a non-negative decimal number"},
        ErrorCase{"TrailingLetter", "ic3x", "", "unknown entry 'x'"},
        ErrorCase{"LettersForNumber", "icabc", "", "entry 'ic' needs"},
        ErrorCase{"UnknownEntry", "mb1ic3ih5oc4kh3zz9", "", "unknown entry 'zz9' at position 15"},
        ErrorCase{"NegativeNumber", "ic-3oc4ih5kh3", "", "entry 'ic' needs a non-negative"},
        ErrorCase{"DecimalPoint", "ic3oc4ih5.5kh3", "", "unknown entry '.5kh3'"},
        ErrorCase{"Empty", "", "", "empty descriptor"},
        ErrorCase{"OnlyWhitespace", " \t ", "", "empty descriptor"},
        ErrorCase{"UnterminatedQuote", "ic3oc4ih5kh3n\"abc", "", "unterminated quote"},
        ErrorCase{"DuplicateEntry", "ic3ic4oc4ih5kh3", "", "entry 'ic' given twice (3 and 4)"},
        ErrorCase{"DuplicateName", "ic3oc4ih5kh3n\"a\"n\"b\"", "", "given twice"},
        ErrorCase{"TrailingJunkAfterName", "ic3oc4ih5kh3n\"a\"junk", "", "unknown entry 'junk'"},
        ErrorCase{"NumberOverflow", "ic99999999999oc4ih5kh3", "",
                  "number 99999999999 of entry 'ic' is too large"},
        ErrorCase{"InnerWhitespace", "ic3 oc4ih5kh3", "", "whitespace at position 3"},
        ErrorCase{"DuplicateTag", "ic3oc4ih5kh3_relu_relu", "", "tag 'relu' given twice"},
        ErrorCase{"ConflictingLayouts", "ic3oc4ih5kh3_nchw_nhwc", "", "layout given twice"},
        ErrorCase{"TagNotDelimited", "ic3oc4ih5kh3relux", "", "unknown entry 'relux'"},
        ErrorCase{"BareNameEntry", "ic3oc4ih5kh3n", "", "entry 'n' needs a name"},
        ErrorCase{"QuoteInsideUnquotedName", "ic3oc4ih5kh3nab\"c", "", "contains a quote"}),
    case_name);

ConvDesc valid_2d() { return parse_conv("mb1ic4oc8ih6iw6kh3kw3ph1pw1"); }

void expect_validate_error(const ConvDesc& d, const std::string& field,
                           const std::string& rule_part) {
  try {
    validate(d);
    ADD_FAILURE() << "validated " << to_string(d);
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), field) << e.what();
    EXPECT_NE(e.rule().find(rule_part), std::string::npos) << e.what();
  }
}

TEST(ConvValidate, AcceptsAParsedDescriptor) { EXPECT_NO_THROW(validate(valid_2d())); }

TEST(ConvValidate, RejectsSpatialRankOutOfRange) {
  ConvDesc d = valid_2d();
  d.spatial_rank = 0;
  expect_validate_error(d, "descriptor", "spatial rank must be 1, 2 or 3, got 0");
  d.spatial_rank = 4;
  expect_validate_error(d, "descriptor", "got 4");
}

TEST(ConvValidate, RejectsDilationBelowOne) {
  ConvDesc d = valid_2d();
  d.dilation[1] = 0;
  expect_validate_error(d, "dw", "dilation must be between 1");
}

TEST(ConvValidate, RejectsNegativeLeftPad) {
  ConvDesc d = valid_2d();
  d.pad_begin[0] = -1;
  expect_validate_error(d, "ph", "must be non-negative, got -1");
}

TEST(ConvValidate, RejectsEntriesAbove31Bits) {
  ConvDesc d = valid_2d();
  d.in[0] = int64_t{1} << 40;
  expect_validate_error(d, "ih", "must be at most 2147483647");
}

TEST(ConvValidate, RejectsOutputThatDoesNotMatchThePads) {
  ConvDesc d = valid_2d();  // ih 6, kh 3, ph 1, pad_end 1 -> oh 6
  d.out[0] = 7;
  expect_validate_error(d, "oh", "given 7 but ih 6 + ph 1 + pad_end 1 - extent 3 = 5");
}

TEST(ConvValidate, RejectsRightPadThatLeavesARemainder) {
  ConvDesc d = parse_conv("ic1oc1ih6kh1sh2");  // oh 3, pad_end -1
  d.pad_end[0] = 0;                            // floor((6 - 1) / 2) + 1 is still 3
  expect_validate_error(d, "oh", "for this output size pad_end must be -1");
}

TEST(ConvValidate, RejectsRightPadOfAWholeStride) {
  ConvDesc d = parse_conv("ic1oc1ih6kh1sh2");
  d.out[0] = 2;
  d.pad_end[0] = -3;
  expect_validate_error(d, "oh", "must be greater than -sh = -2");
}

TEST(ConvValidate, RejectsNamesThatCannotRoundTrip) {
  ConvDesc d = valid_2d();
  d.name = "a\"b";
  expect_validate_error(d, "n", "must not contain quotes");
  d.name = "layer*3";
  expect_validate_error(d, "n", "must not end in \"*N\"");
  d.name = "layer*x";
  EXPECT_NO_THROW(validate(d));
}

}  // namespace conv_validate_test
}  // namespace kf
