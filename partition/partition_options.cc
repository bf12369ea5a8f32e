#include "partition/partition_options.h"

#include "core/error.h"
#include "core/str.h"

namespace zipp::partition {

std::string_view method_name(Method method) {
  switch (method) {
    case Method::kMetis:
      return "metis";
    case Method::kHash:
      return "hash";
    case Method::kStream:
      return "stream";
  }
  return "?";
}

Method parse_method(std::string_view name) {
  for (const Method m : {Method::kMetis, Method::kHash, Method::kStream}) {
    if (method_name(m) == name) return m;
  }
  throw core::ConfigError(core::str("unknown partition method ", core::quoted(name),
                                    "; expected one of 'metis', 'hash', 'stream'"));
}

}  // namespace zipp::partition
