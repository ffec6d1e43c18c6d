// tsdbsim inspect DIR [--json]: what the WAL of a data directory holds.
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "engine/base/posix_filesystem.h"
#include "engine/wlog/wal_stats.h"
#include "sim/cli/datadir/inspect_dirs.h"
#include "sim/cli/verbs.h"

namespace tsdbsim {
namespace {

using tsdb::wlog::WalFileStats;
using tsdb::wlog::WalStats;

struct InspectOptions {
  std::string dir;
  bool json = false;
};

// A data directory has its WAL in wal/; a WAL directory can be named directly.
std::string WalDirOf(tsdb::Filesystem& fs, const std::string& dir) {
  const std::string wal = tsdb::JoinPath(dir, "wal");
  auto info = fs.Stat(wal);
  return info.ok() && info->is_dir ? wal : dir;
}

std::string TimeOrDash(int64_t t, bool valid) { return valid ? std::to_string(t) : "-"; }

nlohmann::ordered_json FileJson(const WalFileStats& f) {
  nlohmann::ordered_json j;
  j["name"] = f.name;
  j["checkpoint"] = f.is_checkpoint;
  j["replayed"] = f.replayed;
  j["index"] = f.index;
  j["size_bytes"] = f.size_bytes;
  nlohmann::ordered_json recs = nlohmann::ordered_json::object();
  for (int s = 1; s <= tsdb::wlog::kRecordTypeSlots; s++) {
    const int slot = s % tsdb::wlog::kRecordTypeSlots;  // unknown (slot 0) last
    if (f.records_by_type[slot] > 0) recs[tsdb::wlog::RecordTypeSlotName(slot)] = f.records_by_type[slot];
  }
  j["records"] = f.records();
  j["records_by_type"] = recs;
  j["series"] = f.series;
  j["samples"] = f.samples;
  j["tombstones"] = f.tombstones;
  j["exemplars"] = f.exemplars;
  j["histogram_samples"] = f.histogram_samples;
  j["metadata"] = f.metadata;
  const bool has_time = f.samples > 0;
  j["min_time_ms"] = has_time ? nlohmann::ordered_json(f.min_time_ms) : nlohmann::ordered_json();
  j["max_time_ms"] = has_time ? nlohmann::ordered_json(f.max_time_ms) : nlohmann::ordered_json();
  if (f.corruption.has_value()) {
    j["corruption"] = {{"segment", f.corruption->segment},
                       {"offset", f.corruption->offset},
                       {"reason", f.corruption->reason},
                       {"message", f.corruption->ToString()}};
  } else {
    j["corruption"] = nullptr;
  }
  return j;
}

void PrintJson(const WalStats& st, tsdb::Filesystem& fs, const std::string& data_dir, bool* ok) {
  nlohmann::ordered_json j;
  j["chunks_head"] = HeadChunksJson(fs, data_dir, ok);
  j["blocks"] = BlocksJson(fs, data_dir, ok);
  j["wal_dir"] = st.dir;
  j["files"] = nlohmann::ordered_json::array();
  for (const auto& f : st.files) j["files"].push_back(FileJson(f));
  j["total"] = FileJson(st.total);
  std::cout << j.dump(2) << "\n";
}

void PrintRow(const WalFileStats& f, const std::vector<int>& slots) {
  std::string name = f.name + (f.replayed ? "" : " (not replayed)");
  std::printf("%-34s %12lld", name.c_str(), static_cast<long long>(f.size_bytes));
  for (int slot : slots) std::printf(" %10lld", static_cast<long long>(f.records_by_type[slot]));
  const bool t = f.samples > 0;
  std::printf(" %9lld %11lld %15s %15s\n", static_cast<long long>(f.series),
              static_cast<long long>(f.samples), TimeOrDash(f.min_time_ms, t).c_str(),
              TimeOrDash(f.max_time_ms, t).c_str());
}

void PrintText(const WalStats& st) {
  std::vector<int> slots;  // record types present anywhere, unknown last
  for (int s = 1; s <= tsdb::wlog::kRecordTypeSlots; s++) {
    const int slot = s % tsdb::wlog::kRecordTypeSlots;
    for (const auto& f : st.files) {
      if (f.records_by_type[slot] > 0) {
        slots.push_back(slot);
        break;
      }
    }
  }
  std::printf("WAL %s\n\n", st.dir.c_str());
  std::printf("%-34s %12s", "FILE", "BYTES");
  for (int slot : slots) {
    std::printf(" %10s", (std::string(tsdb::wlog::RecordTypeSlotName(slot)) + "_rec").c_str());
  }
  std::printf(" %9s %11s %15s %15s\n", "SERIES", "SAMPLES", "MIN_TIME", "MAX_TIME");
  for (const auto& f : st.files) PrintRow(f, slots);
  PrintRow(st.total, slots);
  int corrupt = 0;
  for (const auto& f : st.files) {
    if (!f.corruption.has_value()) continue;
    if (corrupt++ == 0) std::printf("\n");
    std::printf("%s: %s\n", f.name.c_str(), f.corruption->ToString().c_str());
  }
  if (corrupt == 0) std::printf("\nno corruption\n");
}

void RunInspect(const InspectOptions& o) {
  tsdb::PosixFilesystem fs;
  auto info = fs.Stat(o.dir);
  if (!info.ok() || !info->is_dir) {
    std::fprintf(stderr, "tsdbsim inspect: %s: not a directory\n", o.dir.c_str());
    SetExitCode(2);
    return;
  }
  auto st = tsdb::wlog::InspectWal(fs, WalDirOf(fs, o.dir));
  if (!st.ok()) {
    std::fprintf(stderr, "tsdbsim inspect: %s\n", st.status().ToString().c_str());
    SetExitCode(2);
    return;
  }
  bool ok = true;
  if (o.json) {
    PrintJson(*st, fs, o.dir, &ok);
  } else {
    PrintText(*st);
    ok = PrintHeadChunks(fs, o.dir) && ok;
    ok = PrintBlocks(fs, o.dir) && ok;
  }
  for (const auto& f : st->files) {
    if (f.corruption.has_value()) ok = false;
  }
  if (!ok) SetExitCode(1);
}

}  // namespace

void RegisterInspect(CLI::App& app) {
  auto opts = std::make_shared<InspectOptions>();
  CLI::App* cmd = app.add_subcommand(
      "inspect",
      "Print what a data directory holds: the WAL (per checkpoint and segment its size, records by "
      "type, series, samples), chunks_head/ files (chunks, series, samples) and blocks (meta and "
      "index), with any corruption. Read-only. Exits 1 when corruption is found.");
  cmd->add_option("DIR", opts->dir, "A Prometheus data directory (or its wal/ directory)")
      ->required();
  cmd->add_flag("--json", opts->json, "Print JSON instead of a table");
  cmd->callback([opts] { RunInspect(*opts); });
}

}  // namespace tsdbsim
