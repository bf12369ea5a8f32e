#include "generation/run/generate_images.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <sstream>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "core/check.h"
#include "core/comm/agree.h"
#include "core/comm/control.h"
#include "core/comm/stop_request.h"
#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/log.h"
#include "core/progress.h"
#include "core/str.h"

namespace zipp::generation {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A finished image of this rank, for the manifest.
struct Finished {
  std::int64_t index = 0;  // in `jobs`
  FileDigest png;
};

constexpr std::size_t kFailuresShown = 5;

class RankRun {
 public:
  RankRun(const std::vector<GenerationJob>& jobs, const GenerateOptions& options,
          const SampleBatch& sample)
      : jobs_(jobs), options_(options), sample_(sample) {}

  // Checks this rank's jobs; returns the indices to draw.
  std::vector<std::int64_t> check(const std::vector<std::int64_t>& mine, ImageCounts& counts) {
    std::vector<std::int64_t> todo;
    for (const std::int64_t i : mine) {
      const GenerationJob& job = jobs_[static_cast<std::size_t>(i)];
      const ImageCheck c = check_image(job_files(options_.output, job), job, options_.settings);
      switch (c.state) {
        case ImageState::kDone:
          ++counts.kept;
          finished_.push_back({i, c.png});
          continue;
        case ImageState::kMissing:
          ++counts.missing;
          break;
        case ImageState::kStale:
          ++counts.stale;
          break;
        case ImageState::kCorrupt:
          ++counts.corrupt;
          break;
      }
      if (c.state != ImageState::kMissing) {
        ZIPP_LOG_ONE(kDebug, "generate: redrawing ", job.id, " (", image_state_name(c.state),
                     "): ", c.reason);
      }
      todo.push_back(i);
    }
    return todo;
  }

  // Draws and writes one batch; returns the images written. Failures are counted, not thrown.
  std::int64_t run_batch(std::span<const std::int64_t> batch, ImageCounts& counts) {
    std::vector<ImageRequest> requests;
    for (const std::int64_t i : batch) {
      const GenerationJob& job = jobs_[static_cast<std::size_t>(i)];
      requests.push_back({job.prompt, options_.settings.negative_prompt, job.seed});
    }
    at::Tensor images;
    try {
      images = sample_(requests);
      const auto& s = options_.settings;
      ZIPP_CHECK(images.defined() && images.dim() == 4 && images.scalar_type() == at::kByte &&
                     images.size(0) == static_cast<std::int64_t>(batch.size()) &&
                     images.size(1) == s.height && images.size(2) == s.width && images.size(3) == 3,
                 "the sampler returned ",
                 images.defined() ? core::str(images.sizes(), " ", images.scalar_type())
                                  : std::string("nothing"),
                 " for ", batch.size(), " requests; expected uint8 [", batch.size(), ", ", s.height,
                 ", ", s.width, ", 3]");
      images = images.to(at::kCPU).contiguous();
    } catch (const std::exception& e) {
      fail(core::str("drawing ", batch.size(), " images from ",
                     jobs_[static_cast<std::size_t>(batch.front())].id, ": ", e.what()),
           static_cast<std::int64_t>(batch.size()), counts);
      return 0;
    }
    std::int64_t written = 0;
    for (std::size_t r = 0; r < batch.size(); ++r) {
      const GenerationJob& job = jobs_[static_cast<std::size_t>(batch[r])];
      try {
        const JobFiles files = job_files(options_.output, job);
        fs::create_directories(files.image_path.parent_path());
        const at::Tensor row = images[static_cast<std::int64_t>(r)];
        const std::span<const std::uint8_t> pixels(row.data_ptr<std::uint8_t>(),
                                                   static_cast<std::size_t>(row.numel()));
        const FileDigest png =
            write_png(files.image_path, pixels, options_.settings.height, options_.settings.width);
        core::write_file_atomic(files.sidecar_path,
                                sidecar_json(job, options_.settings, files.image, png));
        finished_.push_back({batch[r], png});
        ++written;
      } catch (const std::exception& e) {
        fail(core::str("writing ", job.id, ": ", e.what()), 1, counts);
      }
    }
    counts.generated += written;
    return written;
  }

  const std::vector<Finished>& finished() const { return finished_; }
  const std::vector<std::string>& failures() const { return failures_; }

 private:
  void fail(std::string message, std::int64_t images, ImageCounts& counts) {
    counts.failed += images;
    if (failures_.size() < kFailuresShown) {
      ZIPP_LOG_ONE(kWarn, "generate: ", message);
      failures_.push_back(std::move(message));
    }
  }

  const std::vector<GenerationJob>& jobs_;
  const GenerateOptions& options_;
  const SampleBatch& sample_;
  std::vector<Finished> finished_;
  std::vector<std::string> failures_;
};

std::vector<std::int64_t> to_ints(const ImageCounts& c) {
  return {c.jobs, c.kept, c.missing, c.stale, c.corrupt, c.generated, c.failed, c.left};
}

ImageCounts from_ints(const std::vector<std::int64_t>& v) {
  return {v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]};
}

std::string encode_indices(const std::vector<std::int64_t>& indices) {
  std::ostringstream out;
  for (const std::int64_t i : indices) out << i << '\n';
  return out.str();
}

// "index crc bytes" per line.
std::string encode_finished(const std::vector<Finished>& finished) {
  std::ostringstream out;
  for (const Finished& f : finished)
    out << f.index << ' ' << f.png.crc32 << ' ' << f.png.bytes << '\n';
  return out.str();
}

std::int64_t write_manifest(const fs::path& output, const std::vector<GenerationJob>& jobs,
                            const std::vector<std::string>& parts) {
  std::vector<std::optional<FileDigest>> digests(jobs.size());
  for (const std::string& part : parts) {
    std::istringstream in(part);
    std::int64_t index = 0;
    FileDigest png;
    while (in >> index >> png.crc32 >> png.bytes) {
      ZIPP_ASSERT(index >= 0 && index < static_cast<std::int64_t>(jobs.size()) &&
                      !digests[static_cast<std::size_t>(index)],
                  "job ", index, " finished twice or out of range");
      digests[static_cast<std::size_t>(index)] = png;
    }
  }
  core::AtomicFile file(manifest_path(output));
  std::int64_t listed = 0;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    if (!digests[i]) continue;
    const GenerationJob& job = jobs[i];
    const JobFiles files = job_files(output, job);
    nlohmann::json line = {{"format_version", kImagesFormatVersion},
                           {"job", job.id},
                           {"user", job.user},
                           {"user_id", job.user_id},
                           {"method", job.method},
                           {"prompt_index", job.prompt_index},
                           {"seed", job.seed},
                           {"image", files.image},
                           {"sidecar", files.sidecar},
                           {"png_bytes", digests[i]->bytes},
                           {"png_crc32", digests[i]->crc32}};
    file.write(line.dump() + "\n");
    ++listed;
  }
  file.commit();
  return listed;
}

// `<name>.tmp.<pid>` (core::temporary_sibling); finished files end in .png, .json or .jsonl.
bool is_temporary(const std::string& name) {
  const auto at = name.rfind(".tmp.");
  return at != std::string::npos && at + 5 < name.size() &&
         name.find_first_not_of("0123456789", at + 5) == std::string::npos;
}

// Removes the temporaries of atomic writes (core/io/atomic_file.h) that a killed run left in
// the output's user directories; returns how many.
std::int64_t remove_temporaries(const fs::path& output) {
  std::vector<fs::path> temporaries;
  for (const auto& entry : fs::recursive_directory_iterator(output)) {
    if (entry.is_regular_file() && is_temporary(entry.path().filename().string())) {
      temporaries.push_back(entry.path());
    }
  }
  for (const fs::path& path : temporaries) fs::remove(path);
  return static_cast<std::int64_t>(temporaries.size());
}

}  // namespace

fs::path manifest_path(const fs::path& output) { return output / "manifest.jsonl"; }

GenerateReport generate_images(const core::comm::Communicator& comm,
                               const std::vector<GenerationJob>& jobs,
                               const GenerateOptions& options, const SampleBatch& sample) {
  const int rank = comm.rank();
  const int ranks = comm.size();
  GenerateReport report;
  ImageCounts& counts = report.rank;
  RankRun run(jobs, options, sample);

  std::vector<std::int64_t> todo;
  std::int64_t removed = 0;
  core::comm::agree_on_setup(
      comm,
      [&] {
        fs::create_directories(options.output);
        if (rank == 0) removed = remove_temporaries(options.output);
        std::vector<std::int64_t> all(jobs.size());
        for (std::size_t i = 0; i < jobs.size(); ++i) all[i] = static_cast<std::int64_t>(i);
        const std::vector<std::int64_t> mine = shard_jobs(jobs, std::move(all), rank, ranks);
        counts.jobs = static_cast<std::int64_t>(mine.size());
        todo = run.check(mine, counts);
      },
      "generate: checking earlier images");
  const ImageCounts before = from_ints(core::comm::allreduce_sum_ints(comm, to_ints(counts)));
  // The images to draw, dealt again over the ranks so every rank draws as many (up to one),
  // however the finished ones of an earlier run fall.
  std::vector<std::int64_t> every_todo;
  for (const std::string& part : core::comm::allgather_strings(comm, encode_indices(todo))) {
    std::istringstream in(part);
    for (std::int64_t i = 0; in >> i;) every_todo.push_back(i);
  }
  todo = shard_jobs(jobs, std::move(every_todo), rank, ranks);
  const std::int64_t to_draw = before.missing + before.stale + before.corrupt;
  if (removed > 0) {
    ZIPP_LOG_INFO("generate: removed ", removed, " temporary files an interrupted run left");
  }
  ZIPP_LOG_INFO("generate: ", before.jobs, " jobs: ", before.kept, " done already, drawing ",
                to_draw, " (missing ", before.missing, ", stale ", before.stale, ", corrupt ",
                before.corrupt, "), ", (to_draw + ranks - 1) / ranks, " at most per rank");

  const auto batch_size = static_cast<std::size_t>(options.batch);
  const auto my_batches = static_cast<std::int64_t>((todo.size() + batch_size - 1) / batch_size);
  const std::int64_t batches = core::comm::allreduce_max_ints(comm, {my_batches})[0];
  core::Progress progress("generate", to_draw, {.unit = "images"});
  const auto start = Clock::now();
  double busy_s = 0;
  std::int64_t drawn_since = 0;  // this rank's images since the last exchange (for progress)
  for (std::int64_t b = 0; b <= batches; ++b) {
    // One exchange per batch: the progress of every rank, and any stop request.
    const auto exchanged =
        core::comm::allgather_ints(comm, {core::comm::stop_signal(), drawn_since});
    drawn_since = 0;
    std::int64_t drawn = 0;
    int signal = 0;
    for (int r = 0; r < ranks; ++r) {
      signal = std::max(signal, static_cast<int>(exchanged[2 * r]));
      drawn += exchanged[2 * r + 1];
    }
    if (rank == 0 && drawn > 0) progress.advance(drawn);
    if (b == batches) break;
    if (signal != 0) {
      report.stop_signal = signal;
      break;
    }
    const auto begin = static_cast<std::size_t>(b) * batch_size;
    if (begin >= todo.size()) continue;
    const auto batch_start = Clock::now();
    const auto end = std::min(todo.size(), begin + batch_size);
    drawn_since = run.run_batch(std::span(todo).subspan(begin, end - begin), counts);
    busy_s += seconds_since(batch_start);
  }
  const double loop_s = seconds_since(start);
  if (report.stop_signal == 0) progress.finish();
  counts.left = static_cast<std::int64_t>(todo.size()) - counts.generated - counts.failed;

  report.total = from_ints(core::comm::allreduce_sum_ints(comm, to_ints(counts)));
  // Throughput: images and busy milliseconds of every rank.
  const auto times =
      core::comm::allgather_ints(comm, {counts.generated, static_cast<std::int64_t>(busy_s * 1e6),
                                        static_cast<std::int64_t>(loop_s * 1e6)});
  for (int r = 0; r < ranks; ++r) {
    report.ranks.push_back({r, times[3 * r], static_cast<double>(times[3 * r + 1]) / 1e6});
    report.seconds = std::max(report.seconds, static_cast<double>(times[3 * r + 2]) / 1e6);
  }
  if (!run.failures().empty()) report.first_failure = run.failures().front();
  std::string failures;
  for (const auto& f : run.failures()) failures += core::str("rank ", rank, ": ", f, "\n");
  for (const std::string& part : core::comm::gather_strings(comm, failures, 0)) {
    std::istringstream in(part);
    for (std::string line; std::getline(in, line) && report.failures.size() < kFailuresShown;) {
      report.failures.push_back(line);
    }
  }

  const auto parts = core::comm::gather_strings(comm, encode_finished(run.finished()), 0);
  std::int64_t listed = 0;
  core::comm::agree_on_setup(
      comm,
      [&] {
        if (rank == 0) listed = write_manifest(options.output, jobs, parts);
      },
      "generate: writing the manifest");
  report.manifest_images = core::comm::broadcast_ints(comm, {listed}, 0)[0];
  return report;
}

}  // namespace zipp::generation
