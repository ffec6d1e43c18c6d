// A child process for interop tests: started with posix_spawn, its stdout
// and stderr sent to files, waited for a bounded time and stopped by its
// process id (SIGTERM, then SIGKILL). The destructor kills a child that is
// still running, so a failing test never leaves one behind.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace tsdb::interop {

// The tsdbsim binary: beside the test binary's directory in the build tree
// (build/X/tests/interop/tsdb_interop_tests, build/X/sim/tsdbsim) unless
// TSDBSIM_BINARY names it.
inline std::string TsdbsimBinary() {
  if (const char* e = std::getenv("TSDBSIM_BINARY"); e != nullptr && *e != '\0') return e;
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "tsdbsim";
  return (exe.parent_path().parent_path().parent_path() / "sim" / "tsdbsim").string();
}

// True when path names a file this process may execute.
inline bool IsExecutable(const std::string& path) { return ::access(path.c_str(), X_OK) == 0; }

// A command's output as its non-empty lines, sorted: dumps compare as sets.
inline std::vector<std::string> SortedLines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(line);
  }
  std::sort(out.begin(), out.end());
  return out;
}

inline std::string ReadFileText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class Subprocess {
 public:
  // Starts argv (argv[0] is a path) with stdin from /dev/null, stdout to
  // out_path and stderr to err_path (the same path appends both to it).
  // On failure returns nullopt and sets *error.
  static std::optional<Subprocess> Start(const std::vector<std::string>& argv,
                                         const std::string& out_path, const std::string& err_path,
                                         std::string* error) {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (err_path == out_path) {
      posix_spawn_file_actions_adddup2(&fa, 1, 2);
    } else {
      posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                       0644);
    }
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    const int rc = ::posix_spawn(&pid, argv[0].c_str(), &fa, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
      *error = "posix_spawn " + argv[0] + ": " + std::strerror(rc);
      return std::nullopt;
    }
    return Subprocess(pid);
  }

  Subprocess(Subprocess&& o) noexcept : pid_(o.pid_), status_(o.status_) { o.pid_ = -1; }
  Subprocess& operator=(Subprocess&&) = delete;
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;
  ~Subprocess() {
    if (pid_ > 0 && !status_) {
      ::kill(pid_, SIGKILL);
      int st = 0;
      ::waitpid(pid_, &st, 0);
    }
  }

  pid_t pid() const { return pid_; }

  // Reaps the child if it has exited; its exit code (128 + signal when
  // killed by a signal), or nullopt while it runs.
  std::optional<int> Poll() {
    if (status_) return status_;
    int st = 0;
    const pid_t r = ::waitpid(pid_, &st, WNOHANG);
    if (r == pid_) status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return status_;
  }

  // Waits at most timeout for the child to exit.
  std::optional<int> Wait(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!Poll()) {
      if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return status_;
  }

  // SIGTERM by pid; SIGKILL if it has not exited after grace. Returns the
  // exit code and sets *killed when SIGKILL was needed.
  int Stop(std::chrono::milliseconds grace, bool* killed) {
    *killed = false;
    if (Poll()) return *status_;
    ::kill(pid_, SIGTERM);
    if (auto code = Wait(grace)) return *code;
    *killed = true;
    ::kill(pid_, SIGKILL);
    int st = 0;
    ::waitpid(pid_, &st, 0);
    status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return *status_;
  }

 private:
  explicit Subprocess(pid_t pid) : pid_(pid) {}
  pid_t pid_;
  std::optional<int> status_;
};

// What a finished command printed.
struct CommandResult {
  int exit_code = -1;  // -1: did not start or timed out (then killed)
  bool timed_out = false;
  std::string out, err;
  std::string error;  // why it did not start
};

// Runs argv to completion (at most timeout; killed after that), its output
// captured through files in scratch_dir.
inline CommandResult RunCommand(const std::vector<std::string>& argv,
                                const std::string& scratch_dir, std::chrono::milliseconds timeout) {
  static int counter = 0;
  const std::string base = scratch_dir + "/cmd-" + std::to_string(++counter);
  CommandResult res;
  auto p = Subprocess::Start(argv, base + ".out", base + ".err", &res.error);
  if (!p) return res;
  if (auto code = p->Wait(timeout)) {
    res.exit_code = *code;
  } else {
    res.timed_out = true;
    bool killed = false;
    p->Stop(std::chrono::milliseconds(0), &killed);
  }
  res.out = ReadFileText(base + ".out");
  res.err = ReadFileText(base + ".err");
  return res;
}

// Writes scenario_text to dir/scenario.tsdbsim and runs `tsdbsim run` on it
// with --data-dir dir/data (5 minutes at most).
inline CommandResult RunScenarioToDataDir(const std::string& tsdbsim, const std::string& dir,
                                          const std::string& scenario_text) {
  const std::string scenario = dir + "/scenario.tsdbsim";
  std::ofstream(scenario) << scenario_text;
  return RunCommand({tsdbsim, "run", scenario, "--data-dir", dir + "/data"}, dir, std::chrono::seconds(300));
}

}  // namespace tsdb::interop
