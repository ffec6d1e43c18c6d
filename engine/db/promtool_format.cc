#include "engine/db/promtool_format.h"

#include <charconv>

#include "engine/db/go_format.h"
#include "engine/db/tabwriter.h"

namespace tsdb::db {

namespace {

std::string FormatTime(int64_t ms, bool human_readable) {
  // Go's ms/1000 truncates toward zero, as C++'s does.
  return human_readable ? GoUtcTimeString(ms / 1000) : std::to_string(ms);
}

// time.Duration(maxt-mint) * time.Millisecond with Go's wrapping int64 arithmetic.
int64_t DurationNs(int64_t mint, int64_t maxt) {
  const uint64_t ms = static_cast<uint64_t>(maxt) - static_cast<uint64_t>(mint);
  return static_cast<int64_t>(ms * 1'000'000u);
}

}  // namespace

void AppendDumpLine(std::string_view labels_text, int64_t t, double v, std::string* out) {
  out->append(labels_text);
  out->push_back(' ');
  AppendGoFloat(v, out);
  out->push_back(' ');
  char buf[24];
  const auto res = std::to_chars(buf, buf + sizeof buf, t);
  out->append(buf, res.ptr);
  out->push_back('\n');
}

std::string FormatBlockList(const std::vector<BlockListRow>& rows, bool human_readable) {
  std::string text = "BLOCK ULID\tMIN TIME\tMAX TIME\tDURATION\tNUM SAMPLES\tNUM CHUNKS\tNUM SERIES\tSIZE\n";
  for (const BlockListRow& r : rows) {
    const block::BlockMeta& m = r.meta;
    const int64_t size = static_cast<int64_t>(r.size_bytes);
    text += m.ulid.ToString() + "\t" + FormatTime(m.min_time, human_readable) + "\t" +
            FormatTime(m.max_time, human_readable) + "\t" + GoDurationString(DurationNs(m.min_time, m.max_time)) +
            "\t" + std::to_string(m.stats.num_samples) + "\t" + std::to_string(m.stats.num_chunks) + "\t" +
            std::to_string(m.stats.num_series) + "\t" +
            (human_readable ? GoBase2BytesString(size) : std::to_string(size)) + "\n";
  }
  return TabwriterFormat(text, /*minwidth=*/13, /*padding=*/2);
}

}  // namespace tsdb::db
