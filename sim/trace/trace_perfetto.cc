#include "sim/trace/trace_perfetto.h"

#include <map>
#include <optional>
#include <string>

#include "sim/trace/trace_json.h"
#include "sim/trace/trace_text.h"

namespace tsdbsim {
namespace {

using tsdb::EventType;
using Json = nlohmann::ordered_json;

// Lanes are this far apart in tid, leaving room for target tracks; the
// viewer orders threads by thread_sort_index, which is the tid.
constexpr int64_t kLaneTidStride = 1'000'000;

int64_t Micros(int64_t t_ms) { return t_ms * 1000; }

class PerfettoWriter {
 public:
  explicit PerfettoWriter(std::ostream& out) : out_(out) {}

  void Write(std::span<const TraceRecord> records) {
    out_ << "{\"traceEvents\":[\n";
    Emit({{"name", "process_name"}, {"ph", "M"}, {"pid", kPerfettoPid}, {"tid", 0},
          {"args", {{"name", "tsdbsim"}}}});
    for (int i = 0; i < kLaneCount; i++) {
      const auto lane = static_cast<Lane>(i);
      NameThread(PerfettoLaneTid(lane), LaneName(lane));
    }
    for (const TraceRecord& r : records) Add(r);
    // Spans still open when the trace ends (a crash) stay visible as instants.
    for (const auto& [ref, start] : open_scrapes_) Instant(*start, TargetTid(ref, nullptr));
    if (open_compaction_ != nullptr) Instant(*open_compaction_, PerfettoLaneTid(Lane::kBlocks));
    out_ << "\n],\"displayTimeUnit\":\"ms\",\"otherData\":"
         << DumpJson({{"generator", "tsdbsim"},
                      {"events", records.size()},
                      {"trace_hash", TraceHashHex(TraceHash(records))}})
         << "}\n";
  }

 private:
  void Emit(const Json& event) {
    if (!first_) out_ << ",\n";
    first_ = false;
    out_ << DumpJson(event);
  }

  void NameThread(int64_t tid, const std::string& name) {
    Emit({{"name", "thread_name"}, {"ph", "M"}, {"pid", kPerfettoPid}, {"tid", tid},
          {"args", {{"name", name}}}});
    Emit({{"name", "thread_sort_index"}, {"ph", "M"}, {"pid", kPerfettoPid}, {"tid", tid},
          {"args", {{"sort_index", tid}}}});
  }

  // A target's own track, named on first sight after its labels when its
  // target_added is that sight.
  int64_t TargetTid(uint64_t ref, const TraceRecord* first) {
    if (auto it = target_tids_.find(ref); it != target_tids_.end()) return it->second;
    const auto ordinal = static_cast<int64_t>(target_tids_.size());
    if (ordinal + 1 >= kLaneTidStride) return PerfettoLaneTid(Lane::kScrape);
    const int64_t tid = PerfettoTargetTid(ordinal);
    target_tids_.emplace(ref, tid);
    std::string name = "target " + std::to_string(ref);
    if (first != nullptr && first->is(EventType::kTargetAdded) && !first->detail.empty()) {
      name += " " + first->detail;
    }
    NameThread(tid, name);
    return tid;
  }

  void Instant(const TraceRecord& r, int64_t tid) {
    Emit({{"name", r.type_name()}, {"cat", LaneName(r.lane)}, {"ph", "i"}, {"s", "t"},
          {"ts", Micros(r.t_ms)}, {"pid", kPerfettoPid}, {"tid", tid},
          {"args", RecordFieldsJson(r)}});
  }

  void Complete(const std::string& name, const TraceRecord& start, const TraceRecord& end,
                int64_t tid) {
    Emit({{"name", name}, {"cat", LaneName(end.lane)}, {"ph", "X"}, {"ts", Micros(start.t_ms)},
          {"dur", Micros(end.t_ms) - Micros(start.t_ms)}, {"pid", kPerfettoPid}, {"tid", tid},
          {"args", RecordFieldsJson(end)}});
  }

  void Add(const TraceRecord& r) {
    if (r.is(EventType::kTargetAdded)) {
      TargetTid(r.ref, &r);
      Instant(r, PerfettoLaneTid(Lane::kScrape));
    } else if (r.is(EventType::kScrapeStart)) {
      const int64_t tid = TargetTid(r.ref, &r);
      auto [it, fresh] = open_scrapes_.try_emplace(r.ref, &r);
      if (!fresh) {  // the previous one never ended
        Instant(*it->second, tid);
        it->second = &r;
      }
    } else if (r.is(EventType::kScrapeEnd)) {
      const int64_t tid = TargetTid(r.ref, &r);
      if (auto it = open_scrapes_.find(r.ref); it != open_scrapes_.end()) {
        Complete(r.detail.empty() ? "scrape" : "scrape failed", *it->second, r, tid);
        open_scrapes_.erase(it);
      } else {
        Instant(r, tid);
      }
    } else if (r.is(EventType::kStaleMarkers)) {
      Instant(r, TargetTid(r.ref, &r));
    } else if (r.is(EventType::kCompactionStart)) {
      if (open_compaction_ != nullptr) Instant(*open_compaction_, PerfettoLaneTid(Lane::kBlocks));
      open_compaction_ = &r;
    } else if (r.is(EventType::kCompactionEnd) && open_compaction_ != nullptr) {
      Complete("compaction", *open_compaction_, r, PerfettoLaneTid(Lane::kBlocks));
      open_compaction_ = nullptr;
    } else {
      Instant(r, PerfettoLaneTid(r.lane));
    }
  }

  std::ostream& out_;
  bool first_ = true;
  std::map<uint64_t, int64_t> target_tids_;
  std::map<uint64_t, const TraceRecord*> open_scrapes_;
  const TraceRecord* open_compaction_ = nullptr;
};

}  // namespace

int64_t PerfettoLaneTid(Lane lane) { return (static_cast<int64_t>(lane) + 1) * kLaneTidStride; }
int64_t PerfettoTargetTid(int64_t target_ordinal) {
  return PerfettoLaneTid(Lane::kScrape) + 1 + target_ordinal;
}

void WritePerfetto(std::span<const TraceRecord> records, std::ostream& out) {
  PerfettoWriter(out).Write(records);
}

}  // namespace tsdbsim
