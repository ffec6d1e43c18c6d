// Properties of the ChunkDiskMapper under random workloads — chunks of a few
// bytes to larger than the write buffer, small files, random flushes,
// truncations, clean restarts and kills:
//  * every chunk still referenced reads back identically, whether it sits in
//    the write buffer or on disk, and IterateAllChunks agrees with ReadChunk
//    and with the model, entry for entry and in order;
//  * after Truncate(n) no file below n survives, except the file open for
//    writing; the directory holds exactly the files the mapper lists;
//  * a killed process loses only chunks of the file being written.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <map>
#include <ostream>
#include <set>

#include "engine/base/posix_filesystem.h"
#include "engine/chunks/chunk_disk_mapper.h"
#include "engine/chunks/head_chunk_reader.h"
#include "support/temp_dir.h"

namespace tsdb::chunks {
namespace {

enum class OpKind { kWrite, kFlush, kTruncate, kReopen, kKill };

struct Op {
  OpKind kind = OpKind::kWrite;
  uint32_t size = 0;   // chunk bytes (write)
  uint32_t seed = 0;   // chunk contents, series ref, times, encoding (write); file pick (truncate)
};

struct Expected {
  uint64_t series = 0;
  int64_t mint = 0;
  int64_t maxt = 0;
  uint8_t encoding = 0;
  uint32_t size = 0;
  uint32_t seed = 0;
};

Bytes ChunkBytes(uint32_t size, uint32_t seed) {
  Bytes b(size);
  uint32_t x = seed | 1;
  for (auto& c : b) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c = static_cast<uint8_t>(x);
  }
  return b;
}

constexpr uint8_t kEncodings[] = {1, 2, 3, 0x81};

// So a shrunk counterexample reads as a list of operations.
void showValue(const Op& op, std::ostream& os) {
  static const char* const kNames[] = {"write", "flush", "truncate", "reopen", "kill"};
  os << kNames[static_cast<int>(op.kind)] << "(size=" << op.size << ", seed=" << op.seed << ")";
}

// RC_ASSERT on a Status, showing its message when it fails.
#define RC_ASSERT_OK(expr)                                \
  do {                                                    \
    const ::tsdb::Status rc_status_ = (expr);             \
    if (!rc_status_.ok()) RC_FAIL(rc_status_.ToString()); \
  } while (0)

rc::Gen<Op> GenOp() {
  // Mostly small chunks; now and then one at least as large as the buffer.
  // At least 4 bytes: a shorter entry (under 34 bytes) ending exactly at the
  // end of a file reads as corruption in 2.42's format, and no real chunk is
  // that short (an XOR chunk with one sample has 11 bytes or more).
  auto size = rc::gen::weightedOneOf<uint32_t>({{20, rc::gen::inRange<uint32_t>(4, 4096)},
                                                {1, rc::gen::inRange<uint32_t>(60000, 140000)}});
  auto write = rc::gen::build<Op>(rc::gen::set(&Op::kind, rc::gen::just(OpKind::kWrite)),
                                  rc::gen::set(&Op::size, size), rc::gen::set(&Op::seed));
  auto other = [](OpKind k) {
    return rc::gen::build<Op>(rc::gen::set(&Op::kind, rc::gen::just(k)), rc::gen::set(&Op::seed));
  };
  return rc::gen::weightedOneOf<Op>({{30, write},
                                     {3, other(OpKind::kFlush)},
                                     {3, other(OpKind::kTruncate)},
                                     {1, other(OpKind::kReopen)},
                                     {1, other(OpKind::kKill)}});
}

class Harness {
 public:
  explicit Harness(ChunkDiskMapperOptions o) : options_(o) { Open(); }

  void Run(const Op& op) {
    switch (op.kind) {
      case OpKind::kWrite: Write(op); break;
      case OpKind::kFlush: RC_ASSERT_OK(m_->Flush()); break;
      case OpKind::kTruncate: Truncate(op.seed); break;
      case OpKind::kReopen:
        RC_ASSERT_OK(m_->Close());
        Open();
        CheckIteration();
        break;
      case OpKind::kKill: Kill(); break;
    }
    CheckReads();
  }

  // Walks everything and compares with the model and with ReadChunk.
  void CheckIteration() {
    std::vector<std::pair<ChunkDiskRef, MappedChunkInfo>> seen;
    const Status s = m_->IterateAllChunks([&](const MappedChunkInfo& i) {
      seen.emplace_back(i.chunk_ref, i);
      return Status::Ok();
    });
    RC_ASSERT_OK(s);
    RC_ASSERT(seen.size() == model_.size());
    auto it = model_.begin();
    for (const auto& [ref, info] : seen) {
      RC_ASSERT(ref == it->first);
      const Expected& e = it->second;
      RC_ASSERT(info.series_ref == e.series);
      RC_ASSERT(info.mint == e.mint);
      RC_ASSERT(info.maxt == e.maxt);
      RC_ASSERT(info.encoding == e.encoding);
      const Bytes want = ChunkBytes(e.size, e.seed);
      RC_ASSERT(info.num_samples == GetBE16(want.data()));
      ++it;
    }
  }

 private:
  void Open() {
    auto m = ChunkDiskMapper::Open(&fs_, dir_.path(), options_);
    RC_ASSERT_OK(m.status());
    m_ = std::move(m).value();
    open_file_ = 0;
  }

  void Write(const Op& op) {
    const Expected e = {.series = op.seed % 1000 + 1,
                        .mint = static_cast<int64_t>(op.seed) - 5000,
                        .maxt = static_cast<int64_t>(op.seed) + 5000,
                        .encoding = kEncodings[op.seed % 4],
                        .size = op.size,
                        .seed = op.seed};
    const Bytes data = ChunkBytes(e.size, e.seed);
    auto ref = m_->WriteChunk(e.series, e.mint, e.maxt, static_cast<chunkenc::Encoding>(e.encoding),
                              data);
    RC_ASSERT_OK(ref.status());
    // Refs only grow. (RC_ASSERT captures operands, so no || inside it.)
    const bool grows = model_.empty() || *ref > model_.rbegin()->first;
    RC_ASSERT(grows);
    model_[*ref] = e;
    open_file_ = ChunkDiskRefFile(*ref);
  }

  void Truncate(uint32_t pick) {
    const std::vector<uint32_t> before = m_->Files();
    const uint32_t top = before.empty() ? 1 : before.back() + 1;
    const uint32_t n = pick % 8 == 0 ? UINT32_MAX : pick % (top + 1);
    RC_ASSERT_OK(m_->Truncate(n));
    const std::vector<uint32_t> after = m_->Files();
    for (const uint32_t f : after) {
      const bool may_stay = f >= n || f == open_file_;
      RC_ASSERT(may_stay);
    }
    RC_ASSERT(ListedOnDisk() == after);
    const std::set<uint32_t> alive(after.begin(), after.end());
    std::erase_if(model_, [&](const auto& kv) { return alive.count(ChunkDiskRefFile(kv.first)) == 0; });
  }

  // Only the file being written can lose chunks: the others were flushed
  // when the next file was cut.
  void Kill() {
    const uint32_t open_file = open_file_;
    m_.reset();
    Open();
    std::map<ChunkDiskRef, Expected> kept;
    const Status s = m_->IterateAllChunks([&](const MappedChunkInfo& i) {
      auto it = model_.find(i.chunk_ref);
      RC_ASSERT(it != model_.end());
      kept.insert(*it);
      return Status::Ok();
    });
    RC_ASSERT_OK(s);
    for (const auto& [ref, e] : model_) {
      if (ChunkDiskRefFile(ref) != open_file) RC_ASSERT(kept.count(ref) == 1u);
    }
    model_ = std::move(kept);
    CheckIteration();
  }

  void CheckReads() {
    Bytes out;
    for (const auto& [ref, e] : model_) {
      const Status s = m_->ReadChunk(ref, &out);
      RC_ASSERT_OK(s);
      RC_ASSERT(out == ChunkBytes(e.size, e.seed));
    }
  }

  std::vector<uint32_t> ListedOnDisk() {
    std::vector<uint32_t> out;
    auto list = fs_.List(dir_.path());
    RC_ASSERT(list.ok());
    for (const DirEntry& d : *list) {
      RC_ASSERT(d.name.size() == 6u);  // no .tmp or other leftovers
      out.push_back(static_cast<uint32_t>(std::stoul(d.name)));
    }
    return out;
  }

  ChunkDiskMapperOptions options_;
  PosixFilesystem fs_;
  testing::TempDir dir_;
  std::unique_ptr<ChunkDiskMapper> m_;
  std::map<ChunkDiskRef, Expected> model_;
  uint32_t open_file_ = 0;  // file of the last write since the mapper was opened
};

RC_GTEST_PROP(ChunkDiskMapperProperty, EveryLiveChunkReadsBackAndTruncationIsExact, ()) {
  const auto buffer_kib = *rc::gen::element<int64_t>(64, 65, 128);
  const auto max_file = *rc::gen::inRange<int64_t>(64, 300000);
  const auto ops = *rc::gen::container<std::vector<Op>>(GenOp());
  Harness h({.write_buffer_size_bytes = buffer_kib * 1024, .max_file_size_bytes = max_file});
  for (const Op& op : ops) h.Run(op);
  h.CheckIteration();
}

}  // namespace
}  // namespace tsdb::chunks
