// Path lookup in the simulated tree. Paths are absolute or relative to the
// root (the simulated process runs in "/"); "a//b", "./", ".." and a
// trailing "/" mean what they mean to the kernel, and a lookup fails with
// the errno path resolution would give.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "fault_injection/sim_node.h"

namespace tsdbsim::fault {

// Which directory entries a lookup follows: what reads see, or what the
// disk has (the tree a power loss would leave).
enum class View : uint8_t { kVisible, kDurable };

struct Lookup {
  // ENOENT or ENOTDIR when a directory on the way is missing or a file;
  // 0 otherwise (the last component itself may still be missing).
  int err = 0;
  // The directories walked, root first, ending with the parent of the last
  // component. Empty for "/".
  std::vector<std::shared_ptr<Node>> chain;
  // The last component; empty when the path names a directory without an
  // entry to change ("/", or a path ending in "." or "..").
  std::string name;
  // How the path ends: a name, or one of the forms with no entry to change.
  enum class Last : uint8_t { kName, kDot, kDotDot, kRoot };
  Last last = Last::kName;
  std::shared_ptr<Node> node;  // what the path names; null if missing
  bool trailing_slash = false;  // only a directory may be named so

  Node& parent() const { return *chain.back(); }
};

Lookup Resolve(const std::shared_ptr<Node>& root, const std::string& path,
               View view = View::kVisible);

// The path as an absolute, normalised string ("d//./e/../f" -> "/d/f"),
// worked out from the text alone, for matching fault rules' globs.
std::string AbsolutePath(const std::string& path);

// The directory entries of dir in a view.
const std::map<std::string, std::shared_ptr<Node>>& Entries(const Node& dir, View view);

}  // namespace tsdbsim::fault
