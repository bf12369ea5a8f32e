// The embedding readers: .npy files written byte by byte, HDF5 files written with core/io, and
// the errors for every kind of wrong file.
#include "eval/io/embedding_reader.h"

#include <filesystem>
#include <string>
#include <vector>

#include <ATen/ops/tensor.h>
#include <gtest/gtest.h>

#include "core/error.h"
#include "core/io/h5_file.h"
#include "core/io/h5_tensor.h"
#include "tests/graph/ingest/ingest_test_files.h"

namespace zipp::eval {
namespace {

namespace fs = std::filesystem;
using graph::testing::raw_bytes;
using graph::testing::write_npy;
using graph::testing::write_text;

class EmbeddingReader : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("zipp-eval-io-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string error_of(const fs::path& path, const std::string& dataset = "embeddings") {
    try {
      read_embeddings(path, dataset);
    } catch (const core::Error& error) {
      return error.what();
    }
    return "no error";
  }

  fs::path dir_;
};

TEST_F(EmbeddingReader, NpyFloat32AndFloat64) {
  write_npy(dir_ / "a.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
            raw_bytes(std::vector<float>{1, 2, 3, 4, 5, 6}));
  const auto a = read_embeddings(dir_ / "a.npy");
  ASSERT_EQ(a.sizes(), (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(a[1][2].item<float>(), 6.0F);
  write_npy(dir_ / "b.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }",
            raw_bytes(std::vector<double>{0.5, -0.25}), 2);
  const auto b = read_embeddings(dir_ / "b.npy");
  EXPECT_EQ(b[0][1].item<float>(), -0.25F);
}

TEST_F(EmbeddingReader, NpyErrors) {
  write_npy(dir_ / "f.npy", "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 1), }",
            raw_bytes(std::vector<float>{1, 2}));
  EXPECT_NE(error_of(dir_ / "f.npy").find("Fortran"), std::string::npos);
  write_npy(dir_ / "i.npy", "{'descr': '<i4', 'fortran_order': False, 'shape': (2, 1), }",
            raw_bytes(std::vector<std::int32_t>{1, 2}));
  EXPECT_NE(error_of(dir_ / "i.npy").find("'<i4'"), std::string::npos) << error_of(dir_ / "i.npy");
  write_npy(dir_ / "t.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }",
            raw_bytes(std::vector<float>{1, 2, 3}));
  EXPECT_NE(error_of(dir_ / "t.npy").find("truncated"), std::string::npos);
  write_npy(dir_ / "n.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 1), }",
            raw_bytes(std::vector<float>{1, NAN}));
  EXPECT_NE(error_of(dir_ / "n.npy").find("the first is row 1"), std::string::npos);
  write_text(dir_ / "x.npy", "NUMPY? no, a text file\n");
  EXPECT_NE(error_of(dir_ / "x.npy").find("neither a NumPy .npy file nor an HDF5 file"),
            std::string::npos);
  EXPECT_THROW(read_embeddings(dir_ / "missing.npy"), core::IoError);
}

TEST_F(EmbeddingReader, Hdf5DatasetsByName) {
  {
    auto file = core::h5::File::create(dir_ / "e.h5", core::h5::Overwrite::kNo);
    core::h5::write_tensor(file, "embeddings",
                           at::tensor({1.0, 2.0, 3.0, 4.0}, at::kDouble).reshape({2, 2}));
    core::h5::write_tensor(file, "clip/images", at::tensor({1.0F, 0.0F, 0.0F}).reshape({3, 1}));
    core::h5::write_tensor(file, "ids", at::tensor({1, 2}, at::kInt).reshape({2, 1}));
    core::h5::write_tensor(file, "flat", at::tensor({1.0F, 2.0F}));
    file.close();
  }
  const auto e = read_embeddings(dir_ / "e.h5");
  EXPECT_EQ(e.scalar_type(), at::kDouble);
  EXPECT_EQ(e[1][0].item<double>(), 3.0);
  EXPECT_EQ(read_embeddings(dir_ / "e.h5", "clip/images").size(0), 3);
  const auto missing = error_of(dir_ / "e.h5", "vectors");
  EXPECT_NE(missing.find("no dataset 'vectors'"), std::string::npos) << missing;
  EXPECT_NE(missing.find("'embeddings'"), std::string::npos) << missing;
  EXPECT_NE(error_of(dir_ / "e.h5", "ids").find("int32"), std::string::npos);
  EXPECT_NE(error_of(dir_ / "e.h5", "flat").find("2-D"), std::string::npos);
}

}  // namespace
}  // namespace zipp::eval
