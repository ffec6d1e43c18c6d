// Which acknowledged samples an fsync has made durable: every commit
// remembers its WAL writes (segment path and operation number); an fsync
// of a segment covers the writes to it that came before.
#include <algorithm>

#include "engine/wlog/segments.h"
#include "sim/scenario/oracle.h"

namespace tsdbsim {
namespace {

bool IsWalSegment(const std::string& wal_dir, const std::string& path) {
  return path.size() > wal_dir.size() + 1 && path.compare(0, wal_dir.size(), wal_dir) == 0 &&
         path[wal_dir.size()] == '/' && path.find('/', wal_dir.size() + 1) == std::string::npos;
}

}  // namespace

void Oracle::OnFsOp(const fault::FsOp& op) {
  using fault::FsOpKind;
  if (op.kind != FsOpKind::kAppend && op.kind != FsOpKind::kPWrite && op.kind != FsOpKind::kSync) return;
  if (!IsWalSegment(wal_dir_, op.path)) return;
  const uint32_t segment = SegmentId(op.path);
  if (op.kind != FsOpKind::kSync) {
    for (const uint32_t failed : failed_unwritten_) commits_[failed].written_later = true;
    failed_unwritten_.clear();
    if (!in_commit_) return;  // a checkpoint or the WAL's own bookkeeping
    Commit& c = commits_.back();
    if (c.unsynced.empty()) undurable_.push_back(static_cast<uint32_t>(commits_.size() - 1));
    c.unsynced.emplace_back(segment, op.seq);
    if (std::find(c.segments.begin(), c.segments.end(), segment) == c.segments.end()) c.segments.push_back(segment);
    return;
  }
  std::erase_if(undurable_, [&](uint32_t index) {
    Commit& c = commits_[index];
    std::erase_if(c.unsynced, [&](const auto& w) { return w.first == segment && w.second < op.seq; });
    const bool was_durable = c.durable;
    c.durable = c.unsynced.empty();  // either way: a commit may write again after an fsync made it durable
    if (c.durable != was_durable) durable_count_ += c.durable ? c.acked : -c.acked;
    return c.durable;
  });
}

uint32_t Oracle::SegmentId(const std::string& path) {
  auto [it, fresh] = segment_ids_.try_emplace(path, static_cast<uint32_t>(segments_.size()));
  if (fresh) segments_.push_back(path);
  return it->second;
}

CrashContext Oracle::CaptureCrash(CrashKind kind, const fault::SimFilesystem& fs) const {
  CrashContext ctx;
  ctx.kind = kind;
  if (kind != CrashKind::kPowerLoss && kind != CrashKind::kTorn) return ctx;
  for (uint32_t i = 0; i < segments_.size(); i++) {
    auto st = fs.Inspect(segments_[i]);
    if (st.ok() && st->entry_durable) ctx.durable_wal_entries.insert(i);
  }
  for (const fault::SimFileStatus& f : fs.Files(wal_dir_)) {
    if (f.is_dir || !IsWalSegment(wal_dir_, f.path) || f.content_durable) continue;
    const int index = SegmentIndex(f.path);
    if (index >= 0) ctx.first_unsynced_segment = std::min(ctx.first_unsynced_segment, index);
  }
  return ctx;
}

Oracle::Loss Oracle::Classify(uint32_t commit, const CrashContext& crash) const {
  // Samples of interrupted or failed commits that a restart brought back
  // were never acknowledged: losing them again breaks no promise.
  if (commit == kInFlight) return Loss::kUnsynced;
  if (commit >= commits_.size()) return Loss::kViolation;
  const Commit& c = commits_[commit];
  if (c.failed) return Loss::kUnsynced;
  if (crash.repaired_segment >= 0) {
    // 2.42's repair keeps the corrupt segment up to the damage and deletes
    // every later one, fsynced or not, whatever the crash was.
    for (const uint32_t segment : c.segments) {
      if (SegmentIndex(segments_[segment]) >= crash.repaired_segment) return Loss::kRepair;
    }
  }
  if (crash.kind != CrashKind::kPowerLoss && crash.kind != CrashKind::kTorn) return Loss::kViolation;
  if (!c.durable) return Loss::kUnsynced;
  for (const uint32_t segment : c.segments) {
    if (!crash.durable_wal_entries.contains(segment)) return Loss::kUnsyncedEntry;
  }
  for (const uint32_t segment : c.segments) {
    if (SegmentIndex(segments_[segment]) > crash.first_unsynced_segment) return Loss::kDependent;
  }
  return Loss::kViolation;
}

int Oracle::SegmentIndex(const std::string& path) {
  return tsdb::wlog::ParseIndex(std::string_view(path).substr(path.rfind('/') + 1));
}

OracleCheck Oracle::OpenFailed(const std::string& error, const CrashContext& crash) {
  OracleCheck c;
  c.open_failed = true;
  c.open_error = error;
  const bool power = crash.kind == CrashKind::kPowerLoss || crash.kind == CrashKind::kTorn;
  c.open_failed_as_2_42 = power && error.find("chunk disk mapper") != std::string::npos &&
                          (error.find("invalid head chunk file header") != std::string::npos ||
                           error.find("invalid magic number") != std::string::npos);
  return c;
}

int64_t Oracle::CountDurableSamples() const {
  int64_t n = 0;
  for (const Series& s : series_) {
    for (const Sample& x : s.acked) n += x.commit < commits_.size() && commits_[x.commit].durable ? 1 : 0;
  }
  return n;
}

}  // namespace tsdbsim
