#include "core/log.h"

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <mutex>

#include <unistd.h>

#include "core/error.h"

namespace zipp::core {
namespace {

constexpr std::array<std::string_view, 6> kLevelNames = {"trace", "debug", "info",
                                                         "warn",  "error", "off"};
constexpr std::array<char, 6> kLevelLetters = {'T', 'D', 'I', 'W', 'E', '-'};

std::atomic<int> g_level{static_cast<int>(LogLevel::kInfo)};
std::atomic<int> g_rank{0};
std::atomic<bool> g_all_ranks{false};
std::mutex g_write_mutex;

}  // namespace

LogLevel parse_log_level(std::string_view name) {
  for (std::size_t i = 0; i < kLevelNames.size(); ++i) {
    if (kLevelNames[i] == name) return static_cast<LogLevel>(i);
  }
  if (name == "warning") return LogLevel::kWarn;
  throw ConfigError(str("log level ", quoted(name),
                        " is not known; expected one of trace, debug, info, warn, error, off"));
}

std::string_view log_level_name(LogLevel level) { return kLevelNames[static_cast<int>(level)]; }

void set_log_level(LogLevel level) { g_level = static_cast<int>(level); }
LogLevel log_level() { return static_cast<LogLevel>(g_level.load()); }
void set_log_rank(int rank) { g_rank = rank; }
void set_log_all_ranks(bool all_ranks) { g_all_ranks = all_ranks; }

void configure_log_from_env() {
  if (const char* level = std::getenv("ZIPP_LOG_LEVEL"); level != nullptr && *level != '\0') {
    try {
      set_log_level(parse_log_level(level));
    } catch (const ConfigError& e) {
      throw ConfigError(str("environment variable ZIPP_LOG_LEVEL: ", e.what()));
    }
  }
  if (const char* ranks = std::getenv("ZIPP_LOG_RANKS"); ranks != nullptr && *ranks != '\0') {
    const std::string_view value(ranks);
    if (value != "all" && value != "0") {
      throw ConfigError(
          str("environment variable ZIPP_LOG_RANKS: expected 'all' or '0', found ", quoted(value)));
    }
    set_log_all_ranks(value == "all");
  }
}

bool log_enabled(LogLevel level, bool any_rank) {
  if (static_cast<int>(level) < g_level.load() || level == LogLevel::kOff) return false;
  return any_rank || g_all_ranks.load() || g_rank.load() == 0;
}

void log_write(LogLevel level, std::string_view message) {
  using Clock = std::chrono::system_clock;
  const auto now = Clock::now();
  const std::time_t seconds = Clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  localtime_r(&seconds, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm);

  std::string line = str(stamp, '.', millis / 100, (millis / 10) % 10, millis % 10, ' ',
                         kLevelLetters[static_cast<int>(level)], " r", g_rank.load(), ' ', message);
  line += '\n';
  std::lock_guard lock(g_write_mutex);
  // One write per line so lines from different ranks sharing a terminal do not interleave.
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace zipp::core
