// The benchmarks' command lines: `--name value` flags and bare arguments read in order. Anything
// unexpected (an unknown flag, a missing or malformed value) prints the reason and the bench's
// usage line and exits with code 2, like the zipp executable's usage errors.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <utility>

namespace zipp::bench {

class Flags {
 public:
  Flags(int argc, char** argv, std::string usage)
      : argc_(argc), argv_(argv), usage_(std::move(usage)) {}

  // Moves to the next argument; false when none is left.
  bool next() {
    if (++index_ >= argc_) return false;
    arg_ = argv_[index_];
    return true;
  }
  const std::string& arg() const { return arg_; }
  bool is(const char* name) const { return arg_ == name; }

  // The current flag's value: the argument after it.
  std::string text() {
    if (index_ + 1 >= argc_) fail(arg_ + " needs a value");
    return argv_[++index_];
  }
  std::int64_t integer() {
    return parse<std::int64_t>(
        "an integer", [](const std::string& s, std::size_t* used) { return std::stoll(s, used); });
  }
  std::uint64_t unsigned_integer() {
    return parse<std::uint64_t>("a non-negative integer",
                                [](const std::string& s, std::size_t* used) {
                                  if (s.starts_with("-")) throw std::invalid_argument(s);
                                  return std::stoull(s, used);
                                });
  }
  double real() {
    return parse<double>(
        "a number", [](const std::string& s, std::size_t* used) { return std::stod(s, used); });
  }

  [[noreturn]] void fail(const std::string& why) const {
    std::fprintf(stderr, "%s\nusage: %s\n", why.c_str(), usage_.c_str());
    std::exit(2);
  }
  [[noreturn]] void unknown() const { fail("unknown argument " + arg_); }

 private:
  // The current flag's value parsed whole by `parse_value`, or a usage error.
  template <typename T, typename Parse>
  T parse(const char* expected, Parse parse_value) {
    const std::string flag = arg_;
    const std::string value = text();
    try {
      std::size_t used = 0;
      const T parsed = static_cast<T>(parse_value(value, &used));
      if (used == value.size()) return parsed;
    } catch (const std::exception&) {
    }
    fail(flag + " expects " + expected + ", got '" + value + "'");
  }

  int argc_;
  char** argv_;
  std::string usage_;
  int index_ = 0;
  std::string arg_;
};

}  // namespace zipp::bench
