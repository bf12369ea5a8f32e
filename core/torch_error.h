// LibTorch exceptions in zipp's error messages: c10::Error's what() carries a C++ backtrace that
// users should not see; the first line of the message without it is the reason.
#pragma once

#include <exception>
#include <string>

namespace zipp::core {

// The first line of `error`'s message, without c10's backtrace when it is a c10::Error.
std::string torch_error_reason(const std::exception& error);

}  // namespace zipp::core
