#include "tests/graph/ingest/pushshift_dump.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>
#include <zlib.h>
#include <zstd.h>

#include "core/random/rng.h"

namespace zipp::graph::testing {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::int64_t kStartUtc = 1420070400;  // 2015-01-01
constexpr std::int64_t kSpanSeconds = 3 * 365 * 86400;
const std::vector<std::string> kWords = {
    "the",        "cat",    "sat",   "on",     "a",           "mat",       "\"quoted\"",
    "héllo",      "naïve",  "✓",     "日本語", "back\\slash", "tab\there", "new\nline",
    "emoji 🙂", "reddit", "image", "photo",  "of",          "my"};

std::string words(core::Rng& rng, int bytes) {
  std::string out;
  while (static_cast<int>(out.size()) < bytes) {
    if (!out.empty()) out += ' ';
    out += kWords[rng.below(kWords.size())];
  }
  return out;
}

std::string base36(std::uint64_t value) {
  std::string out;
  do {
    out.insert(out.begin(), "0123456789abcdefghijklmnopqrstuvwxyz"[value % 36]);
    value /= 36;
  } while (value > 0);
  return out;
}

std::string author_of(core::Rng& rng, int users) {
  const double u = rng.uniform();
  if (u < 0.05) return "[deleted]";
  if (u < 0.08) return "AutoModerator";
  if (u < 0.10) return kGeneratedBots[rng.below(kGeneratedBots.size())];
  // A skewed choice: some users are far more active than others.
  const double r = rng.uniform();
  return "user_" + std::to_string(static_cast<int>(r * r * users));
}

std::string subreddit_of(core::Rng& rng, int subreddits) {
  const double r = rng.uniform();
  const int s = static_cast<int>(r * r * subreddits);
  return s % 5 == 4 ? "Sub_ü" + std::to_string(s) : "sub" + std::to_string(s);
}

Json created_utc(core::Rng& rng) {
  const std::int64_t t = kStartUtc + static_cast<std::int64_t>(rng.below(kSpanSeconds));
  const double u = rng.uniform();
  if (u < 0.3) return std::to_string(t);
  if (u < 0.4) return static_cast<double>(t) + 0.5;
  if (u < 0.45) return std::to_string(t) + ".0";
  return t;
}

Json comment(core::Rng& rng, const DumpOptions& options, std::uint64_t id) {
  Json record;
  record["all_awardings"] = Json::array();
  record["author"] = author_of(rng, options.users);
  record["author_flair_text"] = nullptr;
  record["body"] = words(rng, static_cast<int>(rng.below(2 * options.body_bytes + 1)));
  record["controversiality"] = 0;
  record["created_utc"] = created_utc(rng);
  record["distinguished"] = nullptr;
  record["edited"] = rng.bernoulli(0.1) ? Json(1420070999) : Json(false);
  record["gilded"] = 0;
  record["id"] = base36(id);
  record["link_id"] = "t3_" + base36(id / 7);
  record["parent_id"] = "t1_" + base36(id / 3);
  record["score"] = static_cast<int>(rng.below(200)) - 20;
  record["subreddit"] = subreddit_of(rng, options.subreddits);
  record["subreddit_id"] = "t5_" + base36(id % 97);
  return record;
}

Json submission(core::Rng& rng, const DumpOptions& options, std::uint64_t id) {
  Json record;
  record["author"] = author_of(rng, options.users);
  record["created_utc"] = created_utc(rng);
  record["id"] = base36(id);
  const double kind = rng.uniform();
  const std::string key = base36(id * 31 + 7);
  std::string url;
  Json post_hint = nullptr;
  bool is_self = false;
  if (kind < 0.2) {
    url = "https://i.redd.it/" + key + ".jpg";
    post_hint = "image";
  } else if (kind < 0.3) {
    url = "http://I.IMGUR.com/" + key;  // an image host, no extension, no hint
  } else if (kind < 0.4) {
    url = "https://example.com/pics/" + key + ".PNG?width=640#top";
  } else if (kind < 0.45) {
    url = "https://example.com/" + key;
    post_hint = "image";
  } else if (kind < 0.6) {
    url = "https://www.youtube.com/watch?v=" + key;
    post_hint = "rich:video";
  } else if (kind < 0.65) {
    url = "https://example.com/not-an-image.jpg.html";
    post_hint = "link";
  } else {
    url = "https://www.reddit.com/r/x/comments/" + key;
    is_self = true;
    post_hint = rng.bernoulli(0.5) ? Json("self") : Json(nullptr);
  }
  record["is_self"] = is_self;
  record["num_comments"] = static_cast<int>(rng.below(50));
  record["over_18"] = rng.bernoulli(0.15);
  if (!post_hint.is_null() || rng.bernoulli(0.5)) record["post_hint"] = post_hint;
  record["preview"] = {{"images", {{{"source", {{"url", url}, {"width", 640}}}}}},
                       {"enabled", true}};
  record["score"] = static_cast<int>(rng.below(1000));
  record["selftext"] = is_self ? words(rng, options.body_bytes) : "";
  record["subreddit"] = subreddit_of(rng, options.subreddits);
  record["title"] = "Title " + base36(id) + ": " + words(rng, 20);
  record["url"] = url;
  return record;
}

// Replaces `record` by a malformed line of kind `fault`; returns its MalformedReason index.
int make_malformed(Json record, int fault, std::string& line) {
  switch (fault % 10) {
    case 0:
      line = record.dump().substr(0, record.dump().size() / 2);
      return 0;
    case 1:
      line = "this is not json";
      return 0;
    case 2:
      record.erase("author");
      break;
    case 3:
      record["author"] = nullptr;
      break;
    case 4:
      record.erase("subreddit");
      break;
    case 5:
      record["created_utc"] = "yesterday";
      break;
    case 6:
      record.erase("created_utc");
      break;
    case 7:
      record["title"] = "t";
      record["over_18"] = "yes";
      break;
    case 8:
      record.erase("body");
      record.erase("link_id");
      record.erase("title");
      break;
    default:
      line = "[1, 2, 3]";
      return 0;
  }
  line = record.dump();
  static constexpr int kReasons[10] = {0, 0, 1, 1, 2, 3, 3, 4, 5, 0};
  return kReasons[fault % 10];
}

}  // namespace

Dump generate_dump(const DumpOptions& options) {
  core::Rng rng(options.seed, {0x9057});
  Dump dump;
  const int total = options.comments + options.submissions;
  int comments_left = options.comments;
  int submissions_left = options.submissions;
  int faults = 0;
  for (int i = 0; i < total; ++i) {
    if (rng.bernoulli(options.blank_line_fraction))
      dump.lines.push_back(rng.bernoulli(0.5) ? "" : "  \t");
    const bool is_comment =
        submissions_left == 0 ||
        (comments_left > 0 &&
         rng.below(static_cast<std::uint64_t>(comments_left + submissions_left)) <
             static_cast<std::uint64_t>(comments_left));
    const auto id = static_cast<std::uint64_t>(i) + 1000;
    Json record = is_comment ? comment(rng, options, id) : submission(rng, options, id);
    (is_comment ? comments_left : submissions_left)--;
    std::string line;
    if (rng.bernoulli(options.malformed_fraction)) {
      ++dump.malformed[make_malformed(std::move(record), faults++, line)];
      dump.malformed_lines.push_back(dump.lines.size());
    } else {
      line = record.dump();
    }
    dump.lines.push_back(std::move(line));
  }
  return dump;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) {
    out += line;
    out += '\n';
  }
  return out;
}

void write_plain(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

void write_gzip(const std::filesystem::path& path, const std::string& text, int members) {
  std::string out;
  for (int m = 0; m < members; ++m) {
    const std::size_t begin = text.size() * m / members;
    const std::size_t end = text.size() * (m + 1) / members;
    z_stream z{};
    if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
      throw std::runtime_error("deflateInit2 failed");
    }
    std::string buffer(deflateBound(&z, end - begin) + 64, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data() + begin));
    z.avail_in = static_cast<uInt>(end - begin);
    z.next_out = reinterpret_cast<Bytef*>(buffer.data());
    z.avail_out = static_cast<uInt>(buffer.size());
    if (deflate(&z, Z_FINISH) != Z_STREAM_END) throw std::runtime_error("deflate failed");
    out.append(buffer.data(), z.total_out);
    deflateEnd(&z);
  }
  write_plain(path, out);
}

void write_zstd(const std::filesystem::path& path, const std::string& text,
                const ZstdOptions& options) {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  const auto check = [&](std::size_t ret) {
    if (ZSTD_isError(ret)) throw std::runtime_error(ZSTD_getErrorName(ret));
  };
  check(ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, options.level));
  if (options.window_log > 0) {
    check(ZSTD_CCtx_setParameter(cctx, ZSTD_c_windowLog, options.window_log));
  }
  if (options.long_distance) {
    check(ZSTD_CCtx_setParameter(cctx, ZSTD_c_enableLongDistanceMatching, 1));
  }
  std::string out;
  std::string buffer(ZSTD_CStreamOutSize(), '\0');
  for (int f = 0; f < options.frames; ++f) {
    const std::size_t begin = text.size() * f / options.frames;
    const std::size_t end = text.size() * (f + 1) / options.frames;
    if (options.pledge_size) check(ZSTD_CCtx_setPledgedSrcSize(cctx, end - begin));
    ZSTD_inBuffer in{text.data() + begin, end - begin, 0};
    if (!options.pledge_size) {
      // Input fed before the end directive leaves the size unknown, as a streaming writer does
      // (a single ZSTD_e_end call would learn it and shrink the window).
      while (in.pos < in.size) {
        ZSTD_outBuffer chunk{buffer.data(), buffer.size(), 0};
        check(ZSTD_compressStream2(cctx, &chunk, &in, ZSTD_e_continue));
        out.append(buffer.data(), chunk.pos);
      }
    }
    std::size_t left = 1;
    while (left != 0) {
      ZSTD_outBuffer chunk{buffer.data(), buffer.size(), 0};
      left = ZSTD_compressStream2(cctx, &chunk, &in, ZSTD_e_end);
      check(left);
      out.append(buffer.data(), chunk.pos);
    }
  }
  ZSTD_freeCCtx(cctx);
  write_plain(path, out);
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace zipp::graph::testing
