// `fault` steps: engine fault points, filesystem faults and swarm plans.
#include "sim/scenario/simulation_internal.h"
#include "sim/scenario/values.h"

namespace tsdbsim {

tsdb::Status Simulation::AddFault(const ::tsdbsim::Step& step) {
  if (step.kind_word == "point") {
    tsdb::FaultPoint point;
    if (!tsdb::FaultPointFromName(step.name, &point)) {
      std::string names;
      for (int i = 0; i < tsdb::kFaultPointCount; i++) {
        names += (i ? ", " : "") + std::string(tsdb::FaultPointName(static_cast<tsdb::FaultPoint>(i)));
      }
      return Error(step, 13, "unknown fault point \"" + step.name + "\" (expected one of " + names + ")");
    }
    uint32_t ppm = 1'000'000;
    for (const Option& o : step.options) {
      if (o.key != "chance") return Error(step, o.column, "unknown option \"" + o.key + "\" (expected chance=RATIO)");
      auto r = ParseRatioPpm(o.value);
      if (!r.ok()) return Error(step, o.column, "chance: " + r.status().message());
      ppm = *r;
    }
    fault_points_->Enable(point, ppm);
    Note("fault", "point " + step.name + " chance_ppm=" + std::to_string(ppm));
    return {};
  }
  if (step.kind_word == "swarm") return AddSwarm(step);
  return AddFsFault(step);
}

// Swarm testing: which faults are on, and how often, is drawn from the
// seed, so a sweep over seeds tries many different mixes. Only faults
// that never corrupt stored bytes are drawn: whatever they cause, the
// oracle's contract must hold.
tsdb::Status Simulation::AddSwarm(const ::tsdbsim::Step& step) {
  if (!step.options.empty()) return Error(step, step.options[0].column, "fault swarm takes no options");
  AttachFaultPlan();
  swarm_ = true;
  Rng draw = rng_.Fork(0x5a4);
  static constexpr uint32_t kRatesPpm[] = {100, 1'000, 10'000, 50'000};
  auto rate = [&draw] { return kRatesPpm[draw.Below(4)]; };
  std::string chosen;
  auto rule = [&](fault::FaultAction action, fault::FaultCall call, const std::string& glob, const char* name) {
    if (draw.Below(2) == 0) return;
    fault::FaultRule r;
    r.action = action;
    r.calls = fault::CallSet(call);
    r.path_glob = tsdb::JoinPath(options_.data_dir, glob);
    r.chance_ppm = rate();
    if (action == fault::FaultAction::kLatency) r.latency_ms = 10 * static_cast<int64_t>(1 + draw.Below(200));
    TSDB_ASSERT(fault_plan_.Add(r).ok());
    chosen += std::string(chosen.empty() ? "" : ", ") + name + " " + std::to_string(r.chance_ppm) + "ppm";
  };
  rule(fault::FaultAction::kEio, fault::FaultCall::kWrite, "wal/*", "eio wal write");
  rule(fault::FaultAction::kEio, fault::FaultCall::kWrite, "chunks_head/*", "eio chunks_head write");
  rule(fault::FaultAction::kFsyncFail, fault::FaultCall::kSync, "wal/*", "fsync_fail wal");
  rule(fault::FaultAction::kLatency, fault::FaultCall::kSync, "*", "latency sync");
  for (const tsdb::FaultPoint p : {tsdb::FaultPoint::kWalCutSegment, tsdb::FaultPoint::kChunksCutFile}) {
    if (draw.Below(2) == 0) continue;
    const uint32_t ppm = rate();
    fault_points_->Enable(p, ppm);
    chosen += std::string(chosen.empty() ? "" : ", ") + "point " + std::string(tsdb::FaultPointName(p)) + " " +
              std::to_string(ppm) + "ppm";
  }
  Note("fault", "swarm: " + (chosen.empty() ? std::string("none") : chosen));
  return {};
}

int64_t Simulation::FaultsArmed() const {
  return static_cast<int64_t>(fault_plan_.rules().size()) + (armed_crash_ ? 1 : 0);
}

int64_t Simulation::FaultsFired() const {
  uint64_t n = fault_plan_.no_space_fired() + fault_plan_.latent_reads();
  for (size_t i = 0; i < fault_plan_.rules().size(); i++) n += fault_plan_.fired(i);
  return static_cast<int64_t>(n) + fault_points_->fired_total();
}

void Simulation::AttachFaultPlan() {
  if (fault_plan_attached_) return;
  fault_plan_attached_ = true;
  fault::FaultEnv env;
  env.now_ms = [this] { return loop_.NowMs() - kSimEpochMs; };
  env.seed = rng_.Fork(0xf5).NextU64();  // drawn only by runs with filesystem faults
  env.on_fault = [this](const fault::FaultEvent& e) {
    std::string d = std::string(fault::FaultKindName(e.kind)) + " " + fault::FaultCallName(e.call) + " " + e.path;
    if (e.length_bytes > 0) d += " @" + std::to_string(e.offset_bytes) + "+" + std::to_string(e.length_bytes);
    if (e.kind == fault::FaultKind::kLatency) {
      d += " " + std::to_string(e.latency_ms) + "ms";
      loop_.Stall(e.latency_ms);  // the call blocks the process that long
      fault_stall_ms_ += e.latency_ms;
    }
    Note("fault", d);
  };
  disk_->SetFaultPlan(&fault_plan_, std::move(env));
}

// fault eio|fsync_fail|latent_sector|bit_flip|latency [on=CALLS] [path=GLOB]
//   [nth=N] [chance=RATIO] [from=D] [until=D] [at=D] [times=N] [latency=D]
// fault enospc budget=SIZE|off | free=SIZE
tsdb::Status Simulation::AddFsFault(const ::tsdbsim::Step& step) {
  AttachFaultPlan();
  if (step.kind_word == "enospc") {
    const char* usage = "expected `fault enospc budget=SIZE|off` or `fault enospc free=SIZE`";
    if (step.options.size() != 1) return Error(step, step.value_column, usage);
    const Option& o = step.options[0];
    if (o.key == "budget" && o.value == "off") {
      fault_plan_.ClearSpaceBudget();
    } else if (o.key == "budget" || o.key == "free") {
      auto n = ParseBytes(o.value);
      if (!n.ok()) return Error(step, o.column, o.key + ": " + n.status().message());
      // free=: the disk has that much left from now on.
      const uint64_t base = o.key == "free" ? disk_->sim().space_used_bytes() : 0;
      fault_plan_.SetSpaceBudget(base + static_cast<uint64_t>(*n));
    } else {
      return Error(step, o.column, usage);
    }
    Note("fault", "enospc " + o.key + "=" + o.value);
    return {};
  }
  fault::FaultRule rule;
  if (!fault::ParseFaultAction(step.kind_word, &rule.action)) {
    return Error(step, step.value_column, "unknown fault \"" + step.kind_word + "\"");
  }
  // The calls each action hits unless `on=` says otherwise.
  rule.calls = rule.action == fault::FaultAction::kEio       ? fault::CallSet(fault::FaultCall::kWrite)
               : rule.action == fault::FaultAction::kLatency ? fault::CallSet(fault::FaultCall::kSync)
                                                              : fault::ActionCalls(rule.action);
  for (const Option& o : step.options) {
    auto err = [&](const std::string& m) { return Error(step, o.column, o.key + ": " + m); };
    if (o.key == "on") {
      rule.calls = 0;
      size_t pos = 0;
      while (pos <= o.value.size()) {
        const size_t comma = std::min(o.value.find(',', pos), o.value.size());
        fault::FaultCall c;
        if (!fault::ParseFaultCall(o.value.substr(pos, comma - pos), &c)) {
          return err("unknown call \"" + o.value.substr(pos, comma - pos) +
                     "\" (expected write, sync, read, map, open, rename, remove, mkdir, sync_dir, resize or list)");
        }
        rule.calls |= fault::CallSet(c);
        pos = comma + 1;
      }
    } else if (o.key == "path") {
      rule.path_glob = o.value;
    } else if (o.key == "nth" || o.key == "times") {
      auto n = ParseInt(o.value, 1, INT64_MAX);
      if (!n.ok()) return err(n.status().message());
      (o.key == "nth" ? rule.nth : rule.max_times) = static_cast<uint64_t>(*n);
    } else if (o.key == "chance") {
      auto r = ParseRatioPpm(o.value);
      if (!r.ok()) return err(r.status().message());
      rule.chance_ppm = *r;
    } else if (o.key == "from" || o.key == "until" || o.key == "at" || o.key == "latency") {
      auto d = ParseDurationMs(o.value);
      if (!d.ok()) return err(d.status().message());
      if (o.key == "from") rule.from_ms = *d;
      if (o.key == "until") rule.until_ms = *d;
      if (o.key == "latency") rule.latency_ms = *d;
      if (o.key == "at") {
        rule.from_ms = *d;
        rule.max_times = 1;
      }
    } else {
      return err("unknown option (expected on, path, nth, chance, from, until, at, times or latency)");
    }
  }
  auto added = fault_plan_.Add(rule);
  if (!added.ok()) return Error(step, step.value_column, added.status().message());
  Note("fault", "rule " + std::to_string(*added) + ": " + step.kind_word + " " + fault::FaultCallSetName(rule.calls) +
                    " " + rule.path_glob);
  return {};
}

}  // namespace tsdbsim
