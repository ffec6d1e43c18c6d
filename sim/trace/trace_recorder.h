// TraceRecorder: the EventSink that turns a run into its trace (DESIGN.md
// §5). Every engine event is stamped with the virtual time of the clock it
// was given and copied; the simulator adds the events the engine cannot
// know of (seed, crash, restart, expect results). The records feed the GUI,
// the tests and the writers (text, JSON Lines, Perfetto).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/base/clock.h"
#include "engine/base/event_sink.h"
#include "sim/trace/trace_record.h"

namespace tsdbsim {

class TraceRecorder final : public tsdb::EventSink {
 public:
  // Receives each record's canonical line (no newline) as it is recorded.
  using LineCallback = std::function<void(std::string_view line)>;

  // Until a clock is set, records are stamped 0.
  void set_clock(const tsdb::Clock* clock) { clock_ = clock; }
  void set_line_callback(LineCallback callback) { line_callback_ = std::move(callback); }

  void OnEvent(const tsdb::Event& event) override;
  // "seed", "config", "run", "crash", "power_loss", "restart", "expect_pass",
  // "expect_fail", "oracle", ...: type must pass IsValidSimEventType (a
  // wrong one is a bug in the caller, and asserts).
  void AddSimEvent(std::string_view type, std::string_view detail, int64_t count = 0);

  const std::vector<TraceRecord>& records() const { return records_; }
  size_t size() const { return records_.size(); }
  void Clear();

  int64_t Count(tsdb::EventType type) const;
  int64_t Count(std::string_view type_name) const;  // engine or simulator type
  // Every type recorded at least once, by name.
  std::vector<std::pair<std::string, int64_t>> Counts() const;

  // The trace hash (trace_text.h) of everything recorded so far.
  uint64_t Hash() const;
  std::string HashHex() const;

  void WriteText(std::ostream& out) const;
  void WriteJsonLines(std::ostream& out) const;
  void WritePerfetto(std::ostream& out) const;

 private:
  static constexpr size_t kEventTypeCount = tsdb::kEventTypeCount;

  void Add(TraceRecord record);
  int64_t NowMs() const { return clock_ != nullptr ? clock_->NowMs() : 0; }

  const tsdb::Clock* clock_ = nullptr;
  LineCallback line_callback_;
  std::vector<TraceRecord> records_;
  std::array<int64_t, kEventTypeCount> engine_counts_{};
  std::map<std::string, int64_t, std::less<>> sim_counts_;
  std::string line_;  // reused for the callback
};

}  // namespace tsdbsim
