// The rank-aware logger. Lines go to stderr as
//   2026-11-23 08:53:07.123 I r0 message
// By default only rank 0 writes (a message every rank would print once per rank is noise); set
// ZIPP_LOG_RANKS=all, or call set_log_all_ranks(true), to hear from every rank. ZIPP_LOG_ONE
// writes from whichever rank calls it: use it for what only this rank sees.
//
// The level comes from --log-level or ZIPP_LOG_LEVEL (trace, debug, info, warn, error, off).
// Library code never prints to stdout; results go to files.
#pragma once

#include <string>
#include <string_view>

#include "core/str.h"

namespace zipp::core {

enum class LogLevel { kTrace = 0, kDebug, kInfo, kWarn, kError, kOff };

// Parses a level name; throws ConfigError listing the valid names otherwise.
LogLevel parse_log_level(std::string_view name);
std::string_view log_level_name(LogLevel level);

void set_log_level(LogLevel level);
LogLevel log_level();
// The rank printed in the prefix and used for the rank-0 filter.
void set_log_rank(int rank);
void set_log_all_ranks(bool all_ranks);
// Reads ZIPP_LOG_LEVEL and ZIPP_LOG_RANKS; a bad value is a ConfigError naming the variable.
void configure_log_from_env();

// True when a message of this level would be written by this rank (any_rank: ignore the filter).
bool log_enabled(LogLevel level, bool any_rank = false);
void log_write(LogLevel level, std::string_view message);

}  // namespace zipp::core

#define ZIPP_LOG_AT(level, any_rank, ...)                             \
  do {                                                                \
    if (::zipp::core::log_enabled(level, any_rank)) {                 \
      ::zipp::core::log_write(level, ::zipp::core::str(__VA_ARGS__)); \
    }                                                                 \
  } while (false)

#define ZIPP_LOG_TRACE(...) ZIPP_LOG_AT(::zipp::core::LogLevel::kTrace, false, __VA_ARGS__)
#define ZIPP_LOG_DEBUG(...) ZIPP_LOG_AT(::zipp::core::LogLevel::kDebug, false, __VA_ARGS__)
#define ZIPP_LOG_INFO(...) ZIPP_LOG_AT(::zipp::core::LogLevel::kInfo, false, __VA_ARGS__)
#define ZIPP_LOG_WARN(...) ZIPP_LOG_AT(::zipp::core::LogLevel::kWarn, false, __VA_ARGS__)
#define ZIPP_LOG_ERROR(...) ZIPP_LOG_AT(::zipp::core::LogLevel::kError, false, __VA_ARGS__)
// From whichever rank calls it, whatever the rank filter says.
#define ZIPP_LOG_ONE(level, ...) ZIPP_LOG_AT(::zipp::core::LogLevel::level, true, __VA_ARGS__)
