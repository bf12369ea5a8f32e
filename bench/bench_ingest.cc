// bench_ingest: Pushshift ingest throughput per core on a generated dump of realistic records
// (comments of 500-1000 bytes with body text and the usual ~30 fields, 10% submissions with
// preview objects), written once to DIR and reused.
//
//   bench_ingest [MEGABYTES=1024] [DIR=/tmp/zipp_bench_ingest] [ZST_MEGABYTES=256]
//
// Stages, each on one rank (one core), page cache warm:
//   stage=read    CompressedInput line splitting of the plain file
//   stage=parse   the same plus RecordParser on every line
//   stage=ingest  ingest_pushshift: parsing, filters, aggregation, exchange, table (the target
//                 figure: at least 250 MB/s per core of uncompressed NDJSON)
//   stage=zst_read / zst_ingest   the same on a .zst copy of the first ZST_MEGABYTES
// prints
//   bench=ingest stage=... mb=... records=... ranks=... wall_seconds=... cpu_seconds=...
//       mb_per_s_per_core=... wall_mb_per_s=...
// where mb counts decompressed bytes (10^6) and mb_per_s_per_core divides them by the CPU
// seconds (user + system) of all ranks, so a loaded, shared machine does not dilute it.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <zstd.h>

#include "core/comm/communicator.h"
#include "core/comm/control.h"
#include "core/comm/environment.h"
#include "core/log.h"
#include "core/random/hash.h"
#include "core/random/rng.h"
#include "graph/ingest/compressed_input.h"
#include "graph/ingest/pushshift_ingest.h"
#include "graph/ingest/pushshift_record.h"

namespace {

namespace fs = std::filesystem;
using zipp::core::Rng;

const char* const kWords[] = {"the",  "I",     "think", "that",   "is",     "a",      "really",
                              "good", "point", "but",   "you",    "should", "know",   "what",
                              "they", "said",  "about", "this",   "game",   "season", "people",
                              "just", "like",  "it's",  "don't",  "never",  "always", "thanks",
                              "lol",  "edit:", "\\\"",  "\\n\\n", "café",   "😂",      "http"};

void append_words(Rng& rng, std::string& out, std::size_t bytes) {
  const std::size_t start = out.size();
  while (out.size() - start < bytes) {
    if (out.size() > start) out += ' ';
    out += kWords[rng.below(sizeof kWords / sizeof kWords[0])];
  }
}

std::string id36(std::uint64_t value) {
  std::string out;
  do {
    out.insert(out.begin(), "0123456789abcdefghijklmnopqrstuvwxyz"[value % 36]);
    value /= 36;
  } while (value > 0);
  return out;
}

// One record in the field order and shape of the 2019+ dumps.
void append_record(Rng& rng, std::uint64_t n, std::uint64_t users, std::string& out) {
  const double u = rng.uniform();
  const std::uint64_t user = static_cast<std::uint64_t>(u * u * u * static_cast<double>(users));
  // Users return to a few favourite subreddits (as in the real dumps, where a user's records
  // spread over far fewer pairs than records); now and then they go anywhere.
  const double s = rng.uniform();
  const std::uint64_t anywhere = static_cast<std::uint64_t>(s * s * s * 20000);
  const std::uint64_t favourite = static_cast<std::uint64_t>(
      std::pow(zipp::core::mix64(zipp::core::hash_keys({user, rng.below(5)})) * 0x1.0p-64, 3) *
      20000);
  const std::uint64_t subreddit = rng.bernoulli(0.8) ? favourite : anywhere;
  const std::string author = rng.bernoulli(0.04) ? "[deleted]" : "user_" + id36(user * 7919);
  const std::string sub = "sub" + id36(subreddit * 104729);
  const std::string created = std::to_string(1420070400 + rng.below(220000000));
  const std::string id = id36(n + 100000000);
  if (rng.bernoulli(0.1)) {
    out +=
        "{\"all_awardings\":[],\"allow_live_comments\":false,\"author\":\"" + author +
        "\",\"author_flair_css_class\":null,\"author_flair_text\":null,\"author_fullname\":\"t2_" +
        id + "\",\"created_utc\":" + created +
        ",\"domain\":\"i.redd.it\",\"full_link\":"
        "\"https://www.reddit.com/r/" +
        sub + "/comments/" + id + "/\",\"gilded\":0,\"id\":\"" + id +
        "\",\"is_self\":false,\"num_comments\":" + std::to_string(rng.below(500)) +
        ",\"over_18\":" + (rng.bernoulli(0.1) ? "true" : "false") +
        ",\"post_hint\":\"image\",\"preview\":{\"enabled\":true,\"images\":[{\"id\":\"" + id +
        "\",\"resolutions\":[{\"height\":108,\"url\":\"https://preview.redd.it/" + id +
        ".jpg?width=108\",\"width\":108}],\"source\":{\"height\":1080,\"url\":"
        "\"https://preview.redd.it/" +
        id + ".jpg\",\"width\":1080}}]},\"score\":" + std::to_string(rng.below(5000)) +
        ",\"selftext\":\"\",\"subreddit\":\"" + sub + "\",\"subreddit_id\":\"t5_" +
        id36(subreddit) +
        "\",\"thumbnail\":\"https://b.thumbs."
        "redditmedia.com/" +
        id + ".jpg\",\"title\":\"";
    append_words(rng, out, 20 + rng.below(80));
    out += "\",\"url\":\"https://i.redd.it/" + id + ".jpg\"}\n";
    return;
  }
  out += "{\"all_awardings\":[],\"associated_award\":null,\"author\":\"" + author +
         "\",\"author_flair_background_color\":null,\"author_flair_css_class\":null,"
         "\"author_flair_richtext\":[],\"author_flair_template_id\":null,\"author_flair_text\":"
         "null,\"author_flair_text_color\":null,\"author_flair_type\":\"text\",\"author_fullname\":"
         "\"t2_" +
         id + "\",\"author_patreon_flair\":false,\"body\":\"";
  append_words(rng, out, 50 + rng.below(300));
  out +=
      "\",\"can_gild\":true,\"collapsed\":false,\"controversiality\":0,\"created_utc\":" + created +
      ",\"distinguished\":null,\"edited\":false,\"gilded\":0,\"gildings\":{},"
      "\"id\":\"" +
      id + "\",\"is_submitter\":false,\"link_id\":\"t3_" + id36(n / 50) +
      "\",\"locked\":false,\"no_follow\":true,\"parent_id\":\"t1_" + id36(n / 3) +
      "\",\"permalink\":\"/r/" + sub + "/comments/" + id36(n / 50) + "/_/" + id +
      "/\",\"retrieved_on\":1570000000,\"score\":" + std::to_string(rng.below(100)) +
      ",\"send_replies\":true,\"stickied\":false,\"subreddit\":\"" + sub +
      "\",\"subreddit_id\":\"t5_" + id36(subreddit) + "\",\"subreddit_name_prefixed\":\"r/" + sub +
      "\",\"subreddit_type\":\"public\",\"total_awards_received\":0}\n";
}

void generate(const fs::path& path, std::uint64_t bytes) {
  Rng rng(20260601);
  std::ofstream out(path, std::ios::binary);
  std::string chunk;
  std::uint64_t written = 0;
  const std::uint64_t users = std::max<std::uint64_t>(1000, bytes / 20000);
  for (std::uint64_t n = 0; written < bytes; ++n) {
    append_record(rng, n, users, chunk);
    if (chunk.size() > (1 << 22)) {
      out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      written += chunk.size();
      chunk.clear();
    }
  }
  out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
}

// The first `bytes` of `plain` (whole lines), as a long-window zstd file.
void compress_prefix(const fs::path& plain, const fs::path& zst, std::uint64_t bytes) {
  zipp::graph::CompressedInput input(plain.string(), zipp::graph::ByteRange{0, bytes});
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, 3);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_windowLog, 27);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_enableLongDistanceMatching, 1);
  std::ofstream out(zst, std::ios::binary);
  std::vector<char> in_buffer(1 << 20);
  std::vector<char> out_buffer(ZSTD_CStreamOutSize());
  for (;;) {
    const std::size_t got = input.read(in_buffer);
    ZSTD_inBuffer in{in_buffer.data(), got, 0};
    const ZSTD_EndDirective mode = got == 0 ? ZSTD_e_end : ZSTD_e_continue;
    std::size_t left = 1;
    while (in.pos < in.size || (mode == ZSTD_e_end && left != 0)) {
      ZSTD_outBuffer chunk{out_buffer.data(), out_buffer.size(), 0};
      left = ZSTD_compressStream2(cctx, &chunk, &in, mode);
      if (ZSTD_isError(left)) throw std::runtime_error(ZSTD_getErrorName(left));
      out.write(out_buffer.data(), static_cast<std::streamsize>(chunk.pos));
    }
    if (got == 0) break;
  }
  ZSTD_freeCCtx(cctx);
}

double since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// CPU seconds (user + system) this process has used: on a shared machine the per-core rate is
// bytes per CPU second, which other processes' load does not dilute as it does wall time.
double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec * 1e-6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

struct Clock {
  std::chrono::steady_clock::time_point wall = std::chrono::steady_clock::now();
  double cpu = cpu_seconds();
};

// mb_per_s_per_core: decompressed MB per CPU second summed over ranks; wall_mb_per_s: per wall
// second over all ranks.
void print(const char* stage, double bytes, std::int64_t records, const Clock& start,
           double cpu_seconds_all_ranks, int ranks) {
  const double wall = since(start.wall);
  std::printf(
      "bench=ingest stage=%s mb=%.1f records=%lld ranks=%d wall_seconds=%.3f cpu_seconds=%.3f "
      "mb_per_s_per_core=%.1f wall_mb_per_s=%.1f\n",
      stage, bytes / 1e6, static_cast<long long>(records), ranks, wall, cpu_seconds_all_ranks,
      bytes / 1e6 / cpu_seconds_all_ranks, bytes / 1e6 / wall);
  std::fflush(stdout);
}

// Line splitting alone, or with parsing: bytes and records.
void scan(const fs::path& path, bool parse, const char* stage) {
  const Clock start;
  zipp::graph::CompressedInput input(path.string());
  zipp::graph::RecordParser parser;
  zipp::graph::PushshiftRecord record;
  std::string_view line;
  std::int64_t records = 0;
  std::int64_t malformed = 0;
  while (input.next_line(line)) {
    ++records;
    if (parse && parser.parse(line, record).has_value()) ++malformed;
  }
  print(stage, static_cast<double>(input.uncompressed_offset()), records, start,
        cpu_seconds() - start.cpu, 1);
  if (malformed > 0)
    std::fprintf(stderr, "unexpected: %lld malformed records\n", static_cast<long long>(malformed));
}

void ingest(const zipp::core::comm::Communicator& world, const fs::path& path, const char* stage) {
  zipp::graph::PushshiftOptions options;
  options.inputs = {path.string()};
  options.min_user_interactions = 2;
  options.min_subreddit_interactions = 2;
  world.barrier();
  const Clock start;
  zipp::graph::IngestReport report;
  const zipp::graph::EdgeTable table = zipp::graph::ingest_pushshift(world, options, &report);
  const std::int64_t my_cpu_us = static_cast<std::int64_t>((cpu_seconds() - start.cpu) * 1e6);
  const double cpu =
      1e-6 * static_cast<double>(zipp::core::comm::allreduce_sum_ints(world, {my_cpu_us})[0]);
  if (world.rank() == 0) {
    print(stage, static_cast<double>(report.bytes), report.records_read, start, cpu, world.size());
    std::printf("bench=ingest stage=%s_table users=%lld subreddits=%lld pairs=%lld titles=%lld\n",
                stage, static_cast<long long>(table.users.size()),
                static_cast<long long>(table.subreddits.size()),
                static_cast<long long>(table.interactions.size()),
                static_cast<long long>(report.titles_kept));
  }
}

}  // namespace

int main(int argc, char** argv) {
  zipp::core::comm::Environment environment(argc, argv);
  const auto world = zipp::core::comm::Communicator::world();
  zipp::core::set_log_rank(world.rank());
  zipp::core::configure_log_from_env();
  try {
    const std::uint64_t megabytes = argc > 1 ? std::stoull(argv[1]) : 1024;
    const fs::path dir = argc > 2 ? fs::path(argv[2]) : fs::path("/tmp/zipp_bench_ingest");
    const std::uint64_t zst_megabytes = argc > 3 ? std::stoull(argv[3]) : 256;
    const fs::path plain = dir / ("RC_bench_" + std::to_string(megabytes) + "mb.ndjson");
    const fs::path zst = dir / ("RC_bench_" + std::to_string(zst_megabytes) + "mb.zst");
    if (world.rank() == 0) {
      fs::create_directories(dir);
      if (!fs::exists(plain)) {
        const Clock start;
        generate(plain, megabytes * 1000000);
        std::fprintf(stderr, "generated %s in %.1f s\n", plain.c_str(), since(start.wall));
      }
      if (zst_megabytes > 0 && !fs::exists(zst))
        compress_prefix(plain, zst, zst_megabytes * 1000000);
      scan(plain, false, "read");
      scan(plain, true, "parse");
      if (zst_megabytes > 0) scan(zst, false, "zst_read");
    }
    world.barrier();
    ingest(world, plain, "ingest");
    if (zst_megabytes > 0) ingest(world, zst, "zst_ingest");
  } catch (const std::exception& error) {
    std::fprintf(stderr, "bench_ingest: %s\n", error.what());
    return 1;
  }
  return 0;
}
