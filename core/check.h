// Check macros in the style of PyTorch's TORCH_CHECK: the message says what was expected and what
// was found, with the values.
//
//   ZIPP_CHECK(cond, "context ", value)           throws core::Error when cond is false
//   ZIPP_CHECK_T(InputError, cond, ...)           the same, with a chosen core::Error subtype
//   ZIPP_CHECK_EQ(a, b, ...) (NE, LT, LE, GT, GE) compare two values and print both on failure
//   ZIPP_ASSERT(cond, ...)                        a zipp bug: throws InternalError (kept in
//   Release)
#pragma once

#include <string>

#include "core/error.h"
#include "core/str.h"

namespace zipp::core::detail {

// Builds "<what>: expected <expected>, found <found> (file:line)" and throws E.
template <typename E>
[[noreturn]] void check_failed(const char* file, int line, const std::string& expected,
                               const std::string& found, const std::string& what) {
  std::string message = what.empty() ? std::string("check failed") : what;
  message += ": expected " + expected;
  if (!found.empty()) message += ", found " + found;
  message += str(" (", file, ":", line, ")");
  throw E(message);
}

// "expected a == b (b = 5), found a = 3": b's value is shown only when it is not its own text.
template <typename E, typename A, typename B>
[[noreturn]] void check_op_failed(const char* file, int line, const char* op, const char* a_text,
                                  const char* b_text, const A& a, const B& b,
                                  const std::string& what) {
  std::string expected = str(a_text, " ", op, " ", b_text);
  const std::string b_value = str(b);
  if (b_value != b_text) expected += str(" (", b_text, " = ", b_value, ")");
  check_failed<E>(file, line, expected, str(a_text, " = ", a), what);
}

}  // namespace zipp::core::detail

#define ZIPP_CHECK_T(ErrorType, cond, ...)                                           \
  do {                                                                               \
    if (!(cond)) [[unlikely]] {                                                      \
      ::zipp::core::detail::check_failed<ErrorType>(__FILE__, __LINE__, #cond, "",   \
                                                    ::zipp::core::str(__VA_ARGS__)); \
    }                                                                                \
  } while (false)

#define ZIPP_CHECK(cond, ...) ZIPP_CHECK_T(::zipp::core::Error, cond, __VA_ARGS__)
#define ZIPP_ASSERT(cond, ...) ZIPP_CHECK_T(::zipp::core::InternalError, cond, __VA_ARGS__)

#define ZIPP_CHECK_OP_T(ErrorType, op, a, b, ...)                                       \
  do {                                                                                  \
    const auto& zipp_check_a_ = (a);                                                    \
    const auto& zipp_check_b_ = (b);                                                    \
    if (!(zipp_check_a_ op zipp_check_b_)) [[unlikely]] {                               \
      ::zipp::core::detail::check_op_failed<ErrorType>(__FILE__, __LINE__, #op, #a, #b, \
                                                       zipp_check_a_, zipp_check_b_,    \
                                                       ::zipp::core::str(__VA_ARGS__)); \
    }                                                                                   \
  } while (false)

#define ZIPP_CHECK_EQ(a, b, ...) ZIPP_CHECK_OP_T(::zipp::core::Error, ==, a, b, __VA_ARGS__)
#define ZIPP_CHECK_NE(a, b, ...) ZIPP_CHECK_OP_T(::zipp::core::Error, !=, a, b, __VA_ARGS__)
#define ZIPP_CHECK_LT(a, b, ...) ZIPP_CHECK_OP_T(::zipp::core::Error, <, a, b, __VA_ARGS__)
#define ZIPP_CHECK_LE(a, b, ...) ZIPP_CHECK_OP_T(::zipp::core::Error, <=, a, b, __VA_ARGS__)
#define ZIPP_CHECK_GT(a, b, ...) ZIPP_CHECK_OP_T(::zipp::core::Error, >, a, b, __VA_ARGS__)
#define ZIPP_CHECK_GE(a, b, ...) ZIPP_CHECK_OP_T(::zipp::core::Error, >=, a, b, __VA_ARGS__)
