// How 2.42 picks a parser from a Content-Type header: textparse.New runs
// Go's mime.ParseMediaType and takes the OpenMetrics parser only when that
// succeeds with the media type application/openmetrics-text. A header it
// cannot parse (bad parameters, a duplicate parameter) falls back to the
// text format, as does anything else.
#pragma once

#include <string_view>

namespace tsdb::scrape {

bool IsOpenMetricsContentType(std::string_view content_type);

}  // namespace tsdb::scrape
