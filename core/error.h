// Typed exceptions for "zipp cannot do this job", one type per kind of cause, so callers can
// react to a class of failure (a bad config, bad input data, a failed MPI call) and users read a
// message that names the file, record or key, what was expected and what was found.
//
// Bugs in zipp itself are InternalError, raised by ZIPP_ASSERT (core/check.h).
#pragma once

#include <stdexcept>
#include <string>

namespace zipp::core {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A configuration file, override or command-line option is wrong.
class ConfigError : public Error {
 public:
  using Error::Error;
};

// An input file's contents are wrong: malformed records, inconsistent shapes, out-of-range ids.
class InputError : public Error {
 public:
  using Error::Error;
};

// The filesystem refused: a missing file, a failed write, fsync or rename.
class IoError : public Error {
 public:
  using Error::Error;
};

// An MPI call returned an error code; the message names the operation.
class MpiError : public Error {
 public:
  MpiError(std::string op, int code, const std::string& detail);
  const std::string& op() const { return op_; }
  int code() const { return code_; }

 private:
  std::string op_;
  int code_;
};

// An HDF5 call failed; the message names the operation, the file and object, and the library's
// own error stack.
class Hdf5Error : public Error {
 public:
  using Error::Error;
};

// The kind of cause behind an error, kept when ranks agree on it so the job's exit code still
// says whether the configuration, the input data or something else was at fault.
enum class ErrorCause { kFailure, kConfig, kInput };

// kConfig for ConfigError, kInput for InputError, the agreed cause for CollectiveError, kFailure
// for anything else.
ErrorCause cause_of(const std::exception& error);

// An error that one or more ranks raised and all ranks agreed on (core/comm/agree.h). Every rank
// throws it with the same message, so it is reported once.
class CollectiveError : public Error {
 public:
  explicit CollectiveError(const std::string& message, ErrorCause cause = ErrorCause::kFailure)
      : Error(message), cause_(cause) {}
  ErrorCause cause() const { return cause_; }

 private:
  ErrorCause cause_;
};

// A zipp bug: an internal invariant does not hold.
class InternalError : public Error {
 public:
  using Error::Error;
};

}  // namespace zipp::core
