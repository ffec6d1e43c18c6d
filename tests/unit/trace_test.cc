// The trace (sim/trace, TRACE.md): the canonical line layout and its
// escaping, the hash, JSON Lines and Perfetto exports, parsing back and
// diffing, and a real DB run recorded end to end.
#include <gtest/gtest.h>
#include <xxhash.h>

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "engine/base/clock.h"
#include "engine/base/posix_filesystem.h"
#include "engine/base/random_source.h"
#include "engine/db/db.h"
#include "sim/trace/trace_diff.h"
#include "sim/trace/trace_file.h"
#include "sim/trace/trace_json.h"
#include "sim/trace/trace_perfetto.h"
#include "sim/trace/trace_recorder.h"
#include "sim/trace/trace_text.h"
#include "support/temp_dir.h"

namespace tsdbsim {
namespace {

using tsdb::Event;
using tsdb::EventType;

constexpr int64_t kT0 = 1'700'000'040'000;

// A small trace touching several lanes, stamped by a clock that moves.
TraceRecorder SampleTrace() {
  TraceRecorder rec;
  tsdb::ManualClock clock(kT0);
  rec.set_clock(&clock);
  rec.AddSimEvent("seed", "42");
  rec.OnEvent({.type = EventType::kTargetAdded, .ref = 7, .detail = "{job=\"node\"}"});
  rec.OnEvent({.type = EventType::kScrapeStart, .ref = 7, .mint = kT0});
  clock.Advance(250);
  rec.OnEvent({.type = EventType::kSeriesCreated, .ref = 1, .detail = "{__name__=\"up\"}"});
  rec.OnEvent({.type = EventType::kWalRecordWritten, .segment = 3, .offset = 32768, .bytes = 1234,
               .count = 1, .record_type = 2});
  rec.OnEvent({.type = EventType::kSamplesCommitted, .bytes = 0, .count = 10, .mint = kT0,
               .maxt = kT0});
  rec.OnEvent({.type = EventType::kFanoutCommit, .bytes = 1, .count = 1});
  rec.OnEvent({.type = EventType::kScrapeEnd, .offset = 1, .bytes = 10, .count = 10, .ref = 7,
               .mint = kT0});
  clock.Advance(3'600'000);
  rec.OnEvent({.type = EventType::kCompactionStart, .mint = 0, .maxt = 7'200'000});
  clock.Advance(5);
  rec.OnEvent({.type = EventType::kCompactionEnd, .count = 480, .mint = 0, .maxt = 7'200'000,
               .detail = "01H0000000000000000000000"});
  rec.OnEvent({.type = EventType::kFanoutRollback});
  return rec;
}

std::string Text(const TraceRecorder& rec) {
  std::ostringstream out;
  rec.WriteText(out);
  return out.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(TraceText, FixedColumnsAndOnlyMeaningfulFields) {
  const std::vector<std::string> lines = Lines(Text(SampleTrace()));
  ASSERT_EQ(lines.size(), 11u);
  EXPECT_EQ(lines[0],
            "t=1700000040000 +0:00:00.000  sim    seed                    \"42\"");
  EXPECT_EQ(lines[1],
            "t=1700000040000 +0:00:00.000  scrape target_added            ref=7 "
            "\"{job=\\\"node\\\"}\"");
  EXPECT_EQ(lines[2],
            "t=1700000040000 +0:00:00.000  scrape scrape_start            ref=7 "
            "mint=1700000040000");
  EXPECT_EQ(lines[4],
            "t=1700000040250 +0:00:00.250  wal    wal_record_written      seg=3 off=32768 "
            "bytes=1234 count=1 rtype=2");
  EXPECT_EQ(lines[5],
            "t=1700000040250 +0:00:00.250  head   samples_committed       bytes=0 count=10 "
            "mint=1700000040000 maxt=1700000040000");
  EXPECT_EQ(lines[7],
            "t=1700000040250 +0:00:00.250  scrape scrape_end              off=1 bytes=10 count=10 "
            "ref=7 mint=1700000040000");
  EXPECT_EQ(lines[9],
            "t=1700003640255 +1:00:00.255  blocks compaction_end          count=480 mint=0 "
            "maxt=7200000 \"01H0000000000000000000000\"");
  // No fields at all, and no trailing blanks.
  EXPECT_EQ(lines[10], "t=1700003640255 +1:00:00.255  fanout fanout_rollback");
}

TEST(TraceText, UnsetClockStampsZeroAndElapsedCountsFromTheFirstRecord) {
  TraceRecorder rec;
  rec.AddSimEvent("config", "chunk_range=2h");
  tsdb::ManualClock clock(90'061'001);  // 25h 1m 1.001s
  rec.set_clock(&clock);
  rec.AddSimEvent("run", "", 3);
  EXPECT_EQ(rec.records()[0].t_ms, 0);
  const auto lines = Lines(Text(rec));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "t=0             +0:00:00.000  sim    config                  \"chunk_range=2h\"");
  // A simulator event's count appears only when it has one.
  EXPECT_EQ(lines[1], "t=90061001      +25:01:01.001 sim    run                     count=3");
}

TEST(TraceText, NonDefaultFieldsOutsideTheTypesMeaningAreStillWritten) {
  TraceRecord r = RecordFromEvent({.type = EventType::kWalFsync, .segment = 4, .count = 9}, 5);
  EXPECT_EQ(FormatTraceLine(r, 5), "t=5             +0:00:00.000  wal    wal_fsync               seg=4 count=9");
}

TEST(TraceText, DetailIsQuotedAndEscapedAndParsesBack) {
  const std::string detail = std::string("a\"b\\c\nd\te\rf") + '\x01' + '\x7f' + "\xc3\xa9 z";
  TraceRecorder rec;
  rec.OnEvent({.type = EventType::kWalCorruption, .segment = 2, .offset = 99, .detail = detail});
  const std::string line = FormatTraceLine(rec.records()[0], 0);
  EXPECT_EQ(line,
            "t=0             +0:00:00.000  replay wal_corruption          seg=2 off=99 "
            "\"a\\\"b\\\\c\\nd\\te\\rf\\x01\\x7f\xc3\xa9 z\"");
  auto back = ParseTraceLine(line);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->detail, detail);
  EXPECT_EQ(*back, rec.records()[0]);
}

TEST(TraceText, WholeTraceParsesBackToTheSameRecords) {
  const TraceRecorder rec = SampleTrace();
  auto parsed = ParseTextTrace("# a comment\n\n" + Text(rec));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->records, rec.records());
  EXPECT_EQ(parsed->line_numbers.front(), 3);
  EXPECT_EQ(TraceHash(parsed->records), rec.Hash());
}

TEST(TraceText, ParseErrorsNameTheLine) {
  const std::string good = Text(SampleTrace());
  struct Case {
    std::string line;
    std::string message;
  };
  const Case cases[] = {
      {"x=1 +0:00:00.000 sim seed", "line 12: expected t=<ms>"},
      {"t=1 soon sim seed", "line 12: expected the elapsed time"},
      {"t=1 +0:00:00.000 disk seed", "line 12: unknown lane \"disk\""},
      {"t=1 +0:00:00.000 head wal_fsync seg=1", "line 12: event type \"wal_fsync\" belongs to lane wal"},
      {"t=1 +0:00:00.000 wal  no_such_event", "line 12: unknown event type \"no_such_event\""},
      {"t=1 +0:00:00.000 wal  wal_fsync seg=x", "line 12: bad value in \"seg=x\""},
      {"t=1 +0:00:00.000 wal  wal_fsync seg=1 seg=2", "line 12: field \"seg\" twice"},
      {"t=1 +0:00:00.000 wal  wal_fsync size=1", "line 12: unknown field \"size\""},
      {"t=1 +0:00:00.000 sim  crash \"unterminated", "line 12: unterminated detail"},
      {"t=1 +0:00:00.000 sim  crash \"a\" b", "line 12: text after the detail"},
  };
  for (const Case& c : cases) {
    auto parsed = ParseTextTrace(good + c.line + "\n");
    ASSERT_FALSE(parsed.ok()) << c.line;
    EXPECT_EQ(parsed.status().message().rfind(c.message, 0), 0u)
        << c.line << " -> " << parsed.status().message();
  }
}

TEST(TraceHash, IsXxh64OfTheTextAndPrintsAs16HexDigits) {
  const TraceRecorder rec = SampleTrace();
  const std::string text = Text(rec);
  EXPECT_EQ(rec.Hash(), XXH64(text.data(), text.size(), 0));
  const std::string hex = rec.HashHex();
  ASSERT_EQ(hex.size(), 16u);
  EXPECT_EQ(hex.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(TraceHashHex(0x0123456789abcdefULL), "0123456789abcdef");
  EXPECT_EQ(TraceHashHex(0xa), "000000000000000a");
}

TEST(TraceHash, ChangesWithEveryFieldAndNothingElse) {
  const std::vector<TraceRecord> base = SampleTrace().records();
  const uint64_t h = TraceHash(base);
  EXPECT_EQ(TraceHash(SampleTrace().records()), h);  // a second identical run
  EXPECT_EQ(TraceHash(std::vector<TraceRecord>(base)), h);

  // Each mutation applies to the wal_record_written record (index 4) or the
  // sim record (index 0).
  const std::vector<std::pair<const char*, std::function<void(std::vector<TraceRecord>&)>>>
      mutations = {
          {"t_ms", [](auto& v) { v[4].t_ms++; }},
          {"first t_ms", [](auto& v) { v[0].t_ms--; }},
          {"event", [](auto& v) { v[4].event = EventType::kWalPageFlushed; }},
          {"lane", [](auto& v) { v[4].lane = Lane::kHead; }},
          {"segment", [](auto& v) { v[4].segment++; }},
          {"offset", [](auto& v) { v[4].offset++; }},
          {"bytes", [](auto& v) { v[4].bytes++; }},
          {"count", [](auto& v) { v[4].count++; }},
          {"ref", [](auto& v) { v[4].ref++; }},
          {"mint", [](auto& v) { v[4].mint++; }},
          {"maxt", [](auto& v) { v[4].maxt++; }},
          {"record_type", [](auto& v) { v[4].record_type++; }},
          {"detail", [](auto& v) { v[4].detail = "x"; }},
          {"sim type", [](auto& v) { v[0].sim_type = "seeds"; }},
          {"sim detail", [](auto& v) { v[0].detail = "43"; }},
          {"sim count", [](auto& v) { v[0].count = 1; }},
          {"order", [](auto& v) { std::swap(v[4], v[5]); }},
          {"dropped", [](auto& v) { v.pop_back(); }},
      };
  for (const auto& [name, mutate] : mutations) {
    std::vector<TraceRecord> v = base;
    mutate(v);
    EXPECT_NE(TraceHash(v), h) << name;
  }
}

TEST(TraceRecorder, CountsLanesAndStreamsLines) {
  std::vector<std::string> streamed;
  TraceRecorder rec;
  tsdb::ManualClock clock(kT0);
  rec.set_clock(&clock);
  rec.set_line_callback([&](std::string_view line) { streamed.emplace_back(line); });
  rec.AddSimEvent("crash", "process");
  rec.OnEvent({.type = EventType::kReplayStart, .detail = "wal"});
  clock.Advance(10);
  rec.OnEvent({.type = EventType::kReplaySegment, .segment = 0, .bytes = 4096, .count = 30});
  rec.OnEvent({.type = EventType::kReplaySegment, .segment = 1, .bytes = 512, .count = 3});
  rec.OnEvent({.type = EventType::kChunkMmapped, .offset = 8, .count = 120, .ref = 3});
  rec.OnEvent({.type = EventType::kCheckpointCreated, .segment = 1, .count = 3});

  EXPECT_EQ(streamed, Lines(Text(rec)));
  EXPECT_EQ(rec.Count(EventType::kReplaySegment), 2);
  EXPECT_EQ(rec.Count("replay_segment"), 2);
  EXPECT_EQ(rec.Count("crash"), 1);
  EXPECT_EQ(rec.Count("restart"), 0);
  const std::vector<std::pair<std::string, int64_t>> want = {
      {"checkpoint_created", 1}, {"chunk_mmapped", 1},  {"crash", 1},
      {"replay_segment", 2},     {"replay_start", 1}};
  EXPECT_EQ(rec.Counts(), want);

  const auto& r = rec.records();
  EXPECT_EQ(r[0].lane, Lane::kSim);
  EXPECT_EQ(r[1].lane, Lane::kReplay);
  EXPECT_EQ(r[4].lane, Lane::kMmap);
  EXPECT_EQ(r[5].lane, Lane::kWal);
  EXPECT_EQ(r[2].t_ms, kT0 + 10);
  EXPECT_EQ(r[1].detail, "wal");  // a copy: the Event's view is gone

  rec.Clear();
  EXPECT_EQ(rec.size(), 0u);
  EXPECT_EQ(rec.Count(EventType::kReplaySegment), 0);
  EXPECT_TRUE(rec.Counts().empty());
}

TEST(TraceRecorder, LanesFollowTheGui) {
  EXPECT_EQ(LaneOf(EventType::kStaleMarkers), Lane::kScrape);
  EXPECT_EQ(LaneOf(EventType::kFanoutRollback), Lane::kFanout);
  EXPECT_EQ(LaneOf(EventType::kWalPageFlushed), Lane::kWal);
  EXPECT_EQ(LaneOf(EventType::kCheckpointFailed), Lane::kWal);
  EXPECT_EQ(LaneOf(EventType::kHeadTruncated), Lane::kHead);
  EXPECT_EQ(LaneOf(EventType::kHeadChunkFlush), Lane::kMmap);
  EXPECT_EQ(LaneOf(EventType::kCompactionEnd), Lane::kBlocks);
  EXPECT_EQ(LaneOf(EventType::kWalRepair), Lane::kReplay);
  EXPECT_EQ(LaneOf(EventType::kMmapCorruption), Lane::kReplay);
  EXPECT_TRUE(IsValidSimEventType("expect_fail"));
  EXPECT_FALSE(IsValidSimEventType("wal_fsync"));
  EXPECT_FALSE(IsValidSimEventType("two words"));
  EXPECT_FALSE(IsValidSimEventType(""));
}

TEST(TraceJson, LinesParseBackWithNamedFields) {
  const TraceRecorder rec = SampleTrace();
  std::ostringstream out;
  rec.WriteJsonLines(out);
  const auto lines = Lines(out.str());
  ASSERT_EQ(lines.size(), rec.size());
  const auto wal = nlohmann::json::parse(lines[4]);
  EXPECT_EQ(wal["t_ms"], kT0 + 250);
  EXPECT_EQ(wal["lane"], "wal");
  EXPECT_EQ(wal["type"], "wal_record_written");
  EXPECT_EQ(wal["segment"], 3);
  EXPECT_EQ(wal["offset"], 32768);
  EXPECT_EQ(wal["bytes"], 1234);
  EXPECT_EQ(wal["count"], 1);
  EXPECT_EQ(wal["record_type"], 2);
  EXPECT_FALSE(wal.contains("ref"));
  EXPECT_FALSE(wal.contains("detail"));
  const auto added = nlohmann::json::parse(lines[1]);
  EXPECT_EQ(added["lane"], "scrape");
  EXPECT_EQ(added["ref"], 7);
  EXPECT_EQ(added["detail"], "{job=\"node\"}");
  const auto seed = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(seed["type"], "seed");
  EXPECT_EQ(seed["lane"], "sim");
  EXPECT_EQ(seed["detail"], "42");
  // Field order is fixed: time, lane, type, then the fields.
  EXPECT_EQ(lines[4].rfind("{\"t_ms\":1700000040250,\"lane\":\"wal\",\"type\":", 0), 0u);
}

TEST(TraceJson, InvalidUtf8InADetailDoesNotBreakTheLine) {
  TraceRecorder rec;
  rec.OnEvent({.type = EventType::kSeriesCreated, .ref = 1, .detail = "bad \xff byte"});
  std::ostringstream out;
  rec.WriteJsonLines(out);
  const auto j = nlohmann::json::parse(out.str());
  EXPECT_EQ(j["detail"], "bad \xef\xbf\xbd byte");
}

nlohmann::json Perfetto(const std::vector<TraceRecord>& records) {
  std::ostringstream out;
  WritePerfetto(records, out);
  return nlohmann::json::parse(out.str());  // throws, failing the test, if invalid
}

TEST(TracePerfetto, ThreadsPerLaneInGuiOrderAndOnePerTarget) {
  const nlohmann::json j = Perfetto(SampleTrace().records());
  ASSERT_TRUE(j["traceEvents"].is_array());
  std::vector<std::pair<int64_t, std::string>> threads;
  for (const auto& e : j["traceEvents"]) {
    if (e["ph"] == "M" && e["name"] == "thread_name") {
      threads.emplace_back(e["tid"].get<int64_t>(), e["args"]["name"].get<std::string>());
    }
  }
  const std::vector<std::pair<int64_t, std::string>> want = {
      {PerfettoLaneTid(Lane::kScrape), "scrape"}, {PerfettoLaneTid(Lane::kFanout), "fanout"},
      {PerfettoLaneTid(Lane::kWal), "wal"},       {PerfettoLaneTid(Lane::kHead), "head"},
      {PerfettoLaneTid(Lane::kMmap), "mmap"},     {PerfettoLaneTid(Lane::kBlocks), "blocks"},
      {PerfettoLaneTid(Lane::kReplay), "replay"}, {PerfettoLaneTid(Lane::kSim), "sim"},
      {PerfettoTargetTid(0), "target 7 {job=\"node\"}"}};
  EXPECT_EQ(threads, want);
  // Target tracks sort right below the scrape lane.
  EXPECT_LT(PerfettoLaneTid(Lane::kScrape), PerfettoTargetTid(0));
  EXPECT_LT(PerfettoTargetTid(0), PerfettoLaneTid(Lane::kFanout));
  EXPECT_EQ(j["otherData"]["trace_hash"], SampleTrace().HashHex());
}

TEST(TracePerfetto, ScrapesAndCompactionsAreCompleteEventsTheRestInstants) {
  const nlohmann::json j = Perfetto(SampleTrace().records());
  std::vector<nlohmann::json> complete, instants;
  for (const auto& e : j["traceEvents"]) {
    if (e["ph"] == "X") complete.push_back(e);
    if (e["ph"] == "i") instants.push_back(e);
  }
  ASSERT_EQ(complete.size(), 2u);
  EXPECT_EQ(complete[0]["name"], "scrape");
  EXPECT_EQ(complete[0]["tid"], PerfettoTargetTid(0));
  EXPECT_EQ(complete[0]["ts"], kT0 * 1000);
  EXPECT_EQ(complete[0]["dur"], 250'000);  // 250 ms of virtual time
  EXPECT_EQ(complete[0]["args"]["count"], 10);
  EXPECT_EQ(complete[1]["name"], "compaction");
  EXPECT_EQ(complete[1]["tid"], PerfettoLaneTid(Lane::kBlocks));
  EXPECT_EQ(complete[1]["ts"], (kT0 + 3'600'250) * 1000);
  EXPECT_EQ(complete[1]["dur"], 5000);
  EXPECT_EQ(complete[1]["args"]["detail"], "01H0000000000000000000000");
  // 11 records, 4 of them folded into the two spans.
  ASSERT_EQ(instants.size(), 7u);
  for (const auto& e : instants) EXPECT_EQ(e["s"], "t");
  EXPECT_EQ(instants[0]["name"], "seed");
  EXPECT_EQ(instants[0]["tid"], PerfettoLaneTid(Lane::kSim));
  EXPECT_EQ(instants[2]["name"], "series_created");
  EXPECT_EQ(instants[2]["cat"], "head");
  EXPECT_EQ(instants[2]["ts"], (kT0 + 250) * 1000);
  EXPECT_EQ(instants[2]["args"]["ref"], 1);
}

TEST(TracePerfetto, ScrapeCutShortByACrashStaysVisible) {
  TraceRecorder rec;
  rec.OnEvent({.type = EventType::kScrapeStart, .ref = 1});
  rec.OnEvent({.type = EventType::kScrapeStart, .ref = 2});
  rec.OnEvent({.type = EventType::kScrapeEnd, .ref = 2, .detail = "context deadline exceeded"});
  rec.AddSimEvent("crash", "process");
  const nlohmann::json j = Perfetto(rec.records());
  int unfinished = 0, failed = 0;
  for (const auto& e : j["traceEvents"]) {
    if (e["ph"] == "i" && e["name"] == "scrape_start") unfinished++;
    if (e["ph"] == "X" && e["name"] == "scrape failed") failed++;
  }
  EXPECT_EQ(unfinished, 1);
  EXPECT_EQ(failed, 1);
}

TEST(TraceDiff, IdenticalTraces) {
  const auto a = SampleTrace().records();
  const TraceDiff d = DiffTraces(a, SampleTrace().records());
  EXPECT_TRUE(d.identical);
  EXPECT_EQ(d.size_a, 11u);
  EXPECT_EQ(d.hash_a, d.hash_b);
}

TEST(TraceDiff, NamesTheFirstDifference) {
  const auto a = SampleTrace().records();
  auto b = a;
  b[5].count = 11;
  b[8].bytes = 1;  // a later difference is not the one reported
  const TraceDiff d = DiffTraces(a, b);
  EXPECT_FALSE(d.identical);
  EXPECT_EQ(d.index, 5u);
  EXPECT_EQ(d.line_a, FormatTraceLine(a[5], kT0));
  EXPECT_EQ(d.line_b,
            "t=1700000040250 +0:00:00.250  head   samples_committed       bytes=0 count=11 "
            "mint=1700000040000 maxt=1700000040000");
  EXPECT_NE(d.hash_a, d.hash_b);
}

TEST(TraceDiff, OneTraceLonger) {
  const auto a = SampleTrace().records();
  const std::vector<TraceRecord> b(a.begin(), a.begin() + 8);
  const TraceDiff d = DiffTraces(a, b);
  EXPECT_FALSE(d.identical);
  EXPECT_EQ(d.index, 8u);
  EXPECT_EQ(d.line_a, FormatTraceLine(a[8], kT0));
  EXPECT_EQ(d.line_b, "");
  EXPECT_EQ(d.size_a - d.size_b, 3u);
  const TraceDiff empty = DiffTraces({}, {});
  EXPECT_TRUE(empty.identical);
}

TEST(TraceFile, WritesAndReadsBackThroughTheFilesystem) {
  tsdb::PosixFilesystem fs;
  tsdb::testing::TempDir dir;
  const TraceRecorder rec = SampleTrace();
  const std::string text = dir.Join("trace.txt");
  ASSERT_TRUE(WriteTraceFile(fs, text, TraceFormat::kText, rec.records()).ok());
  auto back = ReadTextTraceFile(fs, text);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->records, rec.records());
  ASSERT_TRUE(WriteTraceFile(fs, dir.Join("trace.json"), TraceFormat::kPerfetto, rec.records()).ok());
  auto json = tsdb::ReadWholeFile(fs, dir.Join("trace.json"));
  ASSERT_TRUE(json.ok());
  EXPECT_TRUE(nlohmann::json::accept(json->begin(), json->end()));

  auto missing = ReadTextTraceFile(fs, dir.Join("nope.txt"));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("nope.txt"), std::string::npos);
  ASSERT_TRUE(tsdb::WriteWholeFile(fs, dir.Join("bad.txt"),
                                   tsdb::ByteView(reinterpret_cast<const uint8_t*>("t=1 x\n"), 6),
                                   false)
                  .ok());
  auto bad = ReadTextTraceFile(fs, dir.Join("bad.txt"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), dir.Join("bad.txt") +
                                        ": line 1: expected the elapsed time +H:MM:SS.mmm after t=");
}

// A DB run recorded from Open to Close: every lane the engine writes on
// shows up, the text form is lossless, and the run is deterministic.
std::vector<TraceRecord> RecordDbRun() {
  tsdb::PosixFilesystem fs;
  tsdb::testing::TempDir dir;
  constexpr int64_t kStart = 1'800'000'000'000;  // a multiple of 2h
  tsdb::ManualClock clock(kStart);
  tsdb::SplitMix64 random(42);
  TraceRecorder rec;
  rec.set_clock(&clock);
  rec.AddSimEvent("seed", "42");
  tsdb::db::DbOptions options;
  options.wal.segment_size_bytes = 32 * 1024;
  options.block_chunk_segment_size_bytes = 1 << 20;
  tsdb::db::OpenReport report;
  auto db = tsdb::db::DB::Open(&fs, dir.path(), options, &clock, &random, &rec, nullptr, &report);
  TSDB_ASSERT(db.ok());
  uint64_t refs[5] = {};
  for (int64_t t = kStart; t < kStart + 4 * 3600 * 1000; t += 15'000) {
    clock.Set(t);
    auto app = (*db)->Appender();
    for (int i = 0; i < 5; i++) {
      const auto l = tsdb::Labels::FromStrings({"__name__", "demo", "id", std::to_string(i)});
      auto ref = app->Append(refs[i], l, t, static_cast<double>(t / 1000 + i));
      TSDB_ASSERT(ref.ok());
      refs[i] = *ref;
    }
    TSDB_ASSERT(app->Commit().ok());
  }
  TSDB_ASSERT((*db)->Close().ok());
  rec.AddSimEvent("expect_pass", "blocks == 1");
  return rec.records();
}

TEST(TraceDb, RealRunIsLosslessAndDeterministic) {
  const std::vector<TraceRecord> run = RecordDbRun();
  std::map<Lane, int> per_lane;
  for (const TraceRecord& r : run) per_lane[r.lane]++;
  EXPECT_GT(per_lane[Lane::kWal], 0);
  EXPECT_GT(per_lane[Lane::kHead], 0);
  EXPECT_GT(per_lane[Lane::kMmap], 0);
  EXPECT_GT(per_lane[Lane::kBlocks], 0);
  EXPECT_EQ(per_lane[Lane::kSim], 2);

  std::ostringstream text;
  WriteText(run, text);
  auto parsed = ParseTextTrace(text.str());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->records, run);

  const TraceDiff again = DiffTraces(run, RecordDbRun());
  EXPECT_TRUE(again.identical) << "event " << again.index << "\n" << again.line_a << "\n"
                               << again.line_b;

  std::ostringstream perfetto;
  WritePerfetto(run, perfetto);
  const auto j = nlohmann::json::parse(perfetto.str());
  int compactions = 0;
  for (const auto& e : j["traceEvents"]) compactions += e["name"] == "compaction" ? 1 : 0;
  EXPECT_EQ(compactions, 1);
}

}  // namespace
}  // namespace tsdbsim
