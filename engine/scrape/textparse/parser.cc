#include "engine/scrape/textparse/parser.h"

#include "engine/scrape/textparse/media_type.h"
#include "engine/scrape/textparse/openmetrics_parser.h"
#include "engine/scrape/textparse/prom_parser.h"

namespace tsdb::scrape {

const char* MetricTypeName(MetricType t) {
  switch (t) {
    case MetricType::kUnknown:
      return "unknown";
    case MetricType::kCounter:
      return "counter";
    case MetricType::kGauge:
      return "gauge";
    case MetricType::kHistogram:
      return "histogram";
    case MetricType::kGaugeHistogram:
      return "gaugehistogram";
    case MetricType::kSummary:
      return "summary";
    case MetricType::kInfo:
      return "info";
    case MetricType::kStateset:
      return "stateset";
    case MetricType::kUntyped:
      return "untyped";
  }
  return "unknown";
}

std::unique_ptr<Parser> NewParser(std::string_view page, std::string_view content_type) {
  if (IsOpenMetricsContentType(content_type)) return std::make_unique<OpenMetricsParser>(page);
  return std::make_unique<PromParser>(page);
}

}  // namespace tsdb::scrape
