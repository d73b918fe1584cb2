// Tests of the JSON-lines record format (autotune/database_json.h): exact round trips of every
// member (doubles bit for bit, NaN and infinities of failed trials, escaped strings), hand-written
// lines, and malformed or invalid lines rejected with the line and member named.
#include "autotune/database_json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include "dsl/input_error.h"

namespace kf {
namespace database_json_test {

TuningRecord make_record() {
  TuningRecord r;
  r.uid = "0123456789abcdef0123456789abcdef";
  r.workload_key = "conv:g1mb1_ic4ih6iw6_oc4oh6ow6_kh3kw3_sh1sw1_ph1pw1_dh0dw0_nhwc";
  r.op = "conv";
  r.target = "x86-64-linux-avx2-fma";
  r.threads = 3;
  r.template_name = "conv_direct_nhwc";
  r.template_version = 7;
  r.knobs = "vectors_k=1,tile_w=5";
  r.min_seconds = 2.5e-4;
  r.median_seconds = 0.1 + 0.2;  // not representable in few digits
  r.gflops = 123.456789012345678;
  r.max_error = 4.9406564584124654e-324;  // the smallest subnormal
  r.tool_versions = "kforge 0.1.0; Halide 14.0.0; LLVM 14.0.6";
  r.seed = -0x7123456789abcdefLL;
  r.trial_index = 2147483647;
  r.created_at = 1795333362;
  return r;
}

/// Doubles compared bit for bit (so -0.0 differs from 0.0 and every NaN payload class counts).
void expect_same_bits(double a, double b) {
  EXPECT_EQ(std::memcmp(&a, &b, sizeof a), 0) << a << " vs " << b;
}

TuningRecord round_trip(const TuningRecord& r) {
  const std::string line = record_to_json(r);
  EXPECT_EQ(line.find('\n'), std::string::npos) << line;
  return record_from_json(line, "test line 1");
}

TEST(DatabaseJsonTest, RoundTripsEveryMember) {
  const TuningRecord r = make_record();
  const TuningRecord back = round_trip(r);
  EXPECT_TRUE(same_trial(r, back)) << record_to_json(r) << "\n" << record_to_json(back);
  EXPECT_EQ(back.seed, r.seed);
  EXPECT_EQ(back.trial_index, r.trial_index);
  expect_same_bits(back.median_seconds, r.median_seconds);
  expect_same_bits(back.max_error, r.max_error);
  EXPECT_EQ(back.id, 0);  // row ids are local to one database and never exported
}

TEST(DatabaseJsonTest, DoublesRoundTripBitForBit) {
  std::mt19937_64 random(7);
  TuningRecord r = make_record();
  r.status = TrialStatus::kCrash;  // any finite number is allowed in a failed trial
  r.failure_reason = "x";
  const double specials[] = {0.0,
                             -0.0,
                             1e-300,
                             -1e300,
                             std::numeric_limits<double>::max(),
                             std::numeric_limits<double>::min(),
                             std::numeric_limits<double>::denorm_min(),
                             1.0 / 3,
                             0.1};
  auto check = [&](double value) {
    r.min_seconds = value;
    r.median_seconds = -value;
    r.gflops = value * 0.5;
    const TuningRecord back = round_trip(r);
    expect_same_bits(back.min_seconds, r.min_seconds);
    expect_same_bits(back.median_seconds, r.median_seconds);
    expect_same_bits(back.gflops, r.gflops);
  };
  for (double value : specials) check(value);
  for (int i = 0; i < 2000; ++i) {
    double value;
    const uint64_t bits = random();
    std::memcpy(&value, &bits, sizeof value);
    if (std::isfinite(value)) check(value);
  }
}

TEST(DatabaseJsonTest, FailedTrialsKeepNanAndInfinities) {
  TuningRecord r = make_record();
  r.status = TrialStatus::kTimeout;
  r.failure_reason = "killed after 60 s";
  r.min_seconds = r.median_seconds = std::numeric_limits<double>::quiet_NaN();
  r.gflops = -std::numeric_limits<double>::infinity();
  r.max_error = std::numeric_limits<double>::infinity();
  const std::string line = record_to_json(r);
  EXPECT_NE(line.find("\"min_seconds\":null"), std::string::npos) << line;
  EXPECT_NE(line.find("\"gflops\":\"-inf\""), std::string::npos) << line;
  EXPECT_NE(line.find("\"max_error\":\"inf\""), std::string::npos) << line;
  const TuningRecord back = round_trip(r);
  EXPECT_EQ(back.status, TrialStatus::kTimeout);
  EXPECT_TRUE(std::isnan(back.min_seconds) && std::isnan(back.median_seconds));
  EXPECT_EQ(back.gflops, -std::numeric_limits<double>::infinity());
  EXPECT_EQ(back.max_error, std::numeric_limits<double>::infinity());
  EXPECT_TRUE(same_trial(r, back));
}

TEST(DatabaseJsonTest, EscapesQuotesBackslashesAndControlCharacters) {
  TuningRecord r = make_record();
  r.status = TrialStatus::kCompileError;
  r.failure_reason = std::string("error: \"tile\" at C:\\x\nline 2\r\n\ttab \x01\x1f") + '\0' +
                     " end, caf\xc3\xa9 \xf0\x9f\x98\x80";
  r.knobs = "a=\"b\",c=\\";
  const std::string line = record_to_json(r);
  EXPECT_NE(line.find(R"(\"tile\" at C:\\x\nline 2\r\n\ttab \u0001\u001f\u0000 end)"),
            std::string::npos)
      << line;
  const TuningRecord back = round_trip(r);
  EXPECT_EQ(back.failure_reason, r.failure_reason);
  EXPECT_EQ(back.knobs, r.knobs);
}

TEST(DatabaseJsonTest, ReadsHandWrittenLines) {
  // Other member order, whitespace, \u escapes (a surrogate pair too), an escaped slash, and a
  // zero created_at (filled in when merged).
  const std::string line =
      " { \"created_at\" : 0 , \"trial_index\":0,\"seed\":1,\"tool_versions\":\"t\\/v\","
      "\"max_error\":0,\"gflops\":1e2,\"median_seconds\":2E-3,\"min_seconds\":1.0e-3,"
      "\"failure_reason\":\"\",\"status\":\"ok\",\"knobs\":\"k=\\u0041\\ud83d\\ude00\","
      "\"template_version\":0,\"template_name\":\"t\",\"threads\":1,\"target\":\"x\","
      "\"op\":\"conv\",\"workload_key\":\"w\",\"uid\":\"ffffffffffffffffffffffffffffffff\"}\r";
  const TuningRecord r = record_from_json(line, "hand line 1");
  EXPECT_EQ(r.knobs, "k=A\xf0\x9f\x98\x80");
  EXPECT_EQ(r.tool_versions, "t/v");
  EXPECT_EQ(r.gflops, 100.0);
  EXPECT_EQ(r.median_seconds, 2e-3);
  EXPECT_EQ(r.created_at, 0);
  EXPECT_TRUE(is_blank_json_line(" \t\r"));
  EXPECT_TRUE(is_blank_json_line(""));
  EXPECT_FALSE(is_blank_json_line(" {}"));
}

/// `line` with the text `from` replaced by `to` (which must occur once).
std::string replaced(std::string line, const std::string& from, const std::string& to) {
  const size_t at = line.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  EXPECT_EQ(line.find(from, at + 1), std::string::npos) << from;
  return at == std::string::npos ? line : line.replace(at, from.size(), to);
}

TEST(DatabaseJsonTest, RejectsMalformedAndInvalidLinesNamingTheMember) {
  const std::string good = record_to_json(make_record());
  struct Case {
    std::string line;
    std::string field;  // after "f.jsonl line 7, "
    std::string rule;   // a piece of the rule
  };
  const Case cases[] = {
      {replaced(good, "\"threads\":3,", ""), "threads", "missing"},
      {replaced(good, "\"threads\":3", "\"threads\":3,\"color\":\"red\""), "color",
       "unknown member"},
      {replaced(good, "\"threads\":3", "\"threads\":3,\"threads\":3"), "threads", "more than once"},
      {replaced(good, "\"threads\":3", "\"threads\":\"3\""), "threads", "must be an integer"},
      {replaced(good, "\"threads\":3", "\"threads\":1.5"), "threads", "must be an integer"},
      {replaced(good, "\"threads\":3", "\"threads\":0"), "threads", "at least 1"},
      {replaced(good, "\"threads\":3", "\"threads\":4294967296"), "threads", "must be in"},
      {replaced(good, "\"seed\":-", "\"seed\":-99999999999999999999"), "seed", "must be in"},
      {replaced(good, "\"status\":\"ok\"", "\"status\":\"finished\""), "status", "compile_error"},
      {replaced(good, "\"status\":\"ok\"", "\"status\":null"), "status", "must be a string"},
      {replaced(good, "\"min_seconds\":0.00025", "\"min_seconds\":null,\"x\":0.00025"), "x",
       "unknown member"},
      {replaced(good, "\"min_seconds\":0.00025000000000000001", "\"min_seconds\":null"),
       "min_seconds", "status is ok"},
      {replaced(good, "\"min_seconds\":0.00025000000000000001", "\"min_seconds\":1e999"),
       "min_seconds", "out of the range"},
      {replaced(good, "\"min_seconds\":0.00025000000000000001", "\"min_seconds\":\"fast\""),
       "min_seconds", "\"inf\""},
      {replaced(good, "\"failure_reason\":\"\"", "\"failure_reason\":\"left over\""),
       "failure_reason", "must be empty when status is ok"},
      {replaced(good, "\"knobs\":\"vectors_k=1,tile_w=5\"", "\"knobs\":\"\""), "knobs",
       "must not be empty"},
      {replaced(good, "0123456789abcdef0123456789abcdef", ""), "uid", "must not be empty"},
      {replaced(good, "0123456789abcdef0123456789abcdef", "0123456789ABCDEF0123456789ABCDEF"),
       "uid", "32 lowercase hex digits"},
      {replaced(good, "\"op\":\"conv\"", "\"op\":[\"conv\"]"), "op",
       "must be a string, a number or null"},
      {replaced(good, "\"op\":\"conv\"", "\"op\":true"), "op",
       "must be a string, a number or null"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.line);
    try {
      record_from_json(c.line, "f.jsonl line 7");
      ADD_FAILURE() << "accepted a bad " << c.field;
    } catch (const InputError& e) {
      EXPECT_EQ(e.field(), "f.jsonl line 7, " + c.field) << e.what();
      EXPECT_NE(e.rule().find(c.rule), std::string::npos) << e.what();
    }
  }
}

TEST(DatabaseJsonTest, RejectsSyntaxErrorsNamingTheColumn) {
  const std::string good = record_to_json(make_record());
  const std::string syntax_errors[] = {
      "",
      "[]",
      good.substr(0, good.size() - 1),                              // no closing brace
      good.substr(0, 40),                                           // cut inside a string
      good + "x",                                                   // trailing text
      good + good,                                                  // two records on one line
      replaced(good, "\"op\":", "\"op\" "),                         // no colon
      replaced(good, ",\"op\"", " \"op\""),                         // no comma
      replaced(good, "\"op\":\"conv\"", "\"op\":\"co\\qnv\""),      // unknown escape
      replaced(good, "\"op\":\"conv\"", "\"op\":\"co\\u00zznv\""),  // bad \u
      replaced(good, "\"op\":\"conv\"", "\"op\":\"\\udc00\""),      // lone low surrogate
      replaced(good, "\"op\":\"conv\"", "\"op\":\"co\tnv\""),       // raw control character
      replaced(good, "\"threads\":3", "\"threads\":03"),            // leading zero
      replaced(good, "\"threads\":3", "\"threads\":-"),             // sign alone
      replaced(good, "\"threads\":3", "\"threads\":3."),            // no fraction digits
  };
  for (const std::string& line : syntax_errors) {
    SCOPED_TRACE(line);
    try {
      record_from_json(line, "f.jsonl line 2");
      ADD_FAILURE() << "accepted a malformed line";
    } catch (const InputError& e) {
      EXPECT_EQ(e.field().rfind("f.jsonl line 2, ", 0), 0u) << e.what();
    }
  }
  // A syntax error names its column (1-based).
  try {
    record_from_json("{\"uid\" 1}", "g line 1");
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "g line 1, column 8") << e.what();
  }
}

}  // namespace database_json_test
}  // namespace kf
