#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "engine/base/posix_filesystem.h"

namespace tsdb {
namespace {

class PosixFilesystemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/tsdbsim-fs-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { ASSERT_TRUE(fs_.RemoveAll(dir_).ok()); }
  PosixFilesystem fs_;
  std::string dir_;
};

TEST_F(PosixFilesystemTest, AppendReadRenameList) {
  const std::string a = JoinPath(dir_, "a");
  auto f = fs_.OpenAppend(a);
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  ASSERT_TRUE((*f)->Append(AsBytes("hello ")).ok());
  ASSERT_TRUE((*f)->Append(AsBytes("world")).ok());
  EXPECT_EQ((*f)->Size(), 11u);
  ASSERT_TRUE((*f)->Sync().ok());
  ASSERT_TRUE((*f)->Close().ok());

  ASSERT_TRUE(fs_.MkdirAll(JoinPath(dir_, "x/y")).ok());
  ASSERT_TRUE(fs_.Rename(a, JoinPath(dir_, "x/b")).ok());
  auto data = ReadWholeFile(fs_, JoinPath(dir_, "x/b"));
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(AsString(*data), "hello world");

  auto list = fs_.List(JoinPath(dir_, "x"));
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].name, "b");
  EXPECT_FALSE((*list)[0].is_dir);
  EXPECT_EQ((*list)[1].name, "y");
  EXPECT_TRUE((*list)[1].is_dir);
  EXPECT_TRUE(fs_.SyncDir(dir_).ok());
}

TEST_F(PosixFilesystemTest, PreallocateTruncateAndMap) {
  const std::string p = JoinPath(dir_, "c");
  auto f = fs_.Create(p);
  ASSERT_TRUE(f.ok());
  ASSERT_TRUE((*f)->Append(AsBytes("abc")).ok());
  ASSERT_TRUE((*f)->Preallocate(4096).ok());
  EXPECT_EQ((*f)->Size(), 4096u);
  ASSERT_TRUE((*f)->PWrite(3, AsBytes("d")).ok());
  ASSERT_TRUE((*f)->Close().ok());
  auto m = fs_.MapReadOnly(p);
  ASSERT_TRUE(m.ok());
  ASSERT_EQ((*m)->data().size(), 4096u);
  EXPECT_EQ(AsString((*m)->data().first(5)), std::string("abcd\0", 5));
  ASSERT_TRUE(fs_.Truncate(p, 2).ok());
  EXPECT_EQ(fs_.Stat(p)->size_bytes, 2u);
}

TEST_F(PosixFilesystemTest, MissingFileIsNotFoundWithPath) {
  auto r = fs_.OpenRead(JoinPath(dir_, "nope"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("nope"), std::string::npos);
}

}  // namespace
}  // namespace tsdb

namespace tsdb {
namespace {

// An append-opened file must still overwrite in place with PWrite (Linux
// ignores pwrite offsets under O_APPEND, so the POSIX filesystem avoids it).
TEST(PosixFilesystemAppend, PWriteOverwritesInPlace) {
  PosixFilesystem fs;
  char tmpl[] = "/tmp/tsdbsim-fs-XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  const std::string p = JoinPath(tmpl, "f");
  auto f = fs.OpenAppend(p);
  ASSERT_TRUE(f.ok());
  ASSERT_TRUE((*f)->Append(AsBytes("aaaa")).ok());
  ASSERT_TRUE((*f)->PWrite(1, AsBytes("b")).ok());
  ASSERT_TRUE((*f)->Append(AsBytes("c")).ok());
  ASSERT_TRUE((*f)->Close().ok());
  auto reopened = fs.OpenAppend(p);  // appends continue at the end
  ASSERT_TRUE((*reopened)->Append(AsBytes("d")).ok());
  ASSERT_TRUE((*reopened)->Close().ok());
  EXPECT_EQ(AsString(*ReadWholeFile(fs, p)), "abaacd");
  ASSERT_TRUE(fs.RemoveAll(tmpl).ok());
}

}  // namespace
}  // namespace tsdb
