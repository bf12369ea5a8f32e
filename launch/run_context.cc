#include "launch/run_context.h"

#include <algorithm>

#include "core/comm/agree.h"
#include "core/comm/control.h"
#include "core/comm/launcher_env.h"
#include "core/config/core_sections.h"
#include "core/config/load.h"
#include "core/log.h"
#include "core/run_record.h"
#include "core/str.h"
#include "core/trace/tracer.h"
#include "launch/schema.h"

namespace zipp::launch {

ParsedCommandLine parse_collective_command_line(const Invocation& invocation,
                                                std::string_view command,
                                                const core::comm::Communicator& comm) {
  const po::options_description own("Options");
  ParsedCommandLine parsed;
  core::comm::agree_on_setup(comm, [&] {
    parsed = parse_command_line(invocation, command, "[--config FILE] [key=value ...]", own,
                                AcceptsConfig::kYes);
    reject_positional(parsed, command);
  });
  return parsed;
}

RunContext open_run(const ParsedCommandLine& parsed, const Invocation& invocation,
                    const core::comm::Communicator& comm) {
  RunContext context;
  const auto schema = zipp_schema();
  core::comm::agree_on_setup(comm, [&] {
    context.config =
        core::config::load_config(schema, parsed.common.config, parsed.common.overrides);
  });
  context.run_dir = context.config.get<core::config::RunConfig>().dir;
  if (context.config.get<core::config::TraceConfig>().enabled) {
    auto& tracer = core::trace::Tracer::instance();
    tracer.enable(comm.rank());
    tracer.set_thread_name("main");
  }
  context.topology = core::comm::discover_topology(comm);
  context.hosts = core::comm::allgather_strings(comm, context.topology.host);
  core::comm::log_launcher_mismatches(core::comm::read_launcher_env(), context.topology);

  core::comm::agree_on_setup(comm, [&] {
    if (comm.rank() != 0) return;
    ZIPP_TRACE_SCOPE("write_run_record", kIo);
    core::RunRecord record;
    record.command_line = invocation.command_line;
    record.resolved_config_yaml = context.config.to_yaml();
    record.world_size = comm.size();
    for (const auto& host : context.hosts) {
      if (std::find(record.hosts.begin(), record.hosts.end(), host) == record.hosts.end()) {
        record.hosts.push_back(host);
      }
    }
    record.slurm_job_id = core::comm::read_launcher_env().slurm_job_id;
    core::write_run_record(context.run_dir, record);
    ZIPP_LOG_INFO("run directory ", context.run_dir.string(), " (", comm.size(), " ranks on ",
                  record.hosts.size(), record.hosts.size() == 1 ? " host)" : " hosts)");
  });

  return context;
}

void close_run(const RunContext& context) {
  if (!core::trace::tracing_enabled()) return;
  const auto& tracer = core::trace::Tracer::instance();
  tracer.write(context.run_dir / core::str("trace-rank", tracer.rank(), ".json"));
}

}  // namespace zipp::launch
