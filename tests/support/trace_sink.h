// Records every engine event as one text line stamped with virtual time, so
// two runs can be compared line by line (issue 5 builds the real trace).
#pragma once

#include <string>
#include <vector>

#include "engine/base/clock.h"
#include "engine/base/event_sink.h"

namespace tsdb::testing {

class TraceSink final : public EventSink {
 public:
  // Until a clock is set, events are stamped 0.
  void set_clock(const Clock* clock) { clock_ = clock; }
  void OnEvent(const Event& e) override {
    lines.push_back(std::to_string(clock_ != nullptr ? clock_->NowMs() : 0) + " " + EventTypeName(e.type) + " seg=" +
                    std::to_string(e.segment) + " off=" + std::to_string(e.offset) + " bytes=" +
                    std::to_string(e.bytes) + " count=" + std::to_string(e.count) + " ref=" +
                    std::to_string(e.ref) + " mint=" + std::to_string(e.mint) + " maxt=" +
                    std::to_string(e.maxt) + " rt=" + std::to_string(e.record_type) + " " + std::string(e.detail));
  }
  std::vector<std::string> lines;

 private:
  const Clock* clock_ = nullptr;
};

}  // namespace tsdb::testing
