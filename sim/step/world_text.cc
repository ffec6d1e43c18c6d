// The world for a terminal: times as durations since the run began, the
// way scenario files write them.
#include <cinttypes>
#include <cstdio>

#include "sim/shrink/scenario_writer.h"
#include "sim/step/world_json.h"

namespace tsdbsim {
namespace {

std::string Printf(const char* fmt, auto... args) {
  char buf[512];
  std::snprintf(buf, sizeof buf, fmt, args...);
  return buf;
}

class TextWriter {
 public:
  explicit TextWriter(const World& w) : w_(w), epoch_ms_(w.time_ms - w.elapsed_ms) {}

  std::string At(int64_t t_ms) const {
    return t_ms < epoch_ms_ ? "-" + FormatDurationMs(epoch_ms_ - t_ms) : FormatDurationMs(t_ms - epoch_ms_);
  }

  std::string Write() const {
    std::string out = Printf("world at %s (line %d, seed %" PRIu64 ")%s: process %s, %" PRId64 " events\n",
                             At(w_.time_ms).c_str(), w_.line, w_.seed, w_.done ? ", done" : "",
                             w_.process_up ? "up" : "down", w_.events);
    for (const WorldTarget& t : w_.targets) {
      out += Printf("  scrape  %s%s: %" PRId64 " scrapes, %" PRId64 " failed", t.labels.c_str(),
                    t.active ? "" : " (removed)", t.scrapes_total, t.failed_total);
      if (!t.last.empty()) {
        const WorldScrape& s = t.last.back();
        out += Printf("; last at %s: %" PRId64 " samples, up=%d%s%s", At(s.time_ms).c_str(), s.samples, s.up ? 1 : 0,
                      s.error.empty() ? "" : " ", s.error.c_str());
      }
      out += "\n";
    }
    const WorldFanout& f = w_.fanout;
    out += Printf("  fanout  %" PRId64 " commits (%" PRId64 " failed), %" PRId64 " rollbacks", f.commits,
                  f.failed_commits, f.rollbacks);
    if (f.has_secondary) {
      out += Printf("; secondary: %" PRId64 " samples queued, %" PRId64 " delivered", f.secondary_pending_samples,
                    f.secondary_delivered_samples);
    }
    out += "\n";
    for (const WorldWalSegment& s : w_.wal.segments) {
      out += Printf("  wal     segment %08" PRId64 ": %" PRId64 " bytes written, %" PRId64 " fsynced, %" PRId64
                    " pages, %" PRId64 " records\n",
                    s.number, s.bytes_written, s.bytes_fsynced, s.pages_flushed, s.records);
    }
    if (w_.wal.checkpoint_segment >= 0) {
      out += Printf("  wal     checkpoint.%08" PRId64 ": %" PRId64 " bytes, %" PRId64 " samples kept\n",
                    w_.wal.checkpoint_segment, w_.wal.checkpoint_size_bytes, w_.wal.checkpoint_samples);
    }
    out += Head();
    for (const WorldChunkFile& c : w_.chunks_head) {
      out += Printf("  chunks_head/%06" PRId64 ": %" PRId64 " chunks (%" PRId64 " flushed), %" PRId64
                    " bytes written, %" PRId64 " flushed, %" PRId64 " fsynced\n",
                    c.number, c.chunks, c.chunks_flushed, c.bytes_written, c.bytes_flushed, c.bytes_fsynced);
    }
    for (const WorldBlock& b : w_.blocks) {
      out += Printf("  block   %s [%s, %s) level %" PRId64 ": %" PRId64 " series, %" PRId64 " samples\n", b.ulid.c_str(),
                    At(b.min_time_ms).c_str(), At(b.max_time_ms).c_str(), b.level, b.series, b.samples);
    }
    out += Replay();
    out += Printf("  faults  %" PRId64 " armed, %" PRId64 " fired\n", w_.faults.armed, w_.faults.fired);
    out += Printf("  oracle  %" PRId64 " acked samples (%" PRId64 " durable), %" PRId64 " violations%s%s\n",
                  w_.oracle.acked_samples, w_.oracle.durable_samples, w_.oracle.violations, w_.oracle.last_check.empty() ? "" : "; last check: ",
                  w_.oracle.last_check.c_str());
    return out;
  }

 private:
  std::string Head() const {
    const WorldHead& h = w_.head;
    std::string out = Printf("  head    %" PRId64 " series, %" PRId64 " chunks; in memory %" PRId64 " samples / %" PRId64
                             " bytes, mmapped %" PRId64 " chunks / %" PRId64 " samples\n",
                             h.series, h.chunks, h.open_chunk_samples, h.open_chunk_bytes, h.mmapped_chunks,
                             h.mmapped_chunk_samples);
    for (const WorldSeries& s : h.watched) {
      out += "  series  " + s.labels;
      if (!s.in_head) {
        out += ": not in the head\n";
        continue;
      }
      if (s.has_open_chunk) {
        out += Printf(": open chunk [%s, %s] %" PRId64 "/%" PRId64 " samples, nextAt %s", At(s.open.mint).c_str(),
                      At(s.open.maxt).c_str(), s.open.samples, s.open.samples_target, At(s.open.next_at_ms).c_str());
      }
      out += Printf("; %zu mmapped\n", s.mmapped.size());
      for (const WorldChunk& c : s.mmapped) {
        out += Printf("          mmapped %06" PRId64 ":%" PRId64 " [%s, %s] %" PRId64 " samples\n", c.file, c.offset,
                      At(c.mint).c_str(), At(c.maxt).c_str(), c.samples);
      }
    }
    return out;
  }

  std::string Replay() const {
    const WorldReplay& r = w_.replay;
    if (r.opens == 0) return "";
    std::string out = Printf("  replay  open %" PRId64 ": %s; %" PRId64 " mmapped chunks, %" PRId64 " series, %" PRId64
                             " samples, segments %" PRId64 "..%" PRId64 " (%" PRId64 " done), %.1f ms of CPU\n",
                             r.opens, r.phase.c_str(), r.mmapped_chunks_loaded, r.series, r.samples, r.first_segment,
                             r.last_segment, r.segments_done, static_cast<double>(r.cpu.ns) / 1e6);
    if (!r.corruption_file.empty()) {
      out += Printf("  replay  corruption in %s at %" PRId64 ": %s; repair dropped %" PRId64 " bytes\n",
                    r.corruption_file.c_str(), r.corruption_offset, r.corruption_detail.c_str(), r.repair_bytes_dropped);
    }
    return out;
  }

  const World& w_;
  int64_t epoch_ms_;
};

}  // namespace

std::string WorldToText(const World& world) { return TextWriter(world).Write(); }

}  // namespace tsdbsim
