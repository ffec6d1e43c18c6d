// Paths to the shared fixtures written by a real Prometheus 2.42, and a
// reader for their gzipped `promtool tsdb dump` files. Fixtures are never
// written to.
#pragma once

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace tsdb::testing {

inline std::string FixturePath(const std::string& rel) {
  return std::string(TSDB_FIXTURES_DIR) + "/" + rel;
}

// A fixture file's bytes (empty if it cannot be read).
inline std::string ReadFixture(const std::string& rel) {
  std::ifstream in(FixturePath(rel), std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The real /metrics pages: node_exporter's and Prometheus's own.
inline std::vector<std::string> ExpositionFixturePages() {
  return {ReadFixture("exposition/node_exporter-1.5.0.txt"), ReadFixture("exposition/prometheus-2.42.0.txt")};
}

// Calls fn(line) for every line of a gzipped text file (through gzip -dc,
// present on every Debian system). Returns false if the file cannot be read.
inline bool ForEachGzipLine(const std::string& path, const std::function<void(const std::string&)>& fn) {
  const std::string cmd = "gzip -dc '" + path + "'";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return false;
  std::string line;
  char buf[65536];
  while (std::fgets(buf, sizeof buf, p) != nullptr) {
    line += buf;
    if (!line.empty() && line.back() == '\n') {
      line.pop_back();
      fn(line);
      line.clear();
    }
  }
  if (!line.empty()) fn(line);
  return ::pclose(p) == 0;
}

// The timestamp at the end of a dump line: `{labels} value timestamp`.
inline int64_t DumpLineTimestamp(const std::string& line) {
  return std::stoll(line.substr(line.rfind(' ') + 1));
}

}  // namespace tsdb::testing
