#include "sim/trace/trace_recorder.h"

#include <algorithm>

#include "engine/base/assert.h"
#include "sim/trace/trace_json.h"
#include "sim/trace/trace_perfetto.h"
#include "sim/trace/trace_text.h"

namespace tsdbsim {

void TraceRecorder::OnEvent(const tsdb::Event& event) {
  const auto index = static_cast<size_t>(event.type);
  TSDB_ASSERT(index < kEventTypeCount);
  engine_counts_[index]++;
  Add(RecordFromEvent(event, NowMs()));
}

void TraceRecorder::AddSimEvent(std::string_view type, std::string_view detail, int64_t count) {
  TSDB_ASSERT(IsValidSimEventType(type));
  TraceRecord r;
  r.t_ms = NowMs();
  r.lane = Lane::kSim;
  r.sim_type.assign(type);
  r.count = count;
  r.detail.assign(detail);
  if (auto it = sim_counts_.find(type); it != sim_counts_.end()) {
    it->second++;
  } else {
    sim_counts_.emplace(std::string(type), 1);
  }
  Add(std::move(r));
}

void TraceRecorder::Add(TraceRecord record) {
  records_.push_back(std::move(record));
  if (line_callback_) {
    line_.clear();
    AppendTraceLine(records_.back(), records_.front().t_ms, &line_);
    line_callback_(line_);
  }
}

void TraceRecorder::Clear() {
  records_.clear();
  engine_counts_.fill(0);
  sim_counts_.clear();
}

int64_t TraceRecorder::Count(tsdb::EventType type) const {
  return engine_counts_[static_cast<size_t>(type)];
}

int64_t TraceRecorder::Count(std::string_view type_name) const {
  if (const auto type = EventTypeFromName(type_name); type.has_value()) return Count(*type);
  const auto it = sim_counts_.find(type_name);
  return it != sim_counts_.end() ? it->second : 0;
}

std::vector<std::pair<std::string, int64_t>> TraceRecorder::Counts() const {
  std::vector<std::pair<std::string, int64_t>> out(sim_counts_.begin(), sim_counts_.end());
  for (size_t i = 0; i < kEventTypeCount; i++) {
    if (engine_counts_[i] != 0) {
      out.emplace_back(tsdb::EventTypeName(static_cast<tsdb::EventType>(i)), engine_counts_[i]);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

uint64_t TraceRecorder::Hash() const { return TraceHash(records_); }
std::string TraceRecorder::HashHex() const { return TraceHashHex(Hash()); }

void TraceRecorder::WriteText(std::ostream& out) const { tsdbsim::WriteText(records_, out); }
void TraceRecorder::WriteJsonLines(std::ostream& out) const {
  tsdbsim::WriteJsonLines(records_, out);
}
void TraceRecorder::WritePerfetto(std::ostream& out) const {
  tsdbsim::WritePerfetto(records_, out);
}

}  // namespace tsdbsim
