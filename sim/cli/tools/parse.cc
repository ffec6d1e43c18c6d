// tsdbsim parse FILE [--content-type TYPE]: parses an exposition page with
// the parser a 2.42 scrape would pick for that Content-Type and prints its
// samples, one per line, in promtool's dump form: `{labels} value` and the
// timestamp in ms when the page gave one. Like a scrape, a malformed page
// yields no samples at all: only `FILE:LINE:COL: message` on stderr. Beyond
// the syntax, each sample's labels get the checks a scrape makes of them
// (CheckPage, which also lists what needs a real target and is left out).
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "engine/base/posix_filesystem.h"
#include "engine/db/go_format.h"
#include "engine/db/promtool_format.h"
#include "engine/scrape/page_check.h"
#include "sim/cli/verbs.h"

namespace tsdbsim {
namespace {

struct ParseOptions {
  std::string file;
  std::string content_type;
};

int RunParse(const ParseOptions& o) {
  tsdb::PosixFilesystem fs;
  auto bytes = tsdb::ReadWholeFile(fs, o.file);
  if (!bytes.ok()) {
    std::fprintf(stderr, "tsdbsim parse: cannot read %s: %s\n", o.file.c_str(),
                 bytes.status().message().c_str());
    return 2;
  }
  const std::string_view page(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  const tsdb::scrape::CheckedPage checked = tsdb::scrape::CheckPage(page, o.content_type);
  if (!checked.error.ok()) {
    std::fprintf(stderr, "%s:%d:%d: %s\n", o.file.c_str(), checked.error_at.line,
                 checked.error_at.column, checked.error.message().c_str());
    return 2;
  }
  std::string out;
  for (const tsdb::scrape::PageSample& s : checked.samples) {
    const std::string labels = s.labels.ToString();
    if (s.timestamp_ms.has_value()) {
      tsdb::db::AppendDumpLine(labels, *s.timestamp_ms, s.value, &out);
    } else {
      out.append(labels);
      out.push_back(' ');
      tsdb::db::AppendGoFloat(s.value, &out);
      out.push_back('\n');
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace

void RegisterParse(CLI::App& app) {
  auto opts = std::make_shared<ParseOptions>();
  CLI::App* cmd = app.add_subcommand(
      "parse",
      "Parse a /metrics page as a Prometheus 2.42 scrape would and print its samples as "
      "`{labels} value [timestamp_ms]`. A malformed page, or a sample whose labels a scrape "
      "rejects (a repeated label name, an invalid metric name), prints FILE:LINE:COL: message "
      "and exits 2.");
  cmd->add_option("FILE", opts->file, "The exposition page")->required();
  cmd->add_option("--content-type", opts->content_type,
                  "The Content-Type the target would send; application/openmetrics-text selects "
                  "the OpenMetrics parser, anything else the text format");
  cmd->callback([opts] { SetExitCode(RunParse(*opts)); });
}

}  // namespace tsdbsim
