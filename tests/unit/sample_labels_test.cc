// What a scrape does to an exposed label set before appending it
// (MutateSampleLabels, 2.42's mutateSampleLabels on a labels.Builder) and
// the scrape loop's own checks of the result (CheckSampleLabels).
#include <gtest/gtest.h>

#include "engine/scrape/sample_labels.h"

namespace tsdb::scrape {
namespace {

const Labels kTarget = Labels::FromStrings({"instance", "node-1:9100", "job", "node"});

TEST(SampleLabelsTest, TargetLabelsAddedAndClashesExported) {
  EXPECT_EQ(MutateSampleLabels(Labels::FromStrings({"__name__", "m", "job", "x"}), kTarget, false),
            Labels::FromStrings(
                {"__name__", "m", "exported_job", "x", "instance", "node-1:9100", "job", "node"}));
  EXPECT_EQ(MutateSampleLabels(Labels::FromStrings({"__name__", "m", "job", "x"}), kTarget, true),
            Labels::FromStrings({"__name__", "m", "instance", "node-1:9100", "job", "x"}));
}

// labels.Builder leaves out every base pair of a name it deletes or sets,
// so a name the page repeats goes whole, not one pair of it.
TEST(SampleLabelsTest, RepeatedNamesGoWholeAsIn242) {
  const Labels empty_then_set = Labels::FromStrings({"__name__", "m", "a", "", "a", "2"});
  EXPECT_EQ(MutateSampleLabels(empty_then_set, kTarget, false),
            Labels::FromStrings({"__name__", "m", "instance", "node-1:9100", "job", "node"}));
  // Two exposed jobs: the target's replaces both; the first is exported.
  const Labels two_jobs = Labels::FromStrings({"__name__", "m", "job", "x", "job", "y"});
  EXPECT_EQ(MutateSampleLabels(two_jobs, kTarget, false),
            Labels::FromStrings(
                {"__name__", "m", "exported_job", "x", "instance", "node-1:9100", "job", "node"}));
  // With honor_labels the page's jobs stay, both: the head then refuses the set.
  EXPECT_TRUE(MutateSampleLabels(two_jobs, kTarget, true).HasDuplicateLabelNames());
  // A repeated name the target does not have stays repeated.
  EXPECT_TRUE(MutateSampleLabels(Labels::FromStrings({"__name__", "m", "a", "1", "a", "2"}),
                                 kTarget, false)
                  .HasDuplicateLabelNames());
  // An empty __name__ takes the exposed name with it.
  EXPECT_FALSE(MutateSampleLabels(Labels::FromStrings({"__name__", "m", "__name__", ""}), kTarget,
                                  false)
                   .Has("__name__"));
}

TEST(SampleLabelsTest, ReportSeriesKeepTheirNameAndExportClashes) {
  EXPECT_EQ(MutateReportSampleLabels(Labels::FromStrings({"__name__", "up"}), kTarget),
            Labels::FromStrings({"__name__", "up", "instance", "node-1:9100", "job", "node"}));
}

TEST(SampleLabelsTest, ScrapeLoopChecksInItsOrderAndWords) {
  EXPECT_TRUE(CheckSampleLabels(Labels::FromStrings({"__name__", "m", "a", "1"})).ok());
  EXPECT_EQ(CheckSampleLabels(Labels::FromStrings({"a", "1"})).message(),
            "missing metric name (__name__ label)");
  EXPECT_EQ(CheckSampleLabels(Labels()).message(), "missing metric name (__name__ label)");
  EXPECT_EQ(CheckSampleLabels(Labels::FromStrings({"__name__", "1m"})).message(),
            "invalid metric name or label names: {__name__=\"1m\"}");
  EXPECT_EQ(CheckSampleLabels(Labels::FromStrings({"__name__", "m", "a-b", "1"})).message(),
            "invalid metric name or label names: {__name__=\"m\", a-b=\"1\"}");
  EXPECT_EQ(CheckSampleLabels(Labels::FromStrings({"__name__", "m", "a", "\xff"})).message(),
            "invalid metric name or label names: {__name__=\"m\", a=\"\\xff\"}");
  // Repeated names are the head's check, made when the sample is appended.
  EXPECT_TRUE(CheckSampleLabels(Labels::FromStrings({"__name__", "m", "a", "1", "a", "2"})).ok());
}

}  // namespace
}  // namespace tsdb::scrape
