#include "engine/index/index_writer.h"

#include <algorithm>
#include <limits>

#include "engine/base/crc32c.h"
#include "engine/index/index_format.h"
#include "engine/index/series_codec.h"

namespace tsdb::index {
namespace {

// Flushing in 1 MiB pieces keeps the number of writes small without holding
// a whole index in memory.
constexpr size_t kFlushBytes = 1 << 20;

const char* StageName(int s) {
  static constexpr const char* kNames[] = {"none", "symbols", "series", "done"};
  return s >= 0 && s < 4 ? kNames[s] : "<unknown>";
}

std::string Quote(std::string_view s) {
  std::string out = "\"";
  out += s;
  out += '"';
  return out;
}

uint32_t NameOf(uint64_t key) { return static_cast<uint32_t>(key >> 32); }
uint32_t ValueOf(uint64_t key) { return static_cast<uint32_t>(key); }

}  // namespace

IndexWriter::IndexWriter(std::unique_ptr<WritableFile> file) : file_(std::move(file)) {}

IndexWriter::~IndexWriter() {
  // An abandoned writer (error or no Close) just releases the file.
  if (file_ != nullptr) (void)file_->Close();
}

Result<std::unique_ptr<IndexWriter>> IndexWriter::Create(Filesystem& fs, const std::string& path) {
  TSDB_ASSIGN_OR_RETURN(auto file, fs.Create(path));
  std::unique_ptr<IndexWriter> w(new IndexWriter(std::move(file)));
  uint8_t header[kIndexHeaderSizeBytes];
  PutBE32(header, kIndexMagic);
  header[4] = kIndexFormatV2;
  TSDB_RETURN_IF_ERROR(w->Write(header));
  return w;
}

Status IndexWriter::Write(ByteView b) {
  if (!sticky_.ok()) return sticky_;
  buf_.insert(buf_.end(), b.begin(), b.end());
  pos_ += b.size();
  if (pos_ > kMaxIndexSizeBytes) {
    sticky_ = Status::InvalidArgument(Quote(file_->path()) + " exceeding max size of 64GiB");
    return sticky_;
  }
  return buf_.size() >= kFlushBytes ? Flush() : Status::Ok();
}

Status IndexWriter::Flush() {
  if (!sticky_.ok()) return sticky_;
  if (buf_.empty()) return Status::Ok();
  sticky_ = file_->Append(buf_);
  buf_.clear();
  return sticky_;
}

Status IndexWriter::Pad(uint64_t alignment) {
  static constexpr uint8_t kZeros[16] = {};
  const uint64_t rem = pos_ % alignment;
  if (rem == 0) return Status::Ok();
  return Write(ByteView(kZeros, alignment - rem));
}

Status IndexWriter::WriteSection(const Encbuf& body) {
  if (body.size() > std::numeric_limits<uint32_t>::max()) {
    return Status::InvalidArgument("index section size exceeds 4 bytes: " +
                                   std::to_string(body.size()));
  }
  uint8_t word[4];
  PutBE32(word, static_cast<uint32_t>(body.size()));
  TSDB_RETURN_IF_ERROR(Write(word));
  TSDB_RETURN_IF_ERROR(Write(body.bytes()));
  PutBE32(word, Crc32c(body.bytes()));
  return Write(word);
}

Status IndexWriter::EnsureStage(Stage s) {
  if (!sticky_.ok()) return sticky_;
  if (stage_ == s) return Status::Ok();
  if (stage_ > s) {
    return Status::InvalidArgument(std::string("invalid stage ") +
                                   Quote(StageName(static_cast<int>(s))) + ", currently at " +
                                   Quote(StageName(static_cast<int>(stage_))));
  }
  // Walk through every skipped stage so each section gets written.
  while (stage_ < s) {
    const auto next = static_cast<Stage>(static_cast<int>(stage_) + 1);
    switch (next) {
      case Stage::kSymbols:
        toc_.symbols = pos_;
        break;
      case Stage::kSeries:
        TSDB_RETURN_IF_ERROR(FinishSymbols());
        toc_.series = pos_;
        break;
      case Stage::kDone:
        // Offsets are taken before each section's own alignment padding,
        // exactly where 2.42 takes them.
        toc_.label_indices = pos_;
        TSDB_RETURN_IF_ERROR(WriteLabelIndices());
        toc_.postings = pos_;
        TSDB_RETURN_IF_ERROR(WritePostings());
        toc_.label_indices_table = pos_;
        TSDB_RETURN_IF_ERROR(WriteLabelOffsetTable());
        toc_.postings_table = pos_;
        TSDB_RETURN_IF_ERROR(WritePostingsOffsetTable());
        TSDB_RETURN_IF_ERROR(WriteToc());
        break;
      case Stage::kNone:
        break;
    }
    stage_ = next;
  }
  return Status::Ok();
}

Status IndexWriter::AddSymbol(std::string_view symbol) {
  TSDB_RETURN_IF_ERROR(EnsureStage(Stage::kSymbols));
  if (!symbols_.empty() && symbol <= symbols_.back()) {
    return Status::InvalidArgument("symbol " + Quote(symbol) + " out-of-order");
  }
  if (symbols_.size() == std::numeric_limits<uint32_t>::max()) {
    return Status::InvalidArgument("too many symbols");
  }
  symbols_.emplace_back(symbol);
  return Status::Ok();
}

Status IndexWriter::FinishSymbols() {
  scratch_.Reset();
  scratch_.PutBE32(static_cast<uint32_t>(symbols_.size()));
  for (const std::string& s : symbols_) scratch_.PutUvarintStr(s);
  TSDB_RETURN_IF_ERROR(WriteSection(scratch_));

  // The strings no longer move, so the lookup table may point into them.
  symbol_refs_.reserve(symbols_.size());
  for (size_t i = 0; i < symbols_.size(); i++) {
    symbol_refs_.emplace(symbols_[i], static_cast<uint32_t>(i));
  }
  return Status::Ok();
}

Result<uint32_t> IndexWriter::SymbolRef(std::string_view s) const {
  const auto it = symbol_refs_.find(s);
  if (it == symbol_refs_.end()) {
    return Status::InvalidArgument("symbol entry for " + Quote(s) + " does not exist");
  }
  return it->second;
}

Status IndexWriter::AddSeries(SeriesRef ref, const Labels& labels,
                              std::span<const ChunkMeta> chunks) {
  TSDB_RETURN_IF_ERROR(EnsureStage(Stage::kSeries));
  if (labels.Compare(last_series_) <= 0) {
    return Status::InvalidArgument("out-of-order series added with label set " +
                                   Quote(labels.ToString()));
  }
  if (ref < last_ref_ && !last_series_.empty()) {
    return Status::InvalidArgument("series with reference greater than " +
                                   std::to_string(last_ref_) + " already added");
  }
  TSDB_RETURN_IF_ERROR(Pad(kSeriesAlignment));
  const uint64_t id = pos_ / kSeriesAlignment;
  if (id > std::numeric_limits<uint32_t>::max()) {
    return Status::InvalidArgument("series offset " + std::to_string(id) + " exceeds 4 bytes");
  }
  const auto series_id = static_cast<uint32_t>(id);

  std::vector<LabelRef> refs;
  refs.reserve(labels.size());
  for (const Label& l : labels) {
    TSDB_ASSIGN_OR_RETURN(const uint32_t name, SymbolRef(l.name));
    TSDB_ASSIGN_OR_RETURN(const uint32_t value, SymbolRef(l.value));
    refs.push_back({name, value});
  }
  for (const LabelRef& r : refs) postings_.push_back({r.name << 32 | r.value, series_id});
  all_series_.push_back(series_id);

  scratch2_.Reset();
  EncodeSeriesContent(refs, chunks, &scratch2_);
  scratch_.Reset();
  scratch_.PutUvarint(scratch2_.size());
  scratch_.PutBytes(scratch2_.bytes());
  scratch_.PutBE32(Crc32c(scratch2_.bytes()));
  TSDB_RETURN_IF_ERROR(Write(scratch_.bytes()));

  last_series_ = labels;
  last_ref_ = ref;
  return Status::Ok();
}

Status IndexWriter::WriteLabelIndices() {
  // Postings sort by name ref then value ref, which is byte order of the
  // strings because symbols are sorted; series IDs stay ascending (stable).
  std::stable_sort(postings_.begin(), postings_.end(),
                   [](const Posting& a, const Posting& b) { return a.key < b.key; });
  size_t i = 0;
  while (i < postings_.size()) {
    const uint32_t name = NameOf(postings_[i].key);
    scratch_.Reset();
    scratch_.PutBE32(1);  // one name per label index
    scratch_.PutBE32(0);  // value count, patched below
    uint32_t count = 0;
    uint64_t last_key = ~uint64_t{0};
    for (; i < postings_.size() && NameOf(postings_[i].key) == name; i++) {
      if (postings_[i].key == last_key) continue;
      last_key = postings_[i].key;
      scratch_.PutBE32(ValueOf(last_key));
      count++;
    }
    // 2.42 leaves the all-postings name "" out of the label indices.
    if (symbols_[name].empty()) continue;
    PutBE32(scratch_.mutable_bytes().data() + 4, count);
    TSDB_RETURN_IF_ERROR(Pad(kListAlignment));
    label_index_offsets_.push_back({name, pos_});
    TSDB_RETURN_IF_ERROR(WriteSection(scratch_));
  }
  return Status::Ok();
}

Status IndexWriter::WritePostings() {
  TSDB_RETURN_IF_ERROR(Pad(kListAlignment));
  auto write_list = [&](uint64_t key, auto&& id_at, size_t n) -> Status {
    TSDB_RETURN_IF_ERROR(Pad(kListAlignment));
    postings_offsets_.push_back({key, pos_});
    scratch_.Reset();
    scratch_.PutBE32(static_cast<uint32_t>(n));
    for (size_t k = 0; k < n; k++) scratch_.PutBE32(id_at(k));
    return WriteSection(scratch_);
  };
  // The all-postings list comes first; its key is marked with ~0 because ""
  // may or may not be a symbol.
  TSDB_RETURN_IF_ERROR(write_list(
      ~uint64_t{0}, [&](size_t k) { return all_series_[k]; }, all_series_.size()));
  size_t i = 0;
  while (i < postings_.size()) {
    const uint64_t key = postings_[i].key;
    size_t j = i;
    while (j < postings_.size() && postings_[j].key == key) j++;
    TSDB_RETURN_IF_ERROR(
        write_list(key, [&](size_t k) { return postings_[i + k].series_id; }, j - i));
    i = j;
  }
  return Status::Ok();
}

Status IndexWriter::WriteLabelOffsetTable() {
  scratch_.Reset();
  scratch_.PutBE32(static_cast<uint32_t>(label_index_offsets_.size()));
  for (const LabelIndexEntry& e : label_index_offsets_) {
    scratch_.PutUvarint(kLabelIndexKeyCount);
    scratch_.PutUvarintStr(symbols_[e.name]);
    scratch_.PutUvarint(e.offset);
  }
  return WriteSection(scratch_);
}

Status IndexWriter::WritePostingsOffsetTable() {
  scratch_.Reset();
  scratch_.PutBE32(static_cast<uint32_t>(postings_offsets_.size()));
  for (const PostingsEntry& e : postings_offsets_) {
    scratch_.PutUvarint(kPostingsKeyCount);
    if (e.key == ~uint64_t{0}) {
      scratch_.PutUvarintStr(kAllPostingsName);
      scratch_.PutUvarintStr(kAllPostingsValue);
    } else {
      scratch_.PutUvarintStr(symbols_[NameOf(e.key)]);
      scratch_.PutUvarintStr(symbols_[ValueOf(e.key)]);
    }
    scratch_.PutUvarint(e.offset);
  }
  return WriteSection(scratch_);
}

Status IndexWriter::WriteToc() {
  scratch_.Reset();
  for (const uint64_t off : {toc_.symbols, toc_.series, toc_.label_indices,
                             toc_.label_indices_table, toc_.postings, toc_.postings_table}) {
    scratch_.PutBE64(off);
  }
  scratch_.PutBE32(Crc32c(scratch_.bytes()));
  return Write(scratch_.bytes());
}

Status IndexWriter::Close() {
  if (file_ == nullptr) return Status(StatusCode::kClosed, "index writer already closed");
  Status s = EnsureStage(Stage::kDone);
  if (s.ok()) s = Flush();
  if (s.ok()) s = file_->Sync();
  const Status closed = file_->Close();
  file_.reset();
  return s.ok() ? closed : s;
}

}  // namespace tsdb::index
