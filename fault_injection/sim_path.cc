#include "fault_injection/sim_path.h"

#include <cerrno>

namespace tsdbsim::fault {

const std::map<std::string, std::shared_ptr<Node>>& Entries(const Node& dir, View view) {
  return view == View::kVisible ? dir.entries : dir.durable_entries;
}

namespace {

std::vector<std::string> SplitComponents(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    if (end > start) out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string AbsolutePath(const std::string& path) {
  std::vector<std::string> kept;
  for (std::string& c : SplitComponents(path)) {
    if (c == ".") continue;
    if (c == "..") {
      if (!kept.empty()) kept.pop_back();
      continue;
    }
    kept.push_back(std::move(c));
  }
  std::string out;
  for (const std::string& c : kept) out += "/" + c;
  return out.empty() ? "/" : out;
}

Lookup Resolve(const std::shared_ptr<Node>& root, const std::string& path, View view) {
  Lookup r;
  if (path.empty()) {
    r.err = ENOENT;  // as open("") fails
    return r;
  }
  const std::vector<std::string> parts = SplitComponents(path);
  std::vector<std::shared_ptr<Node>> stack{root};
  for (size_t i = 0; i + 1 < parts.size(); i++) {
    const std::string& c = parts[i];
    if (c == ".") continue;
    if (c == "..") {
      if (stack.size() > 1) stack.pop_back();  // the root is its own parent
      continue;
    }
    const auto& entries = Entries(*stack.back(), view);
    const auto it = entries.find(c);
    if (it == entries.end()) {
      r.err = ENOENT;
      return r;
    }
    if (!it->second->is_dir) {
      r.err = ENOTDIR;
      return r;
    }
    stack.push_back(it->second);
  }
  r.trailing_slash = path.back() == '/';
  const std::string last = parts.empty() ? "." : parts.back();
  if (last == "." || last == "..") {
    r.last = parts.empty() ? Lookup::Last::kRoot
             : last == "." ? Lookup::Last::kDot
                           : Lookup::Last::kDotDot;
    if (last == ".." && stack.size() > 1) stack.pop_back();
    r.node = stack.back();
    stack.pop_back();
    r.chain = std::move(stack);
    r.trailing_slash = true;
    return r;
  }
  const auto& entries = Entries(*stack.back(), view);
  const auto it = entries.find(last);
  if (it != entries.end()) r.node = it->second;
  r.name = last;
  r.chain = std::move(stack);
  return r;
}

}  // namespace tsdbsim::fault
