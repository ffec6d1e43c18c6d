#include "engine/scrape/page_check.h"

#include <memory>
#include <utility>

#include "engine/scrape/sample_labels.h"

namespace tsdb::scrape {
namespace {

CheckedPage Failed(Status error, TextPosition at) {
  CheckedPage out;
  out.error = std::move(error);
  out.error_at = at;
  return out;
}

}  // namespace

Status CheckExposedLabels(const Labels& exposed) {
  // The mutation still matters without target labels: it drops every pair
  // of a name exposed with an empty value, which can take __name__ away.
  const Labels lset = MutateSampleLabels(exposed, Labels(), /*honor_labels=*/false);
  TSDB_RETURN_IF_ERROR(CheckSampleLabels(lset));
  return lset.ValidateForHead();
}

CheckedPage CheckPage(std::string_view page, std::string_view content_type) {
  CheckedPage out;
  std::unique_ptr<Parser> p = NewParser(page, content_type);
  LabelsBuilder b;
  for (;;) {
    Result<EntryType> entry = p->Next();
    if (!entry.ok()) return Failed(entry.status(), p->error_position());
    if (*entry == EntryType::kEof) return out;
    if (*entry != EntryType::kSeries) continue;
    p->Labels(&b);
    b.Sort();
    Labels exposed = b.Build();
    if (Status s = CheckExposedLabels(exposed); !s.ok()) return Failed(std::move(s), p->SeriesPosition());
    out.samples.push_back({std::move(exposed), p->Value(), p->TimestampMs()});
  }
}

}  // namespace tsdb::scrape
