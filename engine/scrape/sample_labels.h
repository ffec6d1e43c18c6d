// What a scrape does to the labels of the series it reads (2.42's
// mutateSampleLabels and mutateReportSampleLabels), and the checks it makes
// before appending a new series.
#pragma once

#include <string_view>

#include "engine/base/status.h"
#include "engine/labels/labels.h"

namespace tsdb::scrape {

// Adds the target's labels. With honor_labels the exposed value wins;
// without, the target's wins and a clashing exposed label is kept as
// exported_<name> (exported_exported_<name>, ... until the name is free).
Labels MutateSampleLabels(const Labels& exposed, const Labels& target, bool honor_labels);

// For up, scrape_duration_seconds, ...: the target's labels always win.
Labels MutateReportSampleLabels(const Labels& lset, const Labels& target);

// 2.42's model.IsValidMetricName / LabelName.IsValid (the legacy charset)
// and labels.IsValid: names valid, values valid UTF-8.
bool IsValidMetricName(std::string_view name);
bool IsValidLabelName(std::string_view name);
bool LabelsValid(const Labels& lset);

// What 2.42's scrape loop checks of a new series' labels once the target's
// are added, in its order and words: `missing metric name (__name__
// label)`, then `invalid metric name or label names: {...}`. (Repeated
// label names are the head's check, Labels::ValidateForHead, made when the
// sample is appended.)
Status CheckSampleLabels(const Labels& lset);

}  // namespace tsdb::scrape
