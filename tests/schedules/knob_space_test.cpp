// KnobSpace and Knob: the text form of configs at the database/CLI boundary (encode/decode and
// their errors), size(), contains(), and seeded, constraint-respecting sampling.
#include "schedules/knob_space.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "dsl/input_error.h"

namespace kf {
namespace knob_space_test {

// Three knobs, the last one labelled; the constraint excludes {tile=4, vec=1}.
KnobSpace small_space() {
  std::vector<Knob> knobs = {
      {"tile", {1, 2, 4}, {}},
      {"vec", {0, 1}, {}},
      {"pad_at", {0, 1, 2}, {"inline", "row", "image"}},
  };
  return KnobSpace(std::move(knobs),
                   [](const Config& c) { return c.values[0] + c.values[1] <= 4; });
}

// Every combination of legal values, whether or not the constraint holds.
std::vector<Config> all_combinations(const KnobSpace& space) {
  std::vector<Config> result = {Config{}};
  for (const Knob& knob : space.knobs()) {
    std::vector<Config> next;
    for (const Config& prefix : result) {
      for (int value : knob.values) {
        Config c = prefix;
        c.values.push_back(value);
        next.push_back(c);
      }
    }
    result = std::move(next);
  }
  return result;
}

// Runs decode(text) and returns the InputError it throws; fails the test if it does not throw.
InputError decode_error(const KnobSpace& space, const std::string& text) {
  try {
    const Config c = space.decode(text);
    ADD_FAILURE() << "decode(\"" << text << "\") returned {" << space.encode(c)
                  << "} instead of throwing";
  } catch (const InputError& e) {
    return e;
  }
  return InputError("", "");
}

TEST(KnobTest, FormatUsesLabelsWhenPresent) {
  const KnobSpace space = small_space();
  EXPECT_EQ(space.knobs()[0].format(4), "4");
  EXPECT_EQ(space.knobs()[2].format(0), "inline");
  EXPECT_EQ(space.knobs()[2].format(2), "image");
}

TEST(KnobTest, ParseIsTheInverseOfFormat) {
  const KnobSpace space = small_space();
  for (const Knob& knob : space.knobs()) {
    for (int value : knob.values) EXPECT_EQ(knob.parse(knob.format(value)), value) << knob.name;
  }
}

TEST(KnobTest, ParseRejectsIllegalValueNamingTheKnob) {
  const Knob knob{"tile", {1, 2, 4}, {}};
  try {
    knob.parse("3");
    FAIL() << "parse(\"3\") did not throw";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "knob tile");
    EXPECT_NE(e.rule().find("'3'"), std::string::npos) << e.what();
  }
  // A labelled knob accepts labels only, not the underlying numbers.
  const Knob labelled{"pad_at", {0, 1}, {"inline", "row"}};
  EXPECT_THROW(labelled.parse("1"), InputError);
  EXPECT_EQ(labelled.parse("row"), 1);
}

TEST(KnobSpaceTest, SizeIsTheProductOfValueCounts) {
  EXPECT_EQ(small_space().size(), 3 * 2 * 3);
  EXPECT_EQ(KnobSpace().size(), 1);  // one config: the empty one
  EXPECT_EQ(KnobSpace({{"a", {1, 2}, {}}, {"b", {}, {}}}).size(), 0);
  EXPECT_EQ(KnobSpace({{"only", {7}, {}}}).size(), 1);
}

TEST(KnobSpaceTest, SizeSaturatesInsteadOfOverflowing) {
  std::vector<Knob> knobs;
  for (int i = 0; i < 40; ++i) knobs.push_back({"k" + std::to_string(i), {1, 2, 3, 4}, {}});
  EXPECT_EQ(KnobSpace(knobs).size(), std::numeric_limits<int64_t>::max());
}

TEST(KnobSpaceTest, IndexOfFindsKnobsAndRejectsUnknownNames) {
  const KnobSpace space = small_space();
  EXPECT_EQ(space.index_of("tile"), 0);
  EXPECT_EQ(space.index_of("pad_at"), 2);
  EXPECT_THROW(space.index_of("nope"), std::logic_error);
}

TEST(KnobSpaceTest, ContainsChecksLengthValuesAndConstraint) {
  const KnobSpace space = small_space();
  EXPECT_TRUE(space.contains(Config{{2, 1, 0}}));
  EXPECT_TRUE(space.contains(Config{{4, 0, 2}}));
  EXPECT_FALSE(space.contains(Config{{4, 1, 0}}));     // constraint
  EXPECT_FALSE(space.contains(Config{{3, 0, 0}}));     // 3 is not a legal tile
  EXPECT_FALSE(space.contains(Config{{1, 0, 3}}));     // 3 is not a legal pad_at
  EXPECT_FALSE(space.contains(Config{{1, 0}}));        // too short
  EXPECT_FALSE(space.contains(Config{{1, 0, 0, 0}}));  // too long
}

TEST(KnobSpaceTest, EncodeIsCanonicalNameValueText) {
  const KnobSpace space = small_space();
  EXPECT_EQ(space.encode(Config{{2, 1, 1}}), "tile=2,vec=1,pad_at=row");
  EXPECT_EQ(space.encode(Config{{4, 0, 0}}), "tile=4,vec=0,pad_at=inline");
}

TEST(KnobSpaceTest, EncodeDecodeRoundTripsEveryConfig) {
  const KnobSpace space = small_space();
  const std::vector<Config> configs = all_combinations(space);
  ASSERT_EQ(static_cast<int64_t>(configs.size()), space.size());
  int legal = 0;
  for (const Config& config : configs) {
    const std::string text = space.encode(config);
    if (!space.contains(config)) {
      // Legal values that break the joint constraint are rejected as a whole.
      EXPECT_EQ(decode_error(space, text).field(), "knobs") << text;
      continue;
    }
    ++legal;
    EXPECT_EQ(space.decode(text), config) << text;
    EXPECT_EQ(space.encode(space.decode(text)), text);
  }
  EXPECT_GT(legal, 0);
  EXPECT_LT(legal, static_cast<int>(configs.size()));
}

TEST(KnobSpaceTest, DecodeIsOrderInsensitive) {
  const KnobSpace space = small_space();
  EXPECT_EQ(space.decode("pad_at=image,tile=1,vec=1"), (Config{{1, 1, 2}}));
  EXPECT_EQ(space.decode("vec=0,pad_at=row,tile=4"), (Config{{4, 0, 1}}));
}

TEST(KnobSpaceTest, DecodeRejectsUnknownKnob) {
  const InputError e = decode_error(small_space(), "tile=1,vec=0,pad_at=row,unroll=2");
  EXPECT_EQ(e.field(), "knobs");
  EXPECT_NE(e.rule().find("unroll"), std::string::npos) << e.what();
}

// A knob added to a template after records were written: text without it (an older record)
// decodes to the value that reproduces the old schedule; a given value still has to be legal.
TEST(KnobSpaceTest, AKnobAddedLaterTakesItsOldValueWhenMissing) {
  std::vector<Knob> knobs = small_space().knobs();
  knobs.push_back(Knob{"chunks", {1, 2, 4}, {}, 1});
  const KnobSpace space(knobs);
  EXPECT_EQ(space.decode("tile=2,vec=1,pad_at=row"), (Config{{2, 1, 1, 1}}));
  EXPECT_EQ(space.decode("tile=2,vec=1,pad_at=row,chunks=4"), (Config{{2, 1, 1, 4}}));
  EXPECT_EQ(decode_error(space, "tile=2,vec=1,pad_at=row,chunks=3").field(), "knob chunks");
  EXPECT_EQ(decode_error(space, "tile=2,pad_at=row").field(), "knobs");  // vec has no old value
}

// An old value outside the knob's values is a template bug, caught where the space is made.
TEST(KnobSpaceTest, AnOldValueMustBeOneOfTheKnobsValues) {
  std::vector<Knob> knobs = small_space().knobs();
  knobs.push_back(Knob{"chunks", {2, 4}, {}, 1});
  try {
    KnobSpace space(knobs);
    ADD_FAILURE() << "a knob space took value_before_added 1 for values {2, 4}";
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("chunks"), std::string::npos) << e.what();
  }
}

TEST(KnobSpaceTest, DecodeRejectsMissingKnob) {
  const InputError e = decode_error(small_space(), "tile=1,pad_at=row");
  EXPECT_EQ(e.field(), "knobs");
  EXPECT_NE(e.rule().find("vec"), std::string::npos) << e.what();
  EXPECT_EQ(decode_error(small_space(), "").field(), "knobs");
}

TEST(KnobSpaceTest, DecodeRejectsIllegalValue) {
  const InputError number = decode_error(small_space(), "tile=3,vec=0,pad_at=row");
  EXPECT_EQ(number.field(), "knob tile");
  EXPECT_NE(number.rule().find("'3'"), std::string::npos) << number.what();
  const InputError label = decode_error(small_space(), "tile=1,vec=0,pad_at=nowhere");
  EXPECT_EQ(label.field(), "knob pad_at");
  EXPECT_NE(label.rule().find("nowhere"), std::string::npos) << label.what();
  // Numbers must be spelled exactly as encode() does.
  EXPECT_THROW(small_space().decode("tile=01,vec=0,pad_at=row"), InputError);
}

TEST(KnobSpaceTest, DecodeRejectsMalformedText) {
  const KnobSpace space = small_space();
  for (const std::string text : {"a=1,b", "tile=1,vec", "tile=1,vec=,pad_at=row",
                                 "tile=1,=0,pad_at=row", "tile=1,,vec=0,pad_at=row"}) {
    const InputError e = decode_error(space, text);
    EXPECT_EQ(e.field(), "knobs") << text << ": " << e.what();
  }
}

TEST(KnobSpaceTest, DecodeRejectsKnobGivenTwice) {
  const InputError e = decode_error(small_space(), "tile=1,vec=0,pad_at=row,tile=2");
  EXPECT_EQ(e.field(), "knobs");
  EXPECT_NE(e.rule().find("tile"), std::string::npos) << e.what();
}

TEST(KnobSpaceTest, SampleRespectsValuesAndConstraint) {
  const KnobSpace space = small_space();
  std::mt19937_64 rng(7);
  std::set<std::vector<int>> seen;
  for (int i = 0; i < 2000; ++i) {
    const Config c = space.sample(rng);
    ASSERT_TRUE(space.contains(c)) << space.encode(c);
    ASSERT_FALSE(c.values[0] == 4 && c.values[1] == 1) << space.encode(c);
    seen.insert(c.values);
  }
  // Uniform sampling reaches every one of the 15 legal configs in 2000 draws.
  EXPECT_EQ(seen.size(), 15u);
}

TEST(KnobSpaceTest, SampleIsDeterministicForASeed) {
  const KnobSpace space = small_space();
  std::mt19937_64 a(42), b(42), other(43);
  std::vector<Config> first, second, third;
  for (int i = 0; i < 50; ++i) {
    first.push_back(space.sample(a));
    second.push_back(space.sample(b));
    third.push_back(space.sample(other));
  }
  EXPECT_EQ(first, second);
  EXPECT_NE(first, third);
}

TEST(KnobSpaceTest, SampleThrowsWhenTheConstraintRejectsEverything) {
  const KnobSpace space({{"a", {1, 2}, {}}}, [](const Config&) { return false; });
  std::mt19937_64 rng(1);
  EXPECT_THROW(space.sample(rng), std::logic_error);
}

}  // namespace knob_space_test
}  // namespace kf
