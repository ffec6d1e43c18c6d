// Reading meta.json with encoding/json's rules, and writing it atomically.
#include "engine/block/meta.h"

#include <charconv>
#include <functional>

#include "engine/block/json_value.h"

namespace tsdb::block {
namespace {

using Kind = JsonValue::Kind;

// Maps JSON values onto BlockMeta fields, stopping at the first error (Go
// keeps decoding after a type error but still fails the whole call).
class MetaDecoder {
 public:
  explicit MetaDecoder(const std::string& path) : path_(path) {}

  Status Fail(size_t offset, const std::string& what) const {
    return Status::Corruption("meta file " + path_ + " at offset " + std::to_string(offset) +
                              ": " + what);
  }
  Status TypeError(const JsonValue& v, const std::string& field, const char* go_type) const {
    std::string got = v.GoKindName();
    if (v.kind == Kind::kNumber) got += " " + v.text;
    return Fail(v.offset, "json: cannot unmarshal " + got + " into Go struct field " + field +
                              " of type " + go_type);
  }

  Status Int(const JsonValue& v, const std::string& field, int64_t* out) const {
    if (v.kind == Kind::kNull) return Status::Ok();
    int64_t x = 0;
    const char* end = v.text.data() + v.text.size();
    if (v.kind != Kind::kNumber || std::from_chars(v.text.data(), end, x).ptr != end) {
      return TypeError(v, field, "int64");
    }
    *out = x;
    return Status::Ok();
  }
  Status Uint(const JsonValue& v, const std::string& field, uint64_t* out) const {
    if (v.kind == Kind::kNull) return Status::Ok();
    uint64_t x = 0;
    const char* end = v.text.data() + v.text.size();
    if (v.kind != Kind::kNumber || v.text[0] == '-' ||
        std::from_chars(v.text.data(), end, x).ptr != end) {
      return TypeError(v, field, "uint64");
    }
    *out = x;
    return Status::Ok();
  }
  Status Bool(const JsonValue& v, const std::string& field, bool* out) const {
    if (v.kind == Kind::kNull) return Status::Ok();
    if (v.kind != Kind::kBool) return TypeError(v, field, "bool");
    *out = v.boolean;
    return Status::Ok();
  }
  Status String(const JsonValue& v, const std::string& field, std::string* out) const {
    if (v.kind == Kind::kNull) return Status::Ok();
    if (v.kind != Kind::kString) return TypeError(v, field, "string");
    *out = v.text;
    return Status::Ok();
  }
  Status UlidField(const JsonValue& v, const std::string& field, Ulid* out) const {
    if (v.kind == Kind::kNull) return Status::Ok();
    if (v.kind != Kind::kString) return TypeError(v, field, "ulid.ULID");
    Result<Ulid> u = Ulid::Parse(v.text);
    if (!u.ok()) return Fail(v.offset, u.status().message());
    *out = *u;
    return Status::Ok();
  }

  // Calls fn(key, value) for each member whose key matches one of `names`
  // ignoring ASCII case (Go's fallback when no exact match exists).
  Status Object(const JsonValue& v, const std::string& type,
                const std::function<Status(std::string_view, const JsonValue&)>& fn) const {
    if (v.kind == Kind::kNull) return Status::Ok();
    if (v.kind != Kind::kObject) {
      return Fail(v.offset, std::string("json: cannot unmarshal ") + v.GoKindName() +
                                " into Go value of type " + type);
    }
    for (const auto& [key, value] : v.members) TSDB_RETURN_IF_ERROR(fn(key, value));
    return Status::Ok();
  }

  // Go sets a slice to nil on null and rebuilds it from an array.
  template <typename T>
  Status Slice(const JsonValue& v, const std::string& field, const char* go_type,
               std::vector<T>* out,
               const std::function<Status(const JsonValue&, T*)>& item) const {
    if (v.kind == Kind::kNull) {
      out->clear();
      return Status::Ok();
    }
    if (v.kind != Kind::kArray) return TypeError(v, field, go_type);
    out->clear();
    for (const JsonValue& x : v.items) {
      T t{};
      TSDB_RETURN_IF_ERROR(item(x, &t));
      out->push_back(std::move(t));
    }
    return Status::Ok();
  }

  Status Stats(const JsonValue& v, BlockStats* s) const {
    return Object(v, "tsdb.BlockStats", [&](std::string_view k, const JsonValue& x) {
      if (Is(k, "numSamples")) return Uint(x, "BlockMeta.stats.numSamples", &s->num_samples);
      if (Is(k, "numSeries")) return Uint(x, "BlockMeta.stats.numSeries", &s->num_series);
      if (Is(k, "numChunks")) return Uint(x, "BlockMeta.stats.numChunks", &s->num_chunks);
      if (Is(k, "numTombstones")) return Uint(x, "BlockMeta.stats.numTombstones", &s->num_tombstones);
      return Status::Ok();
    });
  }

  Status Parent(const JsonValue& v, BlockDesc* d) const {
    return Object(v, "tsdb.BlockDesc", [&](std::string_view k, const JsonValue& x) {
      if (Is(k, "ulid")) return UlidField(x, "BlockMeta.compaction.parents.ulid", &d->ulid);
      if (Is(k, "minTime")) return Int(x, "BlockMeta.compaction.parents.minTime", &d->min_time);
      if (Is(k, "maxTime")) return Int(x, "BlockMeta.compaction.parents.maxTime", &d->max_time);
      return Status::Ok();
    });
  }

  Status Compaction(const JsonValue& v, BlockMetaCompaction* c) const {
    return Object(v, "tsdb.BlockMetaCompaction", [&](std::string_view k, const JsonValue& x) {
      if (Is(k, "level")) return Int(x, "BlockMeta.compaction.level", &c->level);
      if (Is(k, "sources")) {
        return Slice<Ulid>(x, "BlockMeta.compaction.sources", "[]ulid.ULID", &c->sources,
                           [&](const JsonValue& i, Ulid* u) {
                             return UlidField(i, "BlockMeta.compaction.sources", u);
                           });
      }
      if (Is(k, "deletable")) return Bool(x, "BlockMeta.compaction.deletable", &c->deletable);
      if (Is(k, "parents")) {
        return Slice<BlockDesc>(x, "BlockMeta.compaction.parents", "[]tsdb.BlockDesc",
                                &c->parents,
                                [&](const JsonValue& i, BlockDesc* d) { return Parent(i, d); });
      }
      if (Is(k, "failed")) return Bool(x, "BlockMeta.compaction.failed", &c->failed);
      if (Is(k, "hints")) {
        return Slice<std::string>(x, "BlockMeta.compaction.hints", "[]string", &c->hints,
                                  [&](const JsonValue& i, std::string* s) {
                                    return String(i, "BlockMeta.compaction.hints", s);
                                  });
      }
      return Status::Ok();
    });
  }

  Status Meta(const JsonValue& v, BlockMeta* m) const {
    return Object(v, "tsdb.BlockMeta", [&](std::string_view k, const JsonValue& x) {
      if (Is(k, "ulid")) return UlidField(x, "BlockMeta.ulid", &m->ulid);
      if (Is(k, "minTime")) return Int(x, "BlockMeta.minTime", &m->min_time);
      if (Is(k, "maxTime")) return Int(x, "BlockMeta.maxTime", &m->max_time);
      if (Is(k, "stats")) return Stats(x, &m->stats);
      if (Is(k, "compaction")) return Compaction(x, &m->compaction);
      if (Is(k, "version")) return Int(x, "BlockMeta.version", &m->version);
      return Status::Ok();
    });
  }

 private:
  // Field names are ASCII, so ASCII case folding is Go's EqualFold here.
  static bool Is(std::string_view key, std::string_view name) {
    if (key.size() != name.size()) return false;
    for (size_t i = 0; i < key.size(); i++) {
      auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
      if (lower(key[i]) != lower(name[i])) return false;
    }
    return true;
  }

  const std::string& path_;
};

}  // namespace

Result<BlockMeta> ParseMeta(std::string_view json, const std::string& path) {
  Result<JsonValue> doc = ParseJson(json);
  if (!doc.ok()) {
    return Status::Corruption("meta file " + path + " at " + doc.status().message());
  }
  BlockMeta meta;
  meta.version = 0;  // absent in the file means 0, which the check below rejects
  MetaDecoder dec(path);
  TSDB_RETURN_IF_ERROR(dec.Meta(*doc, &meta));
  if (meta.version != kMetaVersion1) {
    return Status::Corruption("meta file " + path + ": unexpected meta file version " +
                              std::to_string(meta.version));
  }
  return meta;
}

Result<BlockMeta> ReadMetaFile(Filesystem& fs, const std::string& block_dir) {
  const std::string path = JoinPath(block_dir, std::string(kMetaFilename));
  TSDB_ASSIGN_OR_RETURN(const Bytes data, ReadWholeFile(fs, path));
  return ParseMeta(AsString(data), path);
}

Result<uint64_t> WriteMetaFile(Filesystem& fs, const std::string& block_dir, BlockMeta* meta) {
  meta->version = kMetaVersion1;
  const std::string path = JoinPath(block_dir, std::string(kMetaFilename));
  const std::string tmp = path + ".tmp";
  const std::string json = MarshalMeta(*meta);
  Status s = WriteWholeFile(fs, tmp, AsBytes(json), /*sync=*/true);
  if (s.ok()) s = fs.Rename(tmp, path);
  if (s.ok()) s = fs.SyncDir(block_dir);
  if (!s.ok()) {
    (void)fs.RemoveAll(tmp);
    return s;
  }
  return json.size();
}

}  // namespace tsdb::block
