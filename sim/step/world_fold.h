// WorldFold: the part of the world that the events tell, kept up to date
// event by event (scrapes, fanout, WAL records and pages, chunk writes,
// checkpoints, replay progress, faults) and the watched series' names. It
// sits in front of the trace recorder and hands every event on unchanged.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/event_sink.h"
#include "engine/labels/matcher.h"
#include "sim/step/world.h"

namespace tsdbsim {

// Which series a world shows chunk by chunk: the first `max_series` series
// created that match every matcher, in the order they were created. No
// matchers: the targets' `up` series, which live as long as their target
// (the first series of a target may churn away).
struct WatchSpec {
  std::vector<tsdb::Matcher> matchers;
  size_t max_series = 3;
};

// Labels as the engine prints them ({a="b", ...}, as in series_created and
// the world's labels) back to a label set: the selector parser reads them.
std::optional<tsdb::Labels> LabelsFromText(std::string_view text);

struct WatchedSeries {
  std::string text;  // as the engine prints the labels
  tsdb::Labels labels;
};

class WorldFold final : public tsdb::EventSink {
 public:
  static constexpr size_t kScrapesKept = 8;
  static constexpr size_t kFaultLogKept = 16;

  WorldFold(WatchSpec watch, tsdb::EventSink* next) : watch_(std::move(watch)), next_(next) {}

  void OnEvent(const tsdb::Event& e) override;
  // What the simulator says of itself (crash, restart, fault, ...).
  void OnSimEvent(std::string_view type, std::string_view detail);
  // A run that starts from a copy of a data directory (datadir_view.h):
  // its WAL segments, checkpoint and chunks_head/ files were written before
  // any event, so they are taken as the directory shows them.
  void Seed(const World& dir);

  // The world as far as events tell it; Session fills in the rest.
  const World& world() const { return world_; }
  // Per WAL segment and chunks_head/ file number, what events tell of it.
  const std::map<int64_t, WorldWalSegment>& wal_segments() const { return wal_; }
  const std::map<int64_t, WorldChunkFile>& chunk_files() const { return chunk_files_; }
  const std::map<int64_t, WorldChunkFile>& deleted_chunk_files() const { return deleted_chunk_files_; }
  // The watched series, by labels text, in the order they were chosen.
  const std::vector<WatchedSeries>& watched() const { return watched_; }

 private:
  void OnScrapeEnd(const tsdb::Event& e);
  void OnReplay(const tsdb::Event& e);
  void OnCrash(std::string_view detail);
  void OnChunkFile(const tsdb::Event& e);
  void OnSeriesCreated(const tsdb::Event& e);
  WorldTarget& Target(uint64_t id);

  WatchSpec watch_;
  tsdb::EventSink* next_;
  World world_;
  std::map<int64_t, WorldWalSegment> wal_;
  std::map<int64_t, WorldChunkFile> chunk_files_;
  // Per chunks_head file: where each chunk still in the writer's buffer
  // ends, and how many flushed chunks an fsync has not covered yet.
  struct ChunkFileTail {
    std::deque<int64_t> unflushed_ends;
    int64_t unsynced_chunks = 0;
  };
  std::map<int64_t, ChunkFileTail> chunk_tails_;
  // Deleted files as they were: a power loss brings back a file whose
  // unlink no directory fsync made durable.
  std::map<int64_t, WorldChunkFile> deleted_chunk_files_;
  std::vector<WatchedSeries> watched_;
};

}  // namespace tsdbsim
