#include "sim/scenario/scenario_parser.h"

#include <array>
#include <vector>

#include "sim/scenario/crash_kind.h"
#include "sim/scenario/values.h"

namespace tsdbsim {
namespace {

struct Word {
  std::string_view text;
  int column;  // 1-based
};

std::vector<Word> SplitWords(std::string_view line) {
  std::vector<Word> out;
  size_t i = 0;
  while (i < line.size()) {
    if (line[i] == '#') break;  // the rest is a comment
    if (line[i] == ' ' || line[i] == '\t' || line[i] == '\r') {
      i++;
      continue;
    }
    const size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') i++;
    out.push_back({line.substr(start, i - start), static_cast<int>(start) + 1});
  }
  return out;
}

constexpr std::array<std::string_view, 12> kVerbs = {"seed",  "config",  "target",   "remove", "secondary", "run",
                                                     "crash", "restart", "shutdown", "expect", "fault",     "#"};
constexpr std::array<std::string_view, 8> kFaultKinds = {"eio",      "fsync_fail", "enospc",  "latent_sector",
                                                         "bit_flip", "latency",    "point",   "swarm"};
constexpr std::array<std::string_view, 6> kRunUntilEvents = {"chunk_cut", "mmap", "compaction", "checkpoint",
                                                             "wal_segment", "restart_done"};
constexpr std::array<std::string_view, 6> kOps = {"==", "!=", "<", "<=", ">", ">="};

class LineParser {
 public:
  LineParser(const std::string& file, int line, std::vector<Word> words)
      : file_(file), line_(line), w_(std::move(words)) {}

  tsdb::Result<Step> Parse();

 private:
  tsdb::Status Error(int column, const std::string& what) const {
    return tsdb::Status::InvalidArgument(file_ + ":" + std::to_string(line_) + ":" + std::to_string(column) + ": " +
                                         what);
  }
  int EndColumn() const { return w_.back().column + static_cast<int>(w_.back().text.size()); }
  tsdb::Status Arity(size_t min, size_t max, const std::string& usage) const {
    if (w_.size() < min) return Error(EndColumn(), "missing argument (expected `" + usage + "`)");
    if (w_.size() > max) return Error(w_[max].column, "unexpected \"" + std::string(w_[max].text) + "\" (expected `" + usage + "`)");
    return {};
  }
  tsdb::Status Options(size_t from, Step* step) const;
  tsdb::Status Wrap(const tsdb::Status& s, int column) const { return Error(column, s.message()); }

  const std::string& file_;
  int line_;
  std::vector<Word> w_;
};

tsdb::Status LineParser::Options(size_t from, Step* step) const {
  for (size_t i = from; i < w_.size(); i++) {
    const std::string_view t = w_[i].text;
    const size_t eq = t.find('=');
    if (eq == std::string_view::npos || eq == 0 || eq + 1 == t.size()) {
      return Error(w_[i].column, "expected key=value, got \"" + std::string(t) + "\"");
    }
    step->options.push_back({std::string(t.substr(0, eq)), std::string(t.substr(eq + 1)), w_[i].column});
  }
  return {};
}

tsdb::Result<Step> LineParser::Parse() {
  Step s{};
  s.line = line_;
  const std::string_view verb = w_[0].text;
  if (verb == "seed") {
    s.kind = Step::Kind::kSeed;
    TSDB_RETURN_IF_ERROR(Arity(2, 2, "seed N"));
    auto n = ParseU64(w_[1].text);
    if (!n.ok()) return Wrap(n.status(), w_[1].column);
    s.seed = *n;
  } else if (verb == "config") {
    s.kind = Step::Kind::kConfig;
    TSDB_RETURN_IF_ERROR(Arity(2, 64, "config key=value ..."));
    TSDB_RETURN_IF_ERROR(Options(1, &s));
  } else if (verb == "target") {
    s.kind = Step::Kind::kTarget;
    TSDB_RETURN_IF_ERROR(Arity(2, 64, "target NAME [synthetic|scripted|self] key=value ..."));
    s.name = w_[1].text;
    size_t from = 2;
    s.kind_word = "synthetic";
    if (w_.size() > 2 && w_[2].text.find('=') == std::string_view::npos) {
      s.kind_word = w_[2].text;
      if (s.kind_word != "synthetic" && s.kind_word != "scripted" && s.kind_word != "self") {
        return Error(w_[2].column, "unknown target kind \"" + s.kind_word + "\" (expected synthetic, scripted or self)");
      }
      from = 3;
    }
    TSDB_RETURN_IF_ERROR(Options(from, &s));
  } else if (verb == "remove") {
    s.kind = Step::Kind::kRemove;
    TSDB_RETURN_IF_ERROR(Arity(2, 2, "remove NAME"));
    s.name = w_[1].text;
  } else if (verb == "secondary") {
    s.kind = Step::Kind::kSecondary;
    TSDB_RETURN_IF_ERROR(Arity(2, 64, "secondary remote_write key=value ..."));
    if (w_[1].text != "remote_write") {
      return Error(w_[1].column, "unknown secondary \"" + std::string(w_[1].text) + "\" (expected remote_write)");
    }
    TSDB_RETURN_IF_ERROR(Options(2, &s));
  } else if (verb == "run") {
    TSDB_RETURN_IF_ERROR(Arity(2, 5, "run DURATION | run until EVENT [within DURATION]"));
    if (w_[1].text == "until") {
      s.kind = Step::Kind::kRunUntil;
      TSDB_RETURN_IF_ERROR(Arity(3, 5, "run until EVENT [within DURATION]"));
      s.name = w_[2].text;
      if (!IsRunUntilEvent(s.name)) {
        return Error(w_[2].column, "unknown event \"" + s.name +
                                       "\" (expected chunk_cut, mmap, compaction, checkpoint or wal_segment)");
      }
      s.duration_ms = 48 * 3'600'000;  // an event that never comes must not hang the run
      if (w_.size() > 3) {
        if (w_[3].text != "within") return Error(w_[3].column, "expected `within DURATION`");
        TSDB_RETURN_IF_ERROR(Arity(5, 5, "run until EVENT within DURATION"));
        auto d = ParseDurationMs(w_[4].text);
        if (!d.ok()) return Wrap(d.status(), w_[4].column);
        s.duration_ms = *d;
      }
    } else {
      s.kind = Step::Kind::kRun;
      TSDB_RETURN_IF_ERROR(Arity(2, 2, "run DURATION"));
      auto d = ParseDurationMs(w_[1].text);
      if (!d.ok()) return Wrap(d.status(), w_[1].column);
      s.duration_ms = *d;
    }
  } else if (verb == "crash") {
    s.kind = Step::Kind::kCrash;
    TSDB_RETURN_IF_ERROR(Arity(1, 3, "crash [process|power_loss|torn] [at_op=N]"));
    s.name = "process";
    size_t from = 1;
    if (w_.size() > 1 && w_[1].text.find('=') == std::string_view::npos) {
      s.name = w_[1].text;
      from = 2;
      if (!ParseCrashKind(s.name)) {
        return Error(w_[1].column, "unknown crash \"" + s.name + "\" (expected process, power_loss or torn)");
      }
    }
    TSDB_RETURN_IF_ERROR(Options(from, &s));
  } else if (verb == "fault") {
    s.kind = Step::Kind::kFault;
    TSDB_RETURN_IF_ERROR(Arity(2, 64, "fault KIND key=value ..."));
    s.kind_word = w_[1].text;
    bool known = false;
    for (std::string_view k : kFaultKinds) known = known || k == s.kind_word;
    if (!known) {
      std::string kinds;
      for (size_t i = 0; i < kFaultKinds.size(); i++) kinds += (i ? ", " : "") + std::string(kFaultKinds[i]);
      return Error(w_[1].column, "unknown fault \"" + s.kind_word + "\" (expected one of " + kinds + ")");
    }
    size_t from = 2;
    if (s.kind_word == "point") {
      TSDB_RETURN_IF_ERROR(Arity(3, 64, "fault point NAME key=value ..."));
      s.name = w_[2].text;
      from = 3;
    }
    s.value_column = w_[1].column;
    TSDB_RETURN_IF_ERROR(Options(from, &s));
  } else if (verb == "shutdown") {
    s.kind = Step::Kind::kShutdown;
    TSDB_RETURN_IF_ERROR(Arity(1, 1, "shutdown"));
  } else if (verb == "restart") {
    s.kind = Step::Kind::kRestart;
    TSDB_RETURN_IF_ERROR(Arity(1, 1, "restart"));
  } else if (verb == "expect") {
    s.kind = Step::Kind::kExpect;
    TSDB_RETURN_IF_ERROR(Arity(4, 4, "expect NAME OP NUMBER"));
    s.name = w_[1].text;
    s.kind_word = w_[2].text;
    bool known = false;
    for (std::string_view op : kOps) known = known || op == s.kind_word;
    if (!known) return Error(w_[2].column, "unknown operator \"" + s.kind_word + "\" (expected ==, !=, <, <=, > or >=)");
    auto n = ParseNumber(w_[3].text);
    if (!n.ok()) return Wrap(n.status(), w_[3].column);
    s.number = *n;
    s.value_column = w_[1].column;
  } else {
    std::string verbs;
    for (size_t i = 0; i + 1 < kVerbs.size(); i++) verbs += (i ? ", " : "") + std::string(kVerbs[i]);
    return Error(w_[0].column, "unknown step \"" + std::string(verb) + "\" (expected one of " + verbs + ")");
  }
  return s;
}

}  // namespace

bool IsRunUntilEvent(std::string_view name) {
  for (std::string_view e : kRunUntilEvents) {
    if (e == name) return true;
  }
  return false;
}

tsdb::Result<Scenario> ParseScenario(std::string_view text, const std::string& file) {
  Scenario sc;
  sc.file = file;
  int line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    const size_t nl = std::min(text.find('\n', pos), text.size());
    const std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    line_no++;
    if (line.find('\0') != std::string_view::npos) {
      return tsdb::Status::InvalidArgument(file + ":" + std::to_string(line_no) + ":1: NUL byte in the line");
    }
    std::vector<Word> words = SplitWords(line);
    if (words.empty()) {
      if (nl == text.size()) break;
      continue;
    }
    TSDB_ASSIGN_OR_RETURN(Step step, LineParser(file, line_no, std::move(words)).Parse());
    if (step.kind == Step::Kind::kSeed) {
      if (sc.seed.has_value()) {
        return tsdb::Status::InvalidArgument(file + ":" + std::to_string(line_no) + ":1: a second seed step");
      }
      sc.seed = step.seed;
    }
    sc.steps.push_back(std::move(step));
    if (nl == text.size()) break;
  }
  return sc;
}

}  // namespace tsdbsim
