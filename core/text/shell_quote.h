// Quoting for POSIX shells: a command line recorded in a run directory can be pasted back into a
// shell, and values written into generated scripts cannot inject commands.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace zipp::core::text {

// 'value' with every embedded single quote written as '\''; plain words (letters, digits and
// @%+=:,./_-) are returned as they are.
std::string shell_quote(std::string_view value);

// The arguments quoted and joined with spaces.
std::string shell_join(std::span<const std::string> args);

}  // namespace zipp::core::text
