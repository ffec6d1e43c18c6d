// What `tsdbsim parse` makes of an exposition page: its samples as a 2.42
// scrape parses them, or the first thing on it that would fail the scrape,
// with where it is. The scrape path and this share their checks: the parser,
// CheckSampleLabels (the scrape loop's) and Labels::ValidateForHead (the
// head's), so the two give one verdict on a page.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/base/status.h"
#include "engine/labels/labels.h"
#include "engine/scrape/textparse/parser.h"

namespace tsdb::scrape {

struct PageSample {
  Labels labels;  // as exposed, sorted; no target labels added
  double value = 0;
  std::optional<int64_t> timestamp_ms;
};

struct CheckedPage {
  std::vector<PageSample> samples;  // empty after an error: a scrape keeps none
  Status error;                     // the scrape's error, in its words
  TextPosition error_at;            // where, 1-based, when !error.ok()
};

// What a scrape checks of a sample's labels when it first sees the series,
// for a target without labels of its own: the labels MutateSampleLabels
// leaves, then the scrape loop's and the head's checks.
Status CheckExposedLabels(const Labels& exposed);

// Parses page with the parser the Content-Type picks and applies
// CheckExposedLabels to every sample; a label error is placed at the
// sample's first byte. Left out, since they depend on the scrape's target,
// configuration or storage: the sample limit, timestamps out of bounds
// (counted and skipped by a scrape, before the head's check) and exposed
// labels named like a target label (without honor_labels the target's value
// replaces every one of them, so a repeated `job` fails no scrape).
CheckedPage CheckPage(std::string_view page, std::string_view content_type);

}  // namespace tsdb::scrape
