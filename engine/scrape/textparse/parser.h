// Exposition parsers (2.42's model/textparse): the Prometheus text format
// (promparse) and OpenMetrics (openmetricsparse). A parser walks a page
// entry by entry without copying it; a sample's labels are only decoded
// when asked for, so a scrape-cache hit never pays for them.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "engine/base/status.h"
#include "engine/labels/labels.h"

namespace tsdb::scrape {

enum class EntryType { kSeries, kHelp, kType, kUnit, kComment, kEof };

enum class MetricType {
  kUnknown,  // OpenMetrics "unknown"
  kCounter,
  kGauge,
  kHistogram,
  kGaugeHistogram,
  kSummary,
  kInfo,
  kStateset,
  kUntyped,  // text format "untyped"
};
// The word as exposed ("untyped" for kUntyped). Note that 2.42 itself maps
// the text format's "untyped" to its "unknown" type for metadata.
const char* MetricTypeName(MetricType t);

// Where a parse error is: 1-based line and column (in bytes) of the page.
struct TextPosition {
  int line = 0;
  int column = 0;
};

class Parser {
 public:
  virtual ~Parser() = default;

  // The next entry, kEof at the end. An error is kInvalidArgument with a
  // message in 2.42's words (e.g. `expected equal, got "INVALID"`: 2.42
  // names the token kind only; the offending text came in later versions);
  // error_position() says where (see prom_parser.h for which byte).
  // After an error or kEof, stop. A NUL byte at the start of a text format
  // line ends the page there without an error, as in 2.42.
  virtual Result<EntryType> Next() = 0;
  virtual TextPosition error_position() const = 0;

  // kSeries: the series exactly as exposed, `name{l="v",...}` (the scrape
  // cache key), its value (NaN canonicalised to 0x7FF8000000000001) and the
  // timestamp in ms if the line had one. Valid until the next Next().
  virtual std::string_view Series() const = 0;
  virtual double Value() const = 0;
  virtual std::optional<int64_t> TimestampMs() const = 0;
  // Resets b and decodes the current series' labels into it (unescaped,
  // `__name__` first, then the page's order); the caller sorts and builds.
  virtual void Labels(LabelsBuilder* b) const = 0;
  // kSeries: where the current sample begins (its line's first byte when
  // blanks come before the name), so a check made on the sample after it
  // parsed can say where it is.
  virtual TextPosition SeriesPosition() const = 0;

  // kHelp, kType, kUnit: the metric name and the text (HELP unescaped).
  // kComment: Text() is the whole comment line, `#` included.
  virtual std::string_view MetricName() const = 0;
  virtual std::string_view Text() const = 0;
  virtual MetricType Type() const = 0;  // kType only
};

// application/openmetrics-text gets the OpenMetrics parser; anything else
// (including empty) the Prometheus text parser, as 2.42 chooses.
std::unique_ptr<Parser> NewParser(std::string_view page, std::string_view content_type);

}  // namespace tsdb::scrape
