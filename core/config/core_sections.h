// The configuration sections the foundation itself reads: the run directory and seed, the
// collective backend, and tracing. Modules add their own sections the same way (see
// docs/configuration.md); the `zipp` executable lists them all in one explicit schema function.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/config/schema.h"
#include "core/config/section_spec.h"

namespace zipp::core::config {

struct RunConfig {
  static constexpr std::string_view kName = "run";
  std::string dir = "runs/quickstart";
  std::uint64_t seed = 0;

  static void describe(SectionSpec<RunConfig>& spec);
};

struct CommConfig {
  static constexpr std::string_view kName = "comm";
  std::string backend = "auto";
  double bucket_mb = 25.0;

  static void describe(SectionSpec<CommConfig>& spec);
};

struct TraceConfig {
  static constexpr std::string_view kName = "trace";
  bool enabled = false;

  static void describe(SectionSpec<TraceConfig>& spec);
};

// Adds run, comm and trace, in that order.
void add_core_sections(Schema& schema);

}  // namespace zipp::core::config
