#include "sim/cli/simulate/sweep_pool.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace tsdbsim {
namespace {

// A child that prints without end must not exhaust memory: beyond this, only
// the most recent half is kept (the FAILED lines and the summary come last).
constexpr size_t kMaxOutputBytes = size_t{2} << 20;

std::string Errno(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

}  // namespace

ChildPool::~ChildPool() {
  for (Child& c : children_) {
    ::kill(c.pid, SIGKILL);
    if (c.fd >= 0) ::close(c.fd);
    int status = 0;
    while (::waitpid(c.pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
}

tsdb::Status ChildPool::Start(uint64_t seed) {
  int fds[2];
  // Close-on-exec: no child inherits another child's pipe, so each pipe
  // reaches end of file as soon as its own child exits.
  if (::pipe2(fds, O_CLOEXEC) != 0) return tsdb::Status::IOError(Errno("pipe"));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  // Children never read the terminal: several at once would fight over it.
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
  std::string seed_text = std::to_string(seed);
  std::string verb = "run", seed_flag = "--seed", argv0 = "tsdbsim";
  char* argv[] = {argv0.data(), verb.data(), file_.data(), seed_flag.data(), seed_text.data(), nullptr};
  // Before the spawn: a parent resumed only after its child's short run
  // would otherwise time that run as nothing.
  const int64_t start_ns = wall_.MonotonicNs();
  pid_t pid = -1;
  // /proc/self/exe is resolved in the child before the exec replaces it,
  // so this is the very binary that runs the sweep, wherever it lives.
  const int err = ::posix_spawn(&pid, "/proc/self/exe", &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  if (err != 0) {
    ::close(fds[0]);
    return tsdb::Status::IOError(std::string("spawn /proc/self/exe: ") + std::strerror(err));
  }
  children_.push_back(Child{.pid = pid, .fd = fds[0], .seed = seed, .start_ns = start_ns});
  return tsdb::Status::Ok();
}

void ChildPool::ReadSome(Child& c) {
  char buf[65536];
  const ssize_t n = ::read(c.fd, buf, sizeof buf);
  if (n < 0 && errno == EINTR) return;
  if (n <= 0) {  // end of file, or an error that no retry will cure
    ::close(c.fd);
    c.fd = -1;
    return;
  }
  c.output.append(buf, static_cast<size_t>(n));
  if (c.output.size() > kMaxOutputBytes) {
    c.output.erase(0, c.output.size() - kMaxOutputBytes / 2);
    c.output.insert(0, "[... earlier output dropped ...]\n");
  }
}

std::vector<FinishedChild> ChildPool::Poll(int timeout_ms) {
  std::vector<pollfd> pfds;
  std::vector<Child*> owners;
  bool closed_unreaped = false;
  for (Child& c : children_) {
    if (c.fd < 0) {
      closed_unreaped = true;
      continue;
    }
    pfds.push_back({.fd = c.fd, .events = POLLIN, .revents = 0});
    owners.push_back(&c);
  }
  // A child whose pipe closed exits within moments: check back soon.
  if (closed_unreaped && timeout_ms > 5) timeout_ms = 5;
  const int ready = ::poll(pfds.data(), pfds.size(), timeout_ms);
  if (ready > 0) {
    for (size_t i = 0; i < pfds.size(); ++i) {
      if (pfds[i].revents != 0) ReadSome(*owners[i]);
    }
  }
  std::vector<FinishedChild> done;
  for (size_t i = 0; i < children_.size();) {
    Child& c = children_[i];
    int status = 0;
    // Reap only after end of file, so no output written before exit is lost.
    const pid_t r = c.fd >= 0 ? 0 : ::waitpid(c.pid, &status, WNOHANG);
    if (r == 0 || (r < 0 && errno == EINTR)) {
      ++i;
      continue;
    }
    if (r < 0) status = FinishedChild::kStatusUnknown;  // reaped behind our back: count it failed
    const double seconds = static_cast<double>(wall_.MonotonicNs() - c.start_ns) / 1e9;
    done.push_back({.seed = c.seed, .wait_status = status, .seconds = seconds, .output = std::move(c.output)});
    children_.erase(children_.begin() + static_cast<std::ptrdiff_t>(i));
  }
  return done;
}

void ChildPool::TerminateAll() {
  for (const Child& c : children_) ::kill(c.pid, SIGTERM);
}

std::string DescribeWaitStatus(int wait_status) {
  if (wait_status == FinishedChild::kStatusUnknown) return "exit status unknown (waitpid failed)";
  if (WIFEXITED(wait_status)) return "exit status " + std::to_string(WEXITSTATUS(wait_status));
  if (WIFSIGNALED(wait_status)) {
    const int sig = WTERMSIG(wait_status);
    std::string s = "killed by signal " + std::to_string(sig);
    const char* abbrev = ::sigabbrev_np(sig);
    const char* descr = ::sigdescr_np(sig);
    if (abbrev != nullptr && descr != nullptr) s += std::string(" (SIG") + abbrev + ", " + descr + ")";
    if (WCOREDUMP(wait_status)) s += ", core dumped";
    return s;
  }
  return "wait status " + std::to_string(wait_status);
}

}  // namespace tsdbsim
