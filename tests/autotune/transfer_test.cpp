// Transfer: shape signatures compare only like with like (same op, layouts, ranks), nearer
// shapes are nearer, and transfer_candidates returns the best ok record per template of the
// nearest tuned workloads of the same target and thread count, never the workload itself;
// other_thread_count_candidates returns the workload's own best per template at other counts.
#include "autotune/transfer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "dsl/conv_desc.h"
#include "dsl/norm_desc.h"

namespace kf {
namespace transfer_test {

TuningRecord record_of(const OpDesc& desc, const std::string& template_name,
                       const std::string& knobs, double seconds, int threads = 1,
                       TrialStatus status = TrialStatus::kOk) {
  TuningRecord r;
  r.workload_key = desc.key();
  r.op = desc.op();
  r.target = "x86-64-linux-avx512";
  r.threads = threads;
  r.template_name = template_name;
  r.template_version = 1;
  r.knobs = knobs;
  r.status = status;
  if (status == TrialStatus::kOk) {
    r.min_seconds = r.median_seconds = seconds;
  } else {
    r.failure_reason = "failed";
  }
  r.tool_versions = "test";
  return r;
}

TEST(ShapeSignature, NearerShapesAreNearer) {
  const ShapeSignature base = shape_signature(parse_conv("mb1ic64ih56oc64oh56kh3ph1"));
  const ShapeSignature close = shape_signature(parse_conv("mb1ic64ih28oc64oh28kh3ph1"));
  const ShapeSignature far = shape_signature(parse_conv("mb1ic512ih7oc512oh7kh3ph1"));
  EXPECT_EQ(shape_distance(base, base), 0.0);
  EXPECT_LT(shape_distance(base, close), shape_distance(base, far));
  EXPECT_EQ(shape_distance(base, close), shape_distance(close, base));
}

TEST(ShapeSignature, DifferentStructuresNeverCompare) {
  const ShapeSignature nhwc = shape_signature(parse_conv("mb1ic8ih8oc8oh8kh3ph1_nhwc"));
  const ShapeSignature nchw = shape_signature(parse_conv("mb1ic8ih8oc8oh8kh3ph1_nchw"));
  const ShapeSignature bias = shape_signature(parse_conv("mb1ic8ih8oc8oh8kh3ph1_nhwc_bia"));
  const ShapeSignature conv1d = shape_signature(parse_conv("mb1ic8iw8oc8ow8kw3pw1_nhwc"));
  EXPECT_TRUE(std::isinf(shape_distance(nhwc, nchw)));
  EXPECT_TRUE(std::isinf(shape_distance(nhwc, bias)));
  EXPECT_TRUE(std::isinf(shape_distance(nhwc, conv1d)));
}

TEST(TransferCandidates, NearestWorkloadsBestPerTemplate) {
  std::unique_ptr<Database> db = Database::open(":memory:");
  const ConvDesc self = parse_conv("mb1ic64ih56oc64oh56kh3ph1");
  const ConvDesc near = parse_conv("mb1ic64ih28oc64oh28kh3ph1");
  const ConvDesc far = parse_conv("mb1ic512ih7oc512oh7kh3ph1");
  const ConvDesc nchw = parse_conv("mb1ic64ih56oc64oh56kh3ph1_nchw");
  db->insert(record_of(self, "a", "x=1", 1.0));  // itself: never a candidate
  db->insert(record_of(near, "a", "x=2", 3.0));
  db->insert(record_of(near, "a", "x=3", 2.0));  // a's best on `near`
  db->insert(record_of(near, "b", "y=1", 5.0));
  db->insert(record_of(near, "b", "y=2", 1.0, 1, TrialStatus::kCrash));  // failures never count
  db->insert(record_of(near, "a", "x=9", 0.5, /*threads=*/2));           // other thread count
  db->insert(record_of(far, "a", "x=4", 1.0));
  db->insert(record_of(nchw, "a", "x=5", 1.0));  // other layout

  const std::vector<TuningRecord> one = transfer_candidates(*db, self, "x86-64-linux-avx512", 1, 1);
  ASSERT_EQ(one.size(), 2u);
  EXPECT_EQ(one[0].workload_key, near.key());
  EXPECT_EQ(one[0].knobs, "x=3");
  EXPECT_EQ(one[1].knobs, "y=1");

  const std::vector<TuningRecord> two = transfer_candidates(*db, self, "x86-64-linux-avx512", 1, 5);
  ASSERT_EQ(two.size(), 3u);
  EXPECT_EQ(two[2].workload_key, far.key());
  EXPECT_TRUE(transfer_candidates(*db, self, "x86-64-linux-avx512", 1, 0).empty());
  EXPECT_TRUE(transfer_candidates(*db, self, "other-target", 1, 5).empty());
}

TEST(OtherThreadCountCandidates, SameWorkloadNearestCountFirst) {
  std::unique_ptr<Database> db = Database::open(":memory:");
  const ConvDesc self = parse_conv("mb1ic64ih56oc64oh56kh3ph1");
  const ConvDesc near = parse_conv("mb1ic64ih28oc64oh28kh3ph1");
  db->insert(record_of(self, "a", "x=1", 1.0, /*threads=*/2));  // this count: not a candidate
  db->insert(record_of(self, "a", "x=2", 3.0, /*threads=*/1));
  db->insert(record_of(self, "a", "x=3", 2.0, /*threads=*/1));  // a's best at 1 thread
  db->insert(record_of(self, "b", "y=1", 4.0, /*threads=*/1));
  db->insert(record_of(self, "b", "y=2", 0.5, /*threads=*/1, TrialStatus::kWrongResult));
  db->insert(record_of(self, "a", "x=4", 1.0, /*threads=*/8));
  db->insert(record_of(self, "a", "x=5", 1.0, /*threads=*/3));
  db->insert(record_of(near, "a", "x=6", 0.1, /*threads=*/1));  // another workload

  const std::vector<TuningRecord> seeds =
      other_thread_count_candidates(*db, self, "x86-64-linux-avx512", 2);
  ASSERT_EQ(seeds.size(), 4u);
  // 1 and 3 threads are both one away (the smaller first), then 8.
  EXPECT_EQ(seeds[0].knobs, "x=3");
  EXPECT_EQ(seeds[1].knobs, "y=1");
  EXPECT_EQ(seeds[2].knobs, "x=5");
  EXPECT_EQ(seeds[3].knobs, "x=4");
  for (const TuningRecord& seed : seeds) {
    EXPECT_EQ(seed.workload_key, self.key());
    EXPECT_NE(seed.threads, 2);
  }
  EXPECT_TRUE(other_thread_count_candidates(*db, self, "other-target", 2).empty());
  EXPECT_TRUE(other_thread_count_candidates(*db, parse_conv("mb1ic8ih8oc8oh8kh3ph1"),
                                            "x86-64-linux-avx512", 1)
                  .empty());
}

TEST(TransferCandidates, OtherOpsAreIgnored) {
  std::unique_ptr<Database> db = Database::open(":memory:");
  const ConvDesc conv = parse_conv("mb1ic8ih8oc8oh8kh3ph1");
  std::unique_ptr<OpDesc> norm = parse_op("lnorm", "30x300");
  db->insert(record_of(*norm, "norm_rows", "v=1", 1.0));
  EXPECT_TRUE(transfer_candidates(*db, conv, "x86-64-linux-avx512", 1, 3).empty());
}

}  // namespace transfer_test
}  // namespace kf
