#include "sim/cli/datadir/inspect_dirs.h"

#include <cstdio>

#include "engine/block/block_list.h"
#include "engine/block/block_reader.h"
#include "engine/chunks/head_chunk_stats.h"

namespace tsdbsim {

namespace {

std::string Time(int64_t t, bool valid) { return valid ? std::to_string(t) : "-"; }

struct BlockRow {
  std::string ulid;
  tsdb::block::BlockMeta meta;
  uint64_t size_bytes = 0;
  uint64_t symbols = 0;
  uint64_t label_names = 0;
  uint64_t index_bytes = 0;
  uint64_t chunk_segments = 0;
  std::string error;
};

std::vector<BlockRow> ReadBlocks(tsdb::Filesystem& fs, const std::string& data_dir) {
  std::vector<BlockRow> rows;
  auto list = tsdb::block::ListBlocks(fs, data_dir);
  if (!list.ok()) return rows;
  for (const auto& b : list->blocks) {
    BlockRow row;
    row.ulid = b.meta.ulid.ToString();
    row.meta = b.meta;
    auto r = tsdb::block::BlockReader::Open(fs, b.dir);
    if (!r.ok()) {
      row.error = r.status().message();
    } else {
      row.size_bytes = (*r)->size_bytes();
      row.symbols = (*r)->index().symbols().size();
      row.label_names = (*r)->index().LabelNames().size();
      row.index_bytes = (*r)->index().size_bytes();
      row.chunk_segments = (*r)->num_chunk_segments();
      if (tsdb::Status v = (*r)->index().Verify(); !v.ok()) row.error = v.message();
    }
    rows.push_back(std::move(row));
  }
  for (const auto& u : list->unreadable) rows.push_back({.ulid = u.name, .error = u.status.message()});
  return rows;
}

}  // namespace

bool PrintHeadChunks(tsdb::Filesystem& fs, const std::string& data_dir) {
  auto files = tsdb::chunks::InspectHeadChunks(fs, tsdb::JoinPath(data_dir, "chunks_head"));
  std::printf("\nchunks_head/\n\n%-8s %12s %8s %8s %10s %15s %15s\n", "FILE", "BYTES", "CHUNKS", "SERIES",
              "SAMPLES", "MIN_TIME", "MAX_TIME");
  if (!files.ok()) {
    std::printf("cannot list: %s\n", files.status().message().c_str());
    return false;
  }
  bool ok = true;
  for (const auto& f : *files) {
    const bool t = f.chunks > 0;
    std::printf("%-8s %12lld %8lld %8lld %10lld %15s %15s\n", f.name.c_str(),
                static_cast<long long>(f.size_bytes), static_cast<long long>(f.chunks),
                static_cast<long long>(f.series), static_cast<long long>(f.samples),
                Time(f.min_time_ms, t).c_str(), Time(f.max_time_ms, t).c_str());
    if (!f.error.empty()) {
      std::printf("  %s\n", f.error.c_str());
      ok = false;
    }
  }
  return ok;
}

bool PrintBlocks(tsdb::Filesystem& fs, const std::string& data_dir) {
  std::printf("\nblocks\n\n%-26s %15s %15s %10s %8s %8s %8s %7s %9s\n", "ULID", "MIN_TIME", "MAX_TIME",
              "SAMPLES", "CHUNKS", "SERIES", "SYMBOLS", "LEVEL", "BYTES");
  bool ok = true;
  for (const auto& b : ReadBlocks(fs, data_dir)) {
    std::printf("%-26s %15lld %15lld %10llu %8llu %8llu %8llu %7lld %9llu\n", b.ulid.c_str(),
                static_cast<long long>(b.meta.min_time), static_cast<long long>(b.meta.max_time),
                static_cast<unsigned long long>(b.meta.stats.num_samples),
                static_cast<unsigned long long>(b.meta.stats.num_chunks),
                static_cast<unsigned long long>(b.meta.stats.num_series),
                static_cast<unsigned long long>(b.symbols), static_cast<long long>(b.meta.compaction.level),
                static_cast<unsigned long long>(b.size_bytes));
    if (!b.error.empty()) {
      std::printf("  %s\n", b.error.c_str());
      ok = false;
    }
  }
  return ok;
}

nlohmann::ordered_json HeadChunksJson(tsdb::Filesystem& fs, const std::string& data_dir, bool* ok) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  auto files = tsdb::chunks::InspectHeadChunks(fs, tsdb::JoinPath(data_dir, "chunks_head"));
  if (!files.ok()) {
    *ok = false;
    return out;
  }
  for (const auto& f : *files) {
    const bool t = f.chunks > 0;
    out.push_back({{"name", f.name},
                   {"size_bytes", f.size_bytes},
                   {"chunks", f.chunks},
                   {"series", f.series},
                   {"samples", f.samples},
                   {"min_time_ms", t ? nlohmann::ordered_json(f.min_time_ms) : nlohmann::ordered_json()},
                   {"max_time_ms", t ? nlohmann::ordered_json(f.max_time_ms) : nlohmann::ordered_json()},
                   {"error", f.error.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(f.error)}});
    if (!f.error.empty()) *ok = false;
  }
  return out;
}

nlohmann::ordered_json BlocksJson(tsdb::Filesystem& fs, const std::string& data_dir, bool* ok) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& b : ReadBlocks(fs, data_dir)) {
    out.push_back({{"ulid", b.ulid},
                   {"min_time_ms", b.meta.min_time},
                   {"max_time_ms", b.meta.max_time},
                   {"samples", b.meta.stats.num_samples},
                   {"chunks", b.meta.stats.num_chunks},
                   {"series", b.meta.stats.num_series},
                   {"tombstones", b.meta.stats.num_tombstones},
                   {"level", b.meta.compaction.level},
                   {"size_bytes", b.size_bytes},
                   {"index_bytes", b.index_bytes},
                   {"symbols", b.symbols},
                   {"label_names", b.label_names},
                   {"chunk_segments", b.chunk_segments},
                   {"error", b.error.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(b.error)}});
    if (!b.error.empty()) *ok = false;
  }
  return out;
}

}  // namespace tsdbsim
