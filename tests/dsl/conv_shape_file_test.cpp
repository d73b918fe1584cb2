// Shape files: every line of every benchdnn conv shape file parses, validates and round-trips;
// hand-checked spot values from those files; the --mb override; comments; errors that name
// "<path>:<line>"; and parse_conv_list's "descriptor or file" dispatch.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <string>
#include <vector>

#include "dsl/conv_desc.h"
#include "dsl/input_error.h"

namespace kf {
namespace conv_shape_file_test {

const std::string kConvDir = std::string(KF_SHAPES_DIR) + "/conv";

std::vector<std::string> conv_shape_files() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(kConvDir, ec)) {
    if (entry.is_regular_file()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// Lines that are neither blank nor whole-line comments, counted independently of the reader.
int count_descriptor_lines(const std::string& path) {
  std::ifstream in(path);
  int count = 0;
  for (std::string line; std::getline(in, line);) {
    const size_t first = line.find_first_not_of(" \t\r");
    if (first != std::string::npos && line[first] != '#') ++count;
  }
  return count;
}

std::vector<ShapeEntry> read(const std::string& file, int64_t mb = 0) {
  return read_conv_shape_file(kConvDir + "/" + file, mb);
}

const ShapeEntry& find(const std::vector<ShapeEntry>& entries, const std::string& name) {
  const auto it = std::find_if(entries.begin(), entries.end(),
                               [&](const ShapeEntry& e) { return e.desc.name == name; });
  if (it == entries.end()) throw std::runtime_error("no entry named " + name);
  return *it;
}

TEST(BenchdnnShapeFiles, AllNineConvFilesArePresent) {
  EXPECT_EQ(conv_shape_files().size(), 9u) << kConvDir;
}

class BenchdnnConvFile : public ::testing::TestWithParam<std::string> {};

TEST_P(BenchdnnConvFile, EveryLineParsesValidatesAndRoundTrips) {
  const std::string path = kConvDir + "/" + GetParam();
  const std::vector<ShapeEntry> entries = read_conv_shape_file(path);
  EXPECT_EQ(static_cast<int>(entries.size()), count_descriptor_lines(path));
  for (const ShapeEntry& e : entries) {
    SCOPED_TRACE(GetParam() + ":" + std::to_string(e.line));
    EXPECT_NO_THROW(validate(e.desc));
    EXPECT_GE(e.multiplicity, 1);
    EXPECT_EQ(parse_conv(to_string(e.desc)), e.desc) << to_string(e.desc);
    EXPECT_GT(e.desc.flops(), 0.0);
  }
}

INSTANTIATE_TEST_SUITE_P(Conv, BenchdnnConvFile, ::testing::ValuesIn(conv_shape_files()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;  // file names are identifiers already
                         });

TEST(BenchdnnShapeFiles, ResNet50HasItsFiftyThreeConvolutions) {
  const std::vector<ShapeEntry> entries = read("shapes_resnet_50");
  EXPECT_EQ(entries.size(), 20u);
  const int total = std::accumulate(entries.begin(), entries.end(), 0,
                                    [](int s, const ShapeEntry& e) { return s + e.multiplicity; });
  EXPECT_EQ(total, 53);
  EXPECT_EQ(find(entries, "resnet_50:res2a_branch2b").multiplicity, 3);
  EXPECT_EQ(find(entries, "resnet_50:res2a_branch2b").line, 6);
  const ConvDesc& branch1 = find(entries, "resnet_50:res3a_branch1").desc;
  EXPECT_EQ(branch1.pad_end[0], -1);
  EXPECT_EQ(branch1.pad_end[1], -1);
  EXPECT_EQ(find(entries, "resnet_50:conv1").desc.flops(), 11801395200.0);
}

TEST(BenchdnnShapeFiles, MinibatchDefaultsToTwo) {
  for (const ShapeEntry& e : read("shapes_basic")) EXPECT_EQ(e.desc.mb, 2) << e.desc.name;
}

TEST(BenchdnnShapeFiles, DilationIsConvertedFromZeroBased) {
  const std::vector<ShapeEntry> entries = read("shapes_dilated");
  const ConvDesc& first = find(entries, "dilated_conv:1").desc;
  EXPECT_EQ(first.dilation[0], 2);
  EXPECT_EQ(first.dilation[1], 2);
  const ConvDesc& asym = find(entries, "dilated_conv:19").desc;  // dh1, dw2
  EXPECT_EQ(asym.dilation[0], 2);
  EXPECT_EQ(asym.dilation[1], 3);
  EXPECT_EQ(asym.pad_end[1], -1);  // (72 - 1) * 3 - 227 + 13 - 0
  EXPECT_EQ(find(entries, "dilated_conv:26").desc.spatial_rank, 3);
}

TEST(BenchdnnShapeFiles, OneAndThreeDimensionalFilesGetTheirRank) {
  for (const char* file : {"shapes_1d", "shapes_1d_wavenet"}) {
    for (const ShapeEntry& e : read(file)) EXPECT_EQ(e.desc.spatial_rank, 1) << e.desc.name;
  }
  for (const ShapeEntry& e : read("shapes_3d")) EXPECT_EQ(e.desc.spatial_rank, 3) << e.desc.name;
}

TEST(BenchdnnShapeFiles, MinibatchOverrideReplacesEveryBatch) {
  for (const ShapeEntry& e : read("shapes_resnet_50", 7)) EXPECT_EQ(e.desc.mb, 7);
  EXPECT_EQ(read("shapes_resnet_50", 0).front().desc.mb, 50);
  try {
    read("shapes_resnet_50", -1);
    ADD_FAILURE() << "negative --mb accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "--mb");
  }
}

class ShapeFileTest : public ::testing::Test {
 protected:
  std::string write(const std::string& contents) {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = ::testing::TempDir() + "kf_shapes_" + info->name();
    std::ofstream(path_) << contents;
    return path_;
  }
  void TearDown() override {
    if (!path_.empty()) std::filesystem::remove(path_);
  }
  std::string path_;
};

TEST_F(ShapeFileTest, SkipsCommentsAndBlankLinesAndKeepsLineNumbers) {
  const std::string path = write(
      "# header\n\n   \n"
      "ic3oc4ih5kh3 # trailing comment\r\n"
      "  ic3oc4ih5kh3n\"a#b*2\"_relu\n");
  const std::vector<ShapeEntry> entries = read_conv_shape_file(path);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].line, 4);
  EXPECT_EQ(entries[1].line, 5);
  EXPECT_EQ(entries[1].desc.name, "a#b");
  EXPECT_EQ(entries[1].multiplicity, 2);
  EXPECT_EQ(entries[1].desc.activation, Activation::kRelu);
}

TEST_F(ShapeFileTest, ErrorNamesPathLineAndInnerField) {
  const std::string path = write("ic3oc4ih5kh3\n# fine\nic3oc4ih0kh3\n");
  try {
    read_conv_shape_file(path);
    ADD_FAILURE() << "bad line accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), path + ":3");
    EXPECT_EQ(e.rule(), "ih: must be positive, got 0");
  }
}

TEST_F(ShapeFileTest, MinibatchOverrideIsValidated) {
  const std::string path = write("ic3oc4ih5kh3\n");
  try {
    read_conv_shape_file(path, int64_t{1} << 40);
    ADD_FAILURE() << "huge --mb accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), path + ":1");
    EXPECT_NE(e.rule().find("mb: must be at most"), std::string::npos) << e.what();
  }
}

TEST_F(ShapeFileTest, MissingFileAndDirectoryAreInputErrors) {
  const std::string missing = ::testing::TempDir() + "kf_no_such_shape_file";
  try {
    read_conv_shape_file(missing);
    ADD_FAILURE() << "missing file accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), missing);
    EXPECT_NE(e.rule().find("no such file"), std::string::npos) << e.what();
  }
  try {
    read_conv_shape_file(kConvDir);
    ADD_FAILURE() << "directory accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), kConvDir);
    EXPECT_NE(e.rule().find("directory"), std::string::npos) << e.what();
  }
}

TEST_F(ShapeFileTest, ParseConvListAcceptsADescriptorOrAFile) {
  const std::vector<ShapeEntry> one = parse_conv_list("ic3oc4ih5kh3n\"x*4\"", 5);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].desc.mb, 5);
  EXPECT_EQ(one[0].multiplicity, 4);
  EXPECT_EQ(one[0].line, 0);
  const std::string path = write("ic3oc4ih5kh3\nic3oc4iw5kw3\n");
  const std::vector<ShapeEntry> file = parse_conv_list(path);
  ASSERT_EQ(file.size(), 2u);
  EXPECT_EQ(file[1].desc.spatial_rank, 1);
  try {
    parse_conv_list("shapes/no_such_file");
    ADD_FAILURE() << "missing path accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "descriptor");
    EXPECT_NE(e.rule().find("no shape file named 'shapes/no_such_file'"), std::string::npos)
        << e.what();
  }
}

}  // namespace conv_shape_file_test
}  // namespace kf
