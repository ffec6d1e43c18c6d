// The fault model under random use: random call sequences (writes, syncs,
// renames, removes, reads, mappings, crashes, torn and plain power losses)
// against a SimFilesystem with a random fault plan and space budget never
// crash it, and every state it reports stays consistent: the space count
// matches the files, a write never pushes the space past the budget, a
// process-crash image is the visible tree, a power-loss image is exactly
// the durable tree and all durable, a torn image has the power-loss tree's
// names and is one function of its seed, and the same seed and calls give
// the same faults and the same bytes.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <array>
#include <map>

#include "fault_injection/sim_filesystem.h"

namespace tsdbsim::fault {
namespace {

constexpr const char* kPaths[] = {"/r/a", "/r/b", "/r/d", "/r/d/a", "/r/d/b", "/r/d/e"};
constexpr int kPathCount = static_cast<int>(std::size(kPaths));
constexpr int kSlots = 3;

enum class OpKind {
  kCreate, kOpenAppend, kAppend, kPWrite, kPreallocate, kTruncate, kSync, kRename, kRemove,
  kMkdir, kSyncDir, kRead, kMap, kList, kCrash, kPowerLoss, kTornPowerLoss,
};

struct Op {
  OpKind kind = OpKind::kCreate;
  int path = 0;
  int other = 0;
  uint32_t offset = 0;
  uint32_t length = 0;
};

struct PlanSpec {
  std::vector<FaultRule> rules;
  uint64_t budget_bytes = 0;  // kNoBudget and above: none
  uint64_t seed = 0;
};
constexpr uint64_t kNoBudget = 6000;

void showValue(const Op& op, std::ostream& os) {
  os << "op" << static_cast<int>(op.kind) << "(" << kPaths[op.path] << ", " << kPaths[op.other]
     << ", @" << op.offset << ", " << op.length << ")";
}

void showValue(const PlanSpec& p, std::ostream& os) {
  os << "seed " << p.seed << " budget "
     << (p.budget_bytes < kNoBudget ? std::to_string(p.budget_bytes) : "-");
  for (const FaultRule& r : p.rules) {
    os << " [" << FaultActionName(r.action) << " " << FaultCallSetName(r.calls) << " "
       << r.path_glob << " nth " << r.nth << " ppm " << r.chance_ppm << " max " << r.max_times
       << "]";
  }
}

// Mostly writes, syncs and directory syncs, so that the durable tree fills.
rc::Gen<OpKind> GenKind() {
  using K = OpKind;
  const auto k = [](OpKind kind) { return rc::gen::just(kind); };
  return rc::gen::weightedOneOf<OpKind>({
      {3, k(K::kCreate)}, {2, k(K::kOpenAppend)}, {5, k(K::kAppend)}, {3, k(K::kPWrite)},
      {1, k(K::kPreallocate)}, {1, k(K::kTruncate)}, {4, k(K::kSync)}, {1, k(K::kRename)},
      {1, k(K::kRemove)}, {2, k(K::kMkdir)}, {4, k(K::kSyncDir)}, {2, k(K::kRead)},
      {1, k(K::kMap)}, {1, k(K::kList)}, {1, k(K::kCrash)}, {1, k(K::kPowerLoss)},
      {1, k(K::kTornPowerLoss)}});
}

rc::Gen<Op> GenOp() {
  return rc::gen::build<Op>(
      rc::gen::set(&Op::kind, GenKind()),
      rc::gen::set(&Op::path, rc::gen::inRange(0, kPathCount)),
      rc::gen::set(&Op::other, rc::gen::inRange(0, kPathCount)),
      rc::gen::set(&Op::offset, rc::gen::weightedOneOf<uint32_t>(
                                    {{3, rc::gen::inRange<uint32_t>(0, 1200)},
                                     {1, rc::gen::inRange<uint32_t>(0, 12000)}})),
      rc::gen::set(&Op::length, rc::gen::inRange<uint32_t>(0, 1500)));
}

rc::Gen<FaultRule> GenRule() {
  return rc::gen::build<FaultRule>(
      rc::gen::set(&FaultRule::action, rc::gen::cast<FaultAction>(rc::gen::inRange(0, 5))),
      rc::gen::set(&FaultRule::calls,
                   rc::gen::oneOf(rc::gen::just(kAllFaultCalls),
                                  rc::gen::inRange<FaultCallSet>(1, kAllFaultCalls + 1),
                                  rc::gen::element(CallSet(FaultCall::kWrite),
                                                   CallSet(FaultCall::kSync),
                                                   CallSet(FaultCall::kRead)))),
      rc::gen::set(&FaultRule::path_glob,
                   rc::gen::element<std::string>("*", "/r/d/*", "/r/a", "*b")),
      rc::gen::set(&FaultRule::nth, rc::gen::inRange<uint64_t>(0, 4)),
      rc::gen::set(&FaultRule::chance_ppm,
                   rc::gen::element<uint32_t>(0, 100'000, 500'000, 1'000'000, 1'000'000)),
      rc::gen::set(&FaultRule::max_times, rc::gen::inRange<uint64_t>(0, 4)),
      rc::gen::set(&FaultRule::latency_ms, rc::gen::inRange<int64_t>(1, 100)));
}

rc::Gen<PlanSpec> GenPlan() {
  return rc::gen::build<PlanSpec>(
      rc::gen::set(&PlanSpec::rules,
                   rc::gen::mapcat(rc::gen::inRange<size_t>(1, 5),
                                   [](size_t n) {
                                     return rc::gen::container<std::vector<FaultRule>>(n, GenRule());
                                   })),
      rc::gen::set(&PlanSpec::budget_bytes, rc::gen::inRange<uint64_t>(0, 2 * kNoBudget)),
      rc::gen::set(&PlanSpec::seed, rc::gen::arbitrary<uint64_t>()));
}

using Tree = std::map<std::string, std::string>;

void Collect(tsdb::Filesystem& fs, const std::string& dir, Tree* out) {
  auto list = fs.List(dir);
  RC_ASSERT(list.ok());
  for (const auto& e : *list) {
    const std::string path = tsdb::JoinPath(dir, e.name);
    if (e.is_dir) {
      (*out)[path + "/"] = "";
      Collect(fs, path, out);
      continue;
    }
    auto bytes = tsdb::ReadWholeFile(fs, path);
    RC_ASSERT(bytes.ok());
    (*out)[path] = std::string(tsdb::AsString(*bytes));
  }
}

// The bytes the model holds, past any unreadable sector: exported to a
// clean filesystem first.
Tree Raw(const SimFilesystem& fs, bool durable) {
  SimFilesystem copy;
  RC_ASSERT((durable ? fs.WriteDurableTreeTo(copy, "/", "/") : fs.WriteVisibleTreeTo(copy, "/", "/")).ok());
  Tree t;
  Collect(copy, "/", &t);
  return t;
}

Tree Names(const Tree& t) {
  Tree out;
  for (const auto& [name, bytes] : t) out[name] = "";
  return out;
}

// Runs ops against a filesystem with the plan; the events, as text.
struct Run {
  SimFilesystem fs;
  FaultPlan plan;
  std::string events;
  std::array<std::unique_ptr<tsdb::WritableFile>, kSlots> files;

  explicit Run(const PlanSpec& spec) {
    RC_ASSERT(fs.MkdirAll("/r").ok());
    RC_ASSERT(fs.SyncDir("/").ok());
    for (const FaultRule& r : spec.rules) (void)plan.Add(r);  // refused ones are skipped
    if (spec.budget_bytes < kNoBudget) plan.SetSpaceBudget(spec.budget_bytes);
    fs.SetFaultPlan(&plan, {.seed = spec.seed, .on_fault = [this](const FaultEvent& e) {
                              events += std::string(FaultKindName(e.kind)) + " " + e.path + "@" +
                                        std::to_string(e.offset_bytes) + "+" +
                                        std::to_string(e.length_bytes) + ";";
                            }});
  }

  void Apply(const Op& op, uint64_t torn_seed) {
    const std::string path = kPaths[op.path];
    const tsdb::Bytes data(op.length, static_cast<uint8_t>(op.offset % 251 + 1));
    auto& file = files[op.path % kSlots];
    const uint64_t used_before = fs.space_used_bytes();
    bool may_grow = false;
    switch (op.kind) {
      case OpKind::kCreate:
      case OpKind::kOpenAppend: {
        auto f = op.kind == OpKind::kCreate ? fs.Create(path) : fs.OpenAppend(path);
        if (f.ok()) files[op.other % kSlots] = std::move(f).value();
        break;
      }
      case OpKind::kAppend:
        if (file) (void)file->Append(data);
        may_grow = true;
        break;
      case OpKind::kPWrite:
        if (file) (void)file->PWrite(op.offset, data);
        may_grow = true;
        break;
      case OpKind::kPreallocate:
        if (file) (void)file->Preallocate(op.offset + op.length);
        may_grow = true;
        break;
      case OpKind::kTruncate:
        if (file) (void)file->Truncate(op.offset);
        break;
      case OpKind::kSync:
        if (file) (void)file->Sync();
        break;
      case OpKind::kRename: (void)fs.Rename(path, kPaths[op.other]); break;
      case OpKind::kRemove: (void)fs.RemoveAll(path); break;
      case OpKind::kMkdir: (void)fs.MkdirAll(path); break;
      case OpKind::kSyncDir:  // the path's directory, or the path
        (void)fs.SyncDir(op.other % 2 == 0 ? path.substr(0, path.rfind('/')) : path);
        break;
      case OpKind::kRead: {
        auto r = fs.OpenRead(path);
        tsdb::Bytes buf(op.length);
        if (r.ok()) (void)(*r)->ReadAt(op.offset, buf);
        break;
      }
      case OpKind::kMap: (void)fs.MapReadOnly(path); break;
      case OpKind::kList: (void)fs.List(path); break;
      case OpKind::kCrash: fs.CrashProcess(); break;
      case OpKind::kPowerLoss: fs.PowerLoss(); break;
      case OpKind::kTornPowerLoss: fs.PowerLoss({.torn = true, .seed = torn_seed}); break;
    }
    RC_ASSERT(fs.space_used_bytes() == fs.Usage("/").visible_bytes);
    if (may_grow && plan.space_budget_bytes().has_value()) {
      RC_ASSERT(fs.space_used_bytes() <= std::max(used_before, *plan.space_budget_bytes()));
    }
  }
};

RC_GTEST_PROP(SimFaultProperty, RandomCallsWithRandomFaultsKeepEveryStateConsistent, ()) {
  const PlanSpec spec = *GenPlan();
  const auto ops = *rc::gen::container<std::vector<Op>>(GenOp());
  Run run(spec);
  for (size_t i = 0; i < ops.size(); i++) run.Apply(ops[i], spec.seed + i);
  run.fs.SetFaultPlan(nullptr);  // looking must not inject

  const Tree visible = Raw(run.fs, false);
  const Tree durable = Raw(run.fs, true);
  const auto process = run.fs.CrashImage(CrashMode::kProcess);
  RC_ASSERT(Raw(*process, false) == visible);
  RC_ASSERT(Raw(*process, true) == durable);

  const auto power = run.fs.CrashImage(CrashMode::kPowerLoss);
  RC_ASSERT(Raw(*power, false) == durable);
  for (const SimFileStatus& s : power->Files("/")) RC_ASSERT(s.content_durable && s.entry_durable);

  const auto torn = run.fs.CrashImage(CrashMode::kTorn, spec.seed);
  const Tree torn_tree = Raw(*torn, false);
  RC_ASSERT(Names(torn_tree) == Names(durable));
  RC_ASSERT(Raw(*run.fs.CrashImage(CrashMode::kTorn, spec.seed), false) == torn_tree);
  for (const SimFileStatus& s : torn->Files("/")) RC_ASSERT(s.content_durable && s.entry_durable);

  // The image's own power loss is the original's.
  process->PowerLoss();
  RC_ASSERT(Raw(*process, false) == durable);
  RC_ASSERT(process->space_used_bytes() == process->Usage("/").visible_bytes);
}

RC_GTEST_PROP(SimFaultProperty, SameSeedAndCallsGiveTheSameFaultsAndBytes, ()) {
  const PlanSpec spec = *GenPlan();
  const auto ops = *rc::gen::container<std::vector<Op>>(GenOp());
  Run a(spec), b(spec);
  for (size_t i = 0; i < ops.size(); i++) {
    a.Apply(ops[i], spec.seed + i);
    b.Apply(ops[i], spec.seed + i);
  }
  RC_ASSERT(a.events == b.events);
  RC_ASSERT(a.fs.op_count() == b.fs.op_count());
  RC_ASSERT(Raw(a.fs, false) == Raw(b.fs, false));
  RC_ASSERT(Raw(a.fs, true) == Raw(b.fs, true));
  RC_ASSERT(a.plan.Summary() == b.plan.Summary());
}

}  // namespace
}  // namespace tsdbsim::fault
