#include "graph/ingest/pushshift_ingest.h"

#include <chrono>
#include <ctime>
#include <limits>

#include "core/check.h"
#include "core/comm/communicator.h"
#include "core/comm/control.h"
#include "core/log.h"
#include "core/progress.h"
#include "graph/ingest/author_filter.h"
#include "graph/ingest/byte_buffer.h"
#include "graph/ingest/ingest_plan.h"
#include "graph/ingest/local_aggregate.h"
#include "graph/ingest/pushshift_exchange.h"
#include "graph/ingest/pushshift_record.h"
#include "graph/ingest/pushshift_scan.h"

namespace zipp::graph {
namespace {

using core::comm::Communicator;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// This thread's CPU time: on a shared machine it says what the work cost, whatever the load.
double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

void validate(const PushshiftOptions& options) {
  ZIPP_CHECK_T(core::ConfigError, !options.inputs.empty(), "Pushshift ingest needs input files");
  ZIPP_CHECK_T(core::ConfigError,
               options.max_malformed_fraction >= 0 && options.max_malformed_fraction <= 1,
               "max_malformed_fraction must lie in [0, 1]; found ", options.max_malformed_fraction);
  ZIPP_CHECK_T(core::ConfigError,
               options.min_user_interactions >= 0 && options.min_subreddit_interactions >= 0,
               "the per-user and per-subreddit minimums must be >= 0; found ",
               options.min_user_interactions, " and ", options.min_subreddit_interactions);
  ZIPP_CHECK_T(core::ConfigError, options.max_titles_per_user >= 0,
               "max_titles_per_user must be >= 0; found ", options.max_titles_per_user);
  ZIPP_CHECK_T(core::ConfigError, options.split_bytes > 0, "split_bytes must be > 0");
  ZIPP_CHECK_T(core::ConfigError,
               !options.date_begin || !options.date_end || *options.date_begin < *options.date_end,
               "the date range must have begin < end; found [", options.date_begin.value_or(0),
               ", ", options.date_end.value_or(0), ")");
  ZIPP_CHECK_T(core::ConfigError, options.inputs.size() < std::numeric_limits<std::uint32_t>::max(),
               "too many input files: ", options.inputs.size());
}

// What rank 0 learns before anything is read: file sizes and compressions, and the bot list.
struct Setup {
  std::vector<InputFile> files;
  std::vector<std::string> bots;
};

enum class SetupStatus : std::uint8_t { kOk, kIoError, kInputError, kOtherError };

std::string run_setup(const PushshiftOptions& options) {
  ByteWriter writer;
  try {
    std::vector<InputFile> files;
    for (const std::string& path : options.inputs) {
      CompressedInput input(path);
      files.push_back(InputFile{input.file_size(), input.compression()});
    }
    const std::vector<std::string> bots =
        options.bot_list.empty() ? std::vector<std::string>{} : read_bot_list(options.bot_list);
    writer.put(SetupStatus::kOk);
    writer.put<std::uint64_t>(files.size());
    for (const InputFile& file : files) {
      writer.put<std::uint64_t>(file.size);
      writer.put(file.compression);
    }
    writer.put<std::uint64_t>(bots.size());
    for (const std::string& bot : bots) writer.put_text(bot);
  } catch (const core::IoError& error) {
    writer = ByteWriter();
    writer.put(SetupStatus::kIoError);
    writer.put_text(error.what());
  } catch (const core::InputError& error) {
    writer = ByteWriter();
    writer.put(SetupStatus::kInputError);
    writer.put_text(error.what());
  } catch (const std::exception& error) {
    writer = ByteWriter();
    writer.put(SetupStatus::kOtherError);
    writer.put_text(error.what());
  }
  return std::move(writer.bytes());
}

// Rank 0 opens every file and reads the bot list; every rank gets the result or throws the
// same error, so none is left waiting.
Setup shared_setup(const Communicator& comm, const PushshiftOptions& options) {
  const std::string local = comm.rank() == 0 ? run_setup(options) : std::string();
  const std::string bytes = core::comm::allgather_strings(comm, local)[0];
  ByteReader reader(bytes);
  const auto status = reader.get<SetupStatus>();
  if (status != SetupStatus::kOk) {
    const std::string message(reader.get_text());
    if (status == SetupStatus::kIoError) throw core::IoError(message);
    if (status == SetupStatus::kInputError) throw core::InputError(message);
    throw core::Error(message);
  }
  Setup setup;
  setup.files.resize(reader.get<std::uint64_t>());
  for (InputFile& file : setup.files) {
    file.size = reader.get<std::uint64_t>();
    file.compression = reader.get<Compression>();
  }
  setup.bots.resize(reader.get<std::uint64_t>());
  for (std::string& bot : setup.bots) bot = reader.get_text();
  return setup;
}

// Sums the record counts and per-file tallies of every rank into the report.
void merge_tallies(const Communicator& comm, const RecordTally& tally,
                   const std::vector<FileTally>& files, const PushshiftOptions& options,
                   IngestReport& report) {
  std::vector<std::int64_t> sums = {
      tally.records_read,   tally.kept,        tally.posts,
      tally.comments,       tally.image_posts, tally.image_posts_over_18,
      tally.dropped_author, tally.dropped_bot, tally.dropped_date};
  sums.insert(sums.end(), tally.malformed.begin(), tally.malformed.end());
  // The first malformed record of a file, by offset then reason: the largest negated key.
  std::vector<std::int64_t> first(files.size(), std::numeric_limits<std::int64_t>::min());
  for (std::size_t f = 0; f < files.size(); ++f) {
    sums.push_back(files[f].bytes);
    sums.push_back(files[f].records);
    sums.push_back(files[f].malformed);
    if (files[f].first_malformed_offset >= 0) {
      first[f] = -(files[f].first_malformed_offset * kNumMalformedReasons +
                   files[f].first_malformed_reason);
    }
  }
  sums = core::comm::allreduce_sum_ints(comm, std::move(sums));
  first = core::comm::allreduce_max_ints(comm, std::move(first));
  ByteWriter errors;
  for (std::size_t f = 0; f < files.size(); ++f) {
    if (files[f].error.empty()) continue;
    errors.put<std::uint64_t>(f);
    errors.put_text(files[f].error);
  }
  const std::vector<std::string> all_errors = core::comm::allgather_strings(comm, errors.bytes());

  report.records_read = sums[0];
  report.records_kept = sums[1];
  report.posts = sums[2];
  report.comments = sums[3];
  report.image_posts = sums[4];
  report.image_posts_over_18 = sums[5];
  report.dropped_by_filter = {{"author", sums[6]}, {"bot", sums[7]}, {"date", sums[8]}};
  report.malformed = 0;
  for (int r = 0; r < kNumMalformedReasons; ++r) {
    const std::int64_t count = sums[9 + r];
    report.malformed += count;
    if (count > 0) {
      report.malformed_by_reason[malformed_reason_name(static_cast<MalformedReason>(r))] = count;
    }
  }
  const std::size_t per_file = 9 + kNumMalformedReasons;
  report.files.resize(files.size());
  report.bytes = 0;
  for (std::size_t f = 0; f < files.size(); ++f) {
    FileReport& file = report.files[f];
    file.path = options.inputs[f];
    file.bytes = sums[per_file + 3 * f];
    file.records = sums[per_file + 3 * f + 1];
    file.malformed = sums[per_file + 3 * f + 2];
    report.bytes += file.bytes;
    if (first[f] != std::numeric_limits<std::int64_t>::min()) {
      file.first_malformed_offset = -first[f] / kNumMalformedReasons;
      file.first_malformed_reason =
          malformed_reason_name(static_cast<MalformedReason>(-first[f] % kNumMalformedReasons));
    }
  }
  for (const std::string& bytes : all_errors) {  // in rank order: the lowest rank's error wins
    ByteReader reader(bytes);
    while (!reader.done()) {
      const auto f = reader.get<std::uint64_t>();
      const std::string_view error = reader.get_text();
      if (report.files[f].error.empty()) report.files[f].error = error;
    }
  }
}

// Why the job fails, or "" when it does not: files whose reading stopped early and files with
// more malformed records than the limit.
std::string problems_of(const IngestReport& report, double max_fraction) {
  std::string problems;
  const auto add = [&](const std::string& text) {
    problems += problems.empty() ? "" : "; ";
    problems += text;
  };
  for (const FileReport& file : report.files) {
    if (!file.error.empty()) add(file.error);
    if (file.malformed_fraction() > max_fraction) {
      add(core::str(core::quoted(file.path), ": ", file.malformed, " of ", file.records,
                    " records malformed, more than max_malformed_fraction = ", max_fraction,
                    " allows (first at decompressed byte offset ", file.first_malformed_offset,
                    ": ", file.first_malformed_reason, ")"));
    }
  }
  return problems;
}

}  // namespace

EdgeTable ingest_pushshift(const Communicator& comm, const PushshiftOptions& options,
                           IngestReport* report_out) {
  const auto start = std::chrono::steady_clock::now();
  const double start_cpu = thread_cpu_seconds();
  validate(options);
  const Setup setup = shared_setup(comm, options);
  const std::vector<IngestPiece> pieces =
      plan_ingest(setup.files, comm.size(), options.split_bytes)[comm.rank()];

  LocalAggregate local(options, setup.bots);
  std::vector<FileTally> tallies(options.inputs.size());
  {
    std::uint64_t my_bytes = 0;
    for (const IngestPiece& piece : pieces) my_bytes += piece.bytes;
    core::ProgressOptions progress_options;
    progress_options.unit = "bytes";
    core::Progress progress("ingest (rank 0's share)", static_cast<std::int64_t>(my_bytes),
                            progress_options);
    RecordParser parser;
    for (const IngestPiece& piece : pieces) {
      scan_piece(options.inputs[piece.file], piece, parser, local, tallies[piece.file], progress);
    }
    progress.finish();
  }

  const double scan_seconds = seconds_since(start);
  const double scan_cpu = thread_cpu_seconds() - start_cpu;
  IngestReport report;
  merge_tallies(comm, local.tally(), tallies, options, report);
  AssemblyStats stats;
  EdgeTable table = assemble_edge_table(comm, std::move(local), options, stats);
  ZIPP_LOG_DEBUG("Pushshift ingest on rank 0: reading ", scan_seconds, " s (", scan_cpu,
                 " s CPU), exchange and table ", seconds_since(start) - scan_seconds, " s (",
                 thread_cpu_seconds() - start_cpu - scan_cpu, " s CPU)");
  report.users_before_min = stats.users_before_min;
  report.users_dropped_min = stats.users_dropped_min;
  report.users_kept = stats.users_kept;
  report.subreddits_before_min = stats.subreddits_before_min;
  report.subreddits_dropped_min = stats.subreddits_dropped_min;
  report.subreddits_kept = stats.subreddits_kept;
  report.pairs = stats.pairs;
  report.titles_kept = stats.titles_kept;
  report.seconds = seconds_since(start);
  ZIPP_LOG_INFO(report.summary());
  if (report_out != nullptr) *report_out = report;

  const std::string problems = problems_of(report, options.max_malformed_fraction);
  if (!problems.empty()) {
    throw PushshiftIngestError(
        core::str("Pushshift ingest failed on bad input (every readable record was read and is "
                  "in the report): ",
                  problems),
        std::move(report), std::move(table));
  }
  return table;
}

}  // namespace zipp::graph
