#include "sim/cli/datadir/repair_scan.h"

#include <algorithm>
#include <functional>
#include <utility>
#include <vector>

#include "engine/base/crc32c.h"
#include "engine/record/record.h"
#include "engine/wlog/reader.h"
#include "engine/wlog/wlog_format.h"

namespace tsdbsim::repair {

using tsdb::wlog::kPageSizeBytes;
using tsdb::wlog::kRecordHeaderBytes;

// Decodes a record as replay does (series, samples and tombstones are
// decoded; a decode error is corruption) and counts it.
tsdb::Status CountRecord(ByteView rec, const Classifier& cls, Tally* t) {
  thread_local std::vector<tsdb::record::RefSeries> series;
  thread_local std::vector<tsdb::record::RefSample> samples;
  thread_local std::vector<tsdb::record::Stone> stones;
  switch (tsdb::record::GetType(rec)) {
    case tsdb::record::Type::kSeries:
      series.clear();
      TSDB_RETURN_IF_ERROR(tsdb::record::DecodeSeries(rec, &series).Wrap("decode series"));
      t->series += static_cast<int64_t>(series.size());
      break;
    case tsdb::record::Type::kSamples:
      samples.clear();
      TSDB_RETURN_IF_ERROR(tsdb::record::DecodeSamples(rec, &samples).Wrap("decode samples"));
      t->sample_records++;
      t->samples += static_cast<int64_t>(samples.size());
      for (const auto& s : samples) {
        if (s.t < cls.min_valid_time) {
          t->samples_below_blocks++;
          continue;
        }
        if (cls.mmapped != nullptr) {
          auto it = cls.mmapped->find(s.ref);
          if (it != cls.mmapped->end() && s.t <= it->second) {
            t->samples_in_mmapped++;
            continue;
          }
        }
        t->samples_head++;
      }
      break;
    case tsdb::record::Type::kTombstones:
      stones.clear();
      TSDB_RETURN_IF_ERROR(tsdb::record::DecodeTombstones(rec, &stones).Wrap("decode tombstones"));
      t->other_records++;
      break;
    default:
      t->other_records++;
      break;
  }
  t->records++;
  return {};
}

namespace {

// What one reader got through: the error it stopped at, if any, where
// (bytes from the reader's start), and where its last counted record ended.
struct Run {
  std::optional<std::string> error;
  int64_t error_pos = 0;
  int64_t good_end = 0;
};

// Reads and counts records until the end or an error. skip_first: the first
// record is the tail of one that began before the reader's start; it is
// passed over, not counted.
Run ReadRecords(tsdb::wlog::Reader& r, const Classifier& cls, bool skip_first, Tally* t,
                const std::function<int64_t()>& err_pos_fn) {
  Run run;
  bool first = true;
  while (r.Next()) {
    if (std::exchange(first, false) && skip_first) continue;
    if (tsdb::Status s = CountRecord(r.Record(), cls, t); !s.ok()) {
      run.error = s.message();
      run.error_pos = r.Offset();
      return run;
    }
    run.good_end = r.Offset();
  }
  if (r.Err().has_value()) {
    run.error = r.Err()->reason;
    run.error_pos = err_pos_fn();
  }
  return run;
}

}  // namespace

SegmentScan ScanSegment(ByteView seg, int index, const std::string& dir, const Classifier& cls) {
  SegmentScan out;
  Run run;
  {
    tsdb::wlog::Reader r(dir, {{index, seg, dir}}, /*virtual_padding=*/true);
    run = ReadRecords(r, cls, false, &out.readable, [&r] { return r.Err()->offset; });
  }
  if (!run.error.has_value()) return out;
  out.error = run.error;
  out.error_offset = run.error_pos;

  // Resynchronise: restart at the next page boundary. A page that starts
  // with the middle or last fragment of a record is read with that fragment
  // turned into a full record (passed over), so the page layout is kept.
  const auto size = static_cast<int64_t>(seg.size());
  int64_t gap_from = run.good_end;  // where the bytes nobody could read begin
  int64_t err_at = run.error_pos;
  int64_t page = (err_at + kPageSizeBytes - 1) / kPageSizeBytes;
  while (page * kPageSizeBytes < size) {
    const int64_t start = page * kPageSizeBytes;
    out.unreadable_bytes += std::max<int64_t>(0, start - gap_from);
    out.resyncs++;
    const int64_t first_len = std::min<int64_t>(kPageSizeBytes, size - start);
    Bytes first_page(seg.begin() + start, seg.begin() + start + first_len);
    bool skip_first = false;
    int64_t skipped_len = 0;
    const auto type = tsdb::wlog::FragmentTypeOf(first_page[0]);
    if ((type == tsdb::wlog::FragmentType::kMiddle || type == tsdb::wlog::FragmentType::kLast) &&
        first_len >= kRecordHeaderBytes) {
      const int64_t len = tsdb::GetBE16(first_page.data() + 1);
      if (kRecordHeaderBytes + len <= first_len) {
        first_page[0] = static_cast<uint8_t>(tsdb::wlog::FragmentType::kFull);
        const uint32_t crc =
            tsdb::Crc32c(ByteView(first_page.data() + kRecordHeaderBytes, static_cast<size_t>(len)));
        tsdb::PutBE32(first_page.data() + 3, crc);
        skip_first = true;
        skipped_len = kRecordHeaderBytes + len;
      }
    }
    // Pieces are told apart by index: 0 the patched first page, 1 the rest.
    std::vector<tsdb::wlog::SegmentBytes> pieces{{0, first_page, dir}};
    if (start + first_len < size) {
      pieces.push_back({1, seg.subspan(static_cast<size_t>(start + first_len)), dir});
    }
    tsdb::wlog::Reader r(dir, std::move(pieces), /*virtual_padding=*/true);
    run = ReadRecords(r, cls, skip_first, &out.resynced, [&r, first_len] {
      return r.Err()->offset + (r.Err()->segment == 1 ? first_len : 0);
    });
    // The passed-over tail fragment could not be read either.
    out.unreadable_bytes += skipped_len;
    if (!run.error.has_value()) return out;
    gap_from = start + std::max(run.good_end, skipped_len);
    err_at = start + run.error_pos;
    page = std::max(page + 1, (err_at + kPageSizeBytes - 1) / kPageSizeBytes);
  }
  out.unreadable_bytes += std::max<int64_t>(0, size - gap_from);
  return out;
}

}  // namespace tsdbsim::repair
