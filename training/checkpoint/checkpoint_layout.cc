#include "training/checkpoint/checkpoint_layout.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

#include "core/error.h"
#include "core/str.h"

namespace zipp::training {

std::string rng_file_name(std::int64_t rank) { return core::str("rng-rank", rank, ".pt"); }

std::string checkpoint_name(std::int64_t global_step) {
  char digits[32];
  std::snprintf(digits, sizeof digits, "%09lld", static_cast<long long>(global_step));
  return core::str("step-", digits);
}

std::optional<std::int64_t> parse_checkpoint_name(std::string_view name) {
  constexpr std::string_view kPrefix = "step-";
  if (!name.starts_with(kPrefix)) return std::nullopt;
  const std::string_view digits = name.substr(kPrefix.size());
  // Exactly what checkpoint_name writes: 9 digits, or more without a leading zero.
  if (digits.size() < 9 || digits.size() > 18) return std::nullopt;
  if (digits.size() > 9 && digits.front() == '0') return std::nullopt;
  std::int64_t step = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    step = step * 10 + (c - '0');
  }
  return step;
}

std::string temporary_checkpoint_name(std::int64_t global_step, std::string_view token) {
  return core::str(".", checkpoint_name(global_step), ".tmp-", token);
}

bool is_temporary_checkpoint_name(std::string_view name) {
  if (!name.starts_with(".step-")) return false;
  const std::size_t tmp = name.find(".tmp-");
  return tmp != std::string_view::npos &&
         parse_checkpoint_name(name.substr(1, tmp - 1)).has_value();
}

bool is_complete_checkpoint(const std::filesystem::path& directory) {
  std::error_code error;
  return std::filesystem::is_regular_file(directory / kManifestFile, error);
}

std::string read_checkpoint_file(const std::filesystem::path& checkpoint, std::string_view name) {
  const std::filesystem::path path = checkpoint / name;
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) {
    throw core::InputError(core::str("checkpoint ", core::quoted(checkpoint.string()),
                                     ": cannot read ", name, ": ",
                                     std::strerror(errno != 0 ? errno : ENOENT)));
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) {
    throw core::InputError(
        core::str("checkpoint ", core::quoted(checkpoint.string()), ": cannot read ", name));
  }
  return bytes.str();
}

}  // namespace zipp::training
