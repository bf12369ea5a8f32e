// Where images go and when a finished one is kept: escaped path components (no traversal), the
// sidecar, and check_image's verdict for each kind of leftover a killed or changed run leaves.
#include "generation/run/image_files.h"

#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "core/io/atomic_file.h"

namespace zipp::generation {
namespace {

namespace fs = std::filesystem;

TEST(ImageFiles, EscapingKeepsEveryNameInsideTheOutputDirectory) {
  EXPECT_EQ(escape_path_component("Quiet_Otter-7.b"), "Quiet_Otter-7.b");
  EXPECT_EQ(escape_path_component(".."), "%2E.");
  EXPECT_EQ(escape_path_component("."), "%2E");
  EXPECT_EQ(escape_path_component("../etc/passwd"), "%2E.%2Fetc%2Fpasswd");
  EXPECT_EQ(escape_path_component("a b%"), "a%20b%25");
  EXPECT_EQ(escape_path_component(""), "%");
  EXPECT_EQ(escape_path_component("\xc3\xa9"), "%C3%A9");
  // Distinct names stay distinct.
  std::set<std::string> seen;
  for (const std::string name : {"a/b", "a%2Fb", "a_b", ".a", "%2Ea", "a", "%"}) {
    EXPECT_TRUE(seen.insert(escape_path_component(name)).second) << name;
  }
  GenerationJob job;
  job.user = "../../x";
  job.method = "/zipp-kshot";
  job.prompt_index = 4;
  const JobFiles files = job_files("/out/images", job);
  EXPECT_EQ(files.image, "%2E.%2F..%2Fx/p4-%2Fzipp-kshot.png");
  EXPECT_EQ(files.sidecar, "%2E.%2F..%2Fx/p4-%2Fzipp-kshot.json");
  EXPECT_EQ(files.image_path.parent_path().parent_path(), fs::path("/out/images"));
}

class CheckImage : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("zipp_image_files_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    job_.id = "ann/p1/zipp-0shot";
    job_.user = "ann";
    job_.method = "zipp-0shot";
    job_.prompt_index = 1;
    job_.prompt = "a lighthouse, watercolor";
    job_.seed = 99;
    settings_ = {"test-model/abc", "ddim", 10, 7.5, 0.0, 6, 5, "", "leading", std::nullopt};
    files_ = job_files(dir_, job_);
  }

  void write_image() {
    fs::create_directories(files_.image_path.parent_path());
    std::vector<std::uint8_t> rgb(6 * 5 * 3, 128);
    const FileDigest png = write_png(files_.image_path, rgb, 6, 5);
    core::write_file_atomic(files_.sidecar_path, sidecar_json(job_, settings_, files_.image, png));
  }

  fs::path dir_;
  GenerationJob job_;
  ImageSettings settings_;
  JobFiles files_;
};

TEST_F(CheckImage, AFinishedImageIsDone) {
  write_image();
  const ImageCheck c = check_image(files_, job_, settings_);
  EXPECT_EQ(c.state, ImageState::kDone) << c.reason;
  EXPECT_EQ(c.png.bytes, static_cast<std::int64_t>(fs::file_size(files_.image_path)));
}

TEST_F(CheckImage, NoSidecarIsMissingEvenWithAPng) {
  EXPECT_EQ(check_image(files_, job_, settings_).state, ImageState::kMissing);
  write_image();
  fs::remove(files_.sidecar_path);
  EXPECT_EQ(check_image(files_, job_, settings_).state, ImageState::kMissing);
}

TEST_F(CheckImage, AnotherPromptSeedOrSettingIsStale) {
  write_image();
  GenerationJob other = job_;
  other.prompt = "a lighthouse, oil";
  EXPECT_EQ(check_image(files_, other, settings_).state, ImageState::kStale);
  other = job_;
  other.seed = 100;
  EXPECT_EQ(check_image(files_, other, settings_).state, ImageState::kStale);
  for (auto change : std::vector<void (*)(ImageSettings&)>{
           [](ImageSettings& s) { s.steps = 11; }, [](ImageSettings& s) { s.guidance = 7.0; },
           [](ImageSettings& s) { s.model = "test-model/def"; },
           [](ImageSettings& s) { s.scheduler = "euler"; },
           [](ImageSettings& s) { s.negative_prompt = "blurry"; },
           [](ImageSettings& s) { s.eta = 0.5; }, [](ImageSettings& s) { s.height = 8; },
           [](ImageSettings& s) { s.spacing = "trailing"; },
           [](ImageSettings& s) { s.clip_sample_range = 1.0; }}) {
    ImageSettings s = settings_;
    change(s);
    const ImageCheck c = check_image(files_, job_, s);
    EXPECT_EQ(c.state, ImageState::kStale) << c.reason;
    EXPECT_FALSE(c.reason.empty());
  }
}

TEST_F(CheckImage, ClipAndSpacingAreRecordedAndCompared) {
  // Clipped at 1 with trailing spacing: the sidecar says so, and each other setting is stale.
  settings_.spacing = "trailing";
  settings_.clip_sample_range = 1.0;
  write_image();
  const auto sidecar = nlohmann::json::parse(read_file_bytes(files_.sidecar_path));
  EXPECT_EQ(sidecar.at("spacing"), "trailing");
  EXPECT_EQ(sidecar.at("clip_sample_range"), 1.0);
  EXPECT_EQ(check_image(files_, job_, settings_).state, ImageState::kDone);
  for (const std::optional<double> other : {std::optional<double>(), std::optional<double>(2.0)}) {
    ImageSettings s = settings_;
    s.clip_sample_range = other;
    const ImageCheck c = check_image(files_, job_, s);
    EXPECT_EQ(c.state, ImageState::kStale) << c.reason;
    EXPECT_NE(c.reason.find("clip_sample_range"), std::string::npos) << c.reason;
  }
  for (const char* spacing : {"leading", "linspace"}) {
    ImageSettings s = settings_;
    s.spacing = spacing;
    const ImageCheck c = check_image(files_, job_, s);
    EXPECT_EQ(c.state, ImageState::kStale) << c.reason;
    EXPECT_NE(c.reason.find("spacing"), std::string::npos) << c.reason;
  }

  // Not clipped is recorded as null, and only matches a run that does not clip.
  settings_.clip_sample_range.reset();
  write_image();
  EXPECT_TRUE(nlohmann::json::parse(read_file_bytes(files_.sidecar_path))
                  .at("clip_sample_range")
                  .is_null());
  EXPECT_EQ(check_image(files_, job_, settings_).state, ImageState::kDone);

  // A sidecar of a zipp that recorded neither key is stale: its image was drawn unclipped
  // (auto now clips the builtin model's) with the default spacing.
  auto old = nlohmann::json::parse(read_file_bytes(files_.sidecar_path));
  old.erase("spacing");
  old.erase("clip_sample_range");
  core::write_file_atomic(files_.sidecar_path, old.dump() + "\n");
  const ImageCheck c = check_image(files_, job_, settings_);
  EXPECT_EQ(c.state, ImageState::kStale) << c.reason;
  EXPECT_NE(c.reason.find("missing"), std::string::npos) << c.reason;
}

TEST_F(CheckImage, DamagedFilesAreCorrupt) {
  write_image();
  const std::string good = read_file_bytes(files_.image_path);
  // Truncated PNG.
  std::ofstream(files_.image_path, std::ios::binary | std::ios::trunc)
      << good.substr(0, good.size() / 2);
  EXPECT_EQ(check_image(files_, job_, settings_).state, ImageState::kCorrupt);
  // One byte changed.
  std::string flipped = good;
  flipped[flipped.size() / 2] ^= 1;
  std::ofstream(files_.image_path, std::ios::binary | std::ios::trunc) << flipped;
  EXPECT_EQ(check_image(files_, job_, settings_).state, ImageState::kCorrupt);
  // PNG gone.
  fs::remove(files_.image_path);
  EXPECT_EQ(check_image(files_, job_, settings_).state, ImageState::kCorrupt);
  // Sidecar cut short.
  write_image();
  const std::string sidecar = read_file_bytes(files_.sidecar_path);
  std::ofstream(files_.sidecar_path, std::ios::binary | std::ios::trunc)
      << sidecar.substr(0, sidecar.size() / 2);
  EXPECT_EQ(check_image(files_, job_, settings_).state, ImageState::kCorrupt);
}

TEST_F(CheckImage, AWholePngOfAnotherSizeIsCorrupt) {
  write_image();
  std::vector<std::uint8_t> rgb(4 * 4 * 3, 1);
  const FileDigest png = write_png(files_.image_path, rgb, 4, 4);
  core::write_file_atomic(files_.sidecar_path, sidecar_json(job_, settings_, files_.image, png));
  const ImageCheck c = check_image(files_, job_, settings_);
  EXPECT_EQ(c.state, ImageState::kCorrupt);
  EXPECT_NE(c.reason.find("4x4, expected 6x5"), std::string::npos) << c.reason;
}

}  // namespace
}  // namespace zipp::generation
