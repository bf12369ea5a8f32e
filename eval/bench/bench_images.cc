#include "eval/bench/bench_images.h"

#include "generation/image/png_file.h"
#include "generation/run/image_files.h"

namespace zipp::eval {
namespace fs = std::filesystem;

BenchImages find_bench_images(const fs::path& jobs, const fs::path& images_dir) {
  BenchImages found;
  for (auto& job : generation::read_generation_jobs(jobs)) {
    const generation::JobFiles files = generation::job_files(images_dir, job);
    if (!fs::exists(files.sidecar_path) || !fs::exists(files.image_path)) {
      found.unfinished.push_back(std::move(job));
      continue;
    }
    const generation::FileDigest digest =
        generation::digest_of(generation::read_file_bytes(files.image_path));
    BenchImage image{std::move(job), files.image, files.image_path,
                     (static_cast<std::uint64_t>(digest.bytes) << 32) | digest.crc32};
    found.images.push_back(std::move(image));
  }
  return found;
}

}  // namespace zipp::eval
