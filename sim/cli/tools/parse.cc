// tsdbsim parse FILE [--content-type TYPE]: parses an exposition page with
// the parser a 2.42 scrape would pick for that Content-Type and prints its
// samples, one per line, in promtool's dump form: `{labels} value` and the
// timestamp in ms when the page gave one. Like a scrape, a malformed page
// yields no samples at all: only `FILE:LINE:COL: message` on stderr.
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "engine/base/posix_filesystem.h"
#include "engine/db/go_format.h"
#include "engine/db/promtool_format.h"
#include "engine/labels/labels.h"
#include "engine/scrape/textparse/parser.h"
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
  std::unique_ptr<tsdb::scrape::Parser> parser = tsdb::scrape::NewParser(page, o.content_type);

  // Everything is printed only once the whole page has parsed.
  std::string out;
  tsdb::LabelsBuilder builder;
  for (;;) {
    auto entry = parser->Next();
    if (!entry.ok()) {
      const tsdb::scrape::TextPosition at = parser->error_position();
      std::fprintf(stderr, "%s:%d:%d: %s\n", o.file.c_str(), at.line, at.column,
                   entry.status().message().c_str());
      return 2;
    }
    if (*entry == tsdb::scrape::EntryType::kEof) break;
    if (*entry != tsdb::scrape::EntryType::kSeries) continue;
    parser->Labels(&builder);
    builder.Sort();
    const std::string labels = builder.Build().ToString();
    if (const auto ts = parser->TimestampMs(); ts.has_value()) {
      tsdb::db::AppendDumpLine(labels, *ts, parser->Value(), &out);
    } else {
      out.append(labels);
      out.push_back(' ');
      tsdb::db::AppendGoFloat(parser->Value(), &out);
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
      "`{labels} value [timestamp_ms]`. A malformed page prints FILE:LINE:COL: message and "
      "exits 2.");
  cmd->add_option("FILE", opts->file, "The exposition page")->required();
  cmd->add_option("--content-type", opts->content_type,
                  "The Content-Type the target would send; application/openmetrics-text selects "
                  "the OpenMetrics parser, anything else the text format");
  cmd->callback([opts] { SetExitCode(RunParse(*opts)); });
}

}  // namespace tsdbsim
