// Faults that let the call succeed: latent sector errors (reads of the
// sectors a write wrote fail until they are written again), bit flips (in
// what a read or mapping returns, or in what a write stores), and slow I/O
// (reported latency).
#include <gtest/gtest.h>

#include <bit>

#include "unit/sim_fault_util.h"

namespace tsdbsim::fault {
namespace {

using testing::MakeDurableFile;
using Rig = testing::FaultRig;
using testing::ReadOrError;
using tsdb::AsBytes;
using tsdb::StatusCode;

tsdb::Result<std::string> ReadRange(SimFilesystem& fs, const std::string& path, uint64_t offset,
                                    size_t n) {
  TSDB_ASSIGN_OR_RETURN(auto r, fs.OpenRead(path));
  std::string buf(n, '\0');
  TSDB_ASSIGN_OR_RETURN(const size_t got,
                        r->ReadAt(offset, std::span(reinterpret_cast<uint8_t*>(buf.data()), n)));
  buf.resize(got);
  return buf;
}

// How many bits differ.
int BitsDiffering(const std::string& a, const std::string& b) {
  EXPECT_EQ(a.size(), b.size());
  int n = 0;
  for (size_t i = 0; i < std::min(a.size(), b.size()); i++) {
    n += std::popcount(static_cast<unsigned>(static_cast<uint8_t>(a[i] ^ b[i])));
  }
  return n;
}

TEST(SimFaultLatentSector, ReadsOverlappingTheWrittenSectorsFailUntilRewritten) {
  Rig r;
  MakeDurableFile(r.fs, "/d", "f", std::string(4096, 'a'));
  ASSERT_TRUE(r.plan.Add({.action = FaultAction::kLatentSector, .path_glob = "/d/f", .nth = 1}).ok());
  r.Attach();
  auto f = std::move(r.fs.OpenAppend("/d/f")).value();
  ASSERT_TRUE(f->PWrite(600, AsBytes(std::string(500, 'b'))).ok());  // sectors 1 and 2
  EXPECT_EQ(r.fs.Inspect("/d/f")->bad_sectors, 2u);
  EXPECT_TRUE(ReadRange(r.fs, "/d/f", 0, 512).ok());
  EXPECT_TRUE(ReadRange(r.fs, "/d/f", 1536, 2560).ok());
  const auto bad = ReadRange(r.fs, "/d/f", 500, 20);
  EXPECT_EQ(bad.status().code(), StatusCode::kIOError);
  EXPECT_EQ(bad.status().message(), "read /d/f: Input/output error");
  EXPECT_FALSE(ReadRange(r.fs, "/d/f", 1535, 1).ok());
  EXPECT_EQ(r.fs.MapReadOnly("/d/f").status().message(), "mmap /d/f: Input/output error");
  // Reported: the write that made them, then each failed read.
  ASSERT_GE(r.events.size(), 2u);
  EXPECT_EQ(r.events[0].kind, FaultKind::kLatentSector);
  EXPECT_EQ(r.events[0].offset_bytes, 600u);
  EXPECT_EQ(r.events[1].kind, FaultKind::kLatentRead);
  EXPECT_EQ(r.plan.latent_reads(), 3u);
  // The medium's, not the cache's: a crash and a power loss keep them.
  EXPECT_FALSE(ReadRange(*r.fs.CrashImage(CrashMode::kProcess), "/d/f", 600, 1).ok());
  EXPECT_FALSE(ReadRange(*r.fs.CrashImage(CrashMode::kPowerLoss), "/d/f", 600, 1).ok());
  // Writing a sector again (even a byte of it) makes it readable.
  ASSERT_TRUE(f->PWrite(512, AsBytes("c")).ok());
  EXPECT_TRUE(ReadRange(r.fs, "/d/f", 512, 512).ok());
  EXPECT_FALSE(ReadRange(r.fs, "/d/f", 1024, 1).ok());
  ASSERT_TRUE(f->PWrite(1100, AsBytes("c")).ok());
  EXPECT_EQ(r.fs.Inspect("/d/f")->bad_sectors, 0u);
  EXPECT_TRUE(r.fs.MapReadOnly("/d/f").ok());
  // Truncating them away ends them too.
  ASSERT_TRUE(r.plan.Add({.action = FaultAction::kLatentSector, .nth = 2}).ok());
  ASSERT_TRUE(f->PWrite(3000, AsBytes("d")).ok());
  ASSERT_TRUE(f->Truncate(2048).ok());
  EXPECT_EQ(r.fs.Inspect("/d/f")->bad_sectors, 0u);
}

TEST(SimFaultBitFlip, AWriteStoresExactlyOneFlippedBitInsideWhatItWrote) {
  Rig r;
  MakeDurableFile(r.fs, "/d", "f", std::string(1000, 'a'));
  ASSERT_TRUE(r.plan.Add({.action = FaultAction::kBitFlip, .calls = CallSet(FaultCall::kWrite),
                          .nth = 1}).ok());
  r.Attach(7);
  auto f = std::move(r.fs.OpenAppend("/d/f")).value();
  const std::string data(100, 'x');
  ASSERT_TRUE(f->PWrite(300, AsBytes(data)).ok());
  const std::string want = std::string(300, 'a') + data + std::string(600, 'a');
  const std::string got = ReadOrError(r.fs, "/d/f");
  EXPECT_EQ(BitsDiffering(got, want), 1);
  ASSERT_EQ(r.events.size(), 1u);
  const FaultEvent& e = r.events[0];
  EXPECT_EQ(e.kind, FaultKind::kBitFlip);
  ASSERT_TRUE(e.offset_bytes >= 300 && e.offset_bytes < 400);
  EXPECT_EQ(static_cast<uint8_t>(got[e.offset_bytes] ^ want[e.offset_bytes]), 1u << e.bit);
  // Corruption at rest: it is what fsync makes durable.
  ASSERT_TRUE(f->Sync().ok());
  EXPECT_EQ(ReadOrError(*r.fs.CrashImage(CrashMode::kPowerLoss), "/d/f"), got);
}

TEST(SimFaultBitFlip, AReadOrAMappingReturnsOneFlippedBitAndTheFileKeepsItsBytes) {
  Rig r;
  const std::string data = "0123456789abcdef0123456789abcdef";
  MakeDurableFile(r.fs, "/d", "f", data);
  ASSERT_TRUE(r.plan.Add({.action = FaultAction::kBitFlip,
                          .calls = CallSet(FaultCall::kRead) | CallSet(FaultCall::kMap),
                          .max_times = 2}).ok());
  r.Attach(3);
  const auto read = ReadRange(r.fs, "/d/f", 4, 20);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(BitsDiffering(*read, data.substr(4, 20)), 1);
  ASSERT_TRUE(r.events[0].offset_bytes >= 4 && r.events[0].offset_bytes < 24);
  auto m = r.fs.MapReadOnly("/d/f");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(BitsDiffering(std::string(tsdb::AsString((*m)->data())), data), 1);
  // Transient: the third call (max_times 2) sees the stored bytes unchanged.
  EXPECT_EQ(*ReadRange(r.fs, "/d/f", 0, 64), data);
  EXPECT_EQ(r.plan.fired(0), 2u);
  // A read at the end moves no bytes and has nothing to flip.
  FaultPlan again;
  ASSERT_TRUE(again.Add({.action = FaultAction::kBitFlip, .calls = CallSet(FaultCall::kRead)}).ok());
  r.fs.SetFaultPlan(&again, {});
  EXPECT_EQ(*ReadRange(r.fs, "/d/f", 32, 8), "");
  EXPECT_EQ(again.fired(0), 0u);
  EXPECT_EQ(again.matched(0), 1u);
}

TEST(SimFaultLatency, SlowCallsSucceedAndReportTheirVirtualTime) {
  Rig r;
  MakeDurableFile(r.fs, "/data/wal", "1", "x");
  ASSERT_TRUE(r.plan.Add({.action = FaultAction::kLatency, .calls = CallSet(FaultCall::kSync),
                          .path_glob = "/data/wal/*", .latency_ms = 250}).ok());
  ASSERT_TRUE(r.plan.Add({.action = FaultAction::kLatency, .calls = CallSet(FaultCall::kSync),
                          .latency_ms = 40}).ok());
  ASSERT_TRUE(r.plan.Add({.action = FaultAction::kEio, .calls = CallSet(FaultCall::kSync),
                          .nth = 2}).ok());
  int64_t clock_ms = 0;
  r.fs.SetFaultPlan(&r.plan, {.now_ms = [&] { return clock_ms; },
                              .on_fault = [&](const FaultEvent& e) {
                                r.events.push_back(e);
                                clock_ms += e.latency_ms;  // as the simulator advances time
                              }});
  auto f = std::move(r.fs.OpenAppend("/data/wal/1")).value();
  ASSERT_TRUE(f->Append(AsBytes("y")).ok());
  EXPECT_TRUE(f->Sync().ok());
  EXPECT_EQ(clock_ms, 290);
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_EQ(r.events[0].kind, FaultKind::kLatency);
  EXPECT_EQ(r.events[0].call, FaultCall::kSync);
  EXPECT_EQ(r.events[0].latency_ms, 250);
  EXPECT_EQ(r.events[1].latency_ms, 40);
  EXPECT_EQ(ReadOrError(*r.fs.CrashImage(CrashMode::kPowerLoss), "/data/wal/1"), "xy");
  // Slow and failing at once: both reported, the call fails.
  EXPECT_EQ(f->Sync().code(), StatusCode::kIOError);
  EXPECT_EQ(r.events.size(), 5u);
  EXPECT_EQ(r.events[4].kind, FaultKind::kEio);
  EXPECT_EQ(clock_ms, 580);
  // Calls no rule matches take no time.
  ASSERT_TRUE(f->Append(AsBytes("z")).ok());
  ASSERT_TRUE(r.fs.SyncDir("/data/wal").ok());
  EXPECT_EQ(r.events.size(), 5u);
}

}  // namespace
}  // namespace tsdbsim::fault
