#include "launch/slurm/sbatch_script.h"

#include <any>
#include <vector>

#include "core/check.h"
#include "core/config/section_spec.h"
#include "core/error.h"
#include "core/str.h"
#include "core/text/shell_quote.h"
#include "launch/slurm/sbatch_template.h"

namespace zipp::launch {
namespace {

namespace fs = std::filesystem;
using core::text::shell_quote;

void check_path(const fs::path& path, std::string_view what) {
  const std::string text = path.string();
  if (!is_single_line(text)) {
    throw core::ConfigError(
        core::str(what, ": expected a path without newline or NUL, found ", core::quoted(text)));
  }
  if (!path.is_absolute()) {
    throw core::ConfigError(
        core::str(what, ": expected an absolute path, found ", core::quoted(text)));
  }
}

std::string sbatch_lines(const SbatchInputs& in) {
  const SlurmConfig& s = in.slurm;
  std::string out;
  const auto line = [&out](std::string_view option, const std::string& value) {
    out += core::str("#SBATCH --", option, value.empty() ? "" : "=", value, '\n');
  };
  line("job-name", s.job_name);
  line("nodes", std::to_string(s.nodes));
  line("ntasks-per-node", std::to_string(s.tasks_per_node));
  line("cpus-per-task", std::to_string(s.cpus_per_task));
  if (s.gpus_per_task > 0) line("gpus-per-task", std::to_string(s.gpus_per_task));
  line("time", s.time);
  if (!s.partition.empty()) line("partition", s.partition);
  if (!s.account.empty()) line("account", s.account);
  line("chdir", sbatch_quote(in.work_dir.string()));
  line("output", sbatch_quote(in.output.string()));
  line("open-mode", "append");  // a requeued job appends to the same log
  if (s.signal_seconds > 0) line("signal", core::str("B:USR1@", s.signal_seconds));
  line(s.requeue ? "requeue" : "no-requeue", "");
  return out;
}

std::string setup_lines(const SlurmConfig& s) {
  std::string out;
  for (const std::string& name : s.modules) {
    const std::string quoted = shell_quote(name);
    out += core::str("module load ", quoted, " || { echo \"zipp-slurm: module load \"", quoted,
                     "\" failed\" >&2; exit 1; }\n");
  }
  for (const std::string& entry : s.extra_env) {
    const std::size_t equals = entry.find('=');
    out += core::str("export ", entry.substr(0, equals), '=', shell_quote(entry.substr(equals + 1)),
                     '\n');
  }
  return out;
}

std::string step_words(const SbatchInputs& in) {
  const SlurmConfig& s = in.slurm;
  // `zipp pipeline` is one process that starts each stage's ranks itself (srun inside the
  // allocation): it runs in the batch shell, with as many ranks as the job has tasks.
  const bool pipeline = s.stage == "pipeline";
  std::vector<std::string> words;
  if (pipeline) {
  } else if (s.launcher == "srun") {
    words = {"srun", "--mpi=" + s.mpi, "--kill-on-bad-exit=1",
             core::str("--cpus-per-task=", s.cpus_per_task)};
  } else {
    words = {"mpirun", "-n"};
  }
  std::string out = core::text::shell_join(words);
  if (!pipeline && s.launcher == "mpirun") out += " \"$SLURM_NTASKS\"";
  if (!out.empty()) out += ' ';
  out += shell_quote(in.zipp_executable.string());
  std::size_t start = 0;  // a stage of several words ("graph synth") is several arguments
  while (start <= s.stage.size()) {
    const std::size_t space = s.stage.find(' ', start);
    const std::string word =
        s.stage.substr(start, space == std::string::npos ? std::string::npos : space - start);
    if (!word.empty()) out += ' ' + shell_quote(word);
    if (space == std::string::npos) break;
    start = space + 1;
  }
  out += " --config " + shell_quote(in.config_file.string());
  if (pipeline) {
    out += core::str(" pipeline.ranks=", s.nodes * s.tasks_per_node,
                     " pipeline.launcher=", s.launcher == "srun" ? "srun" : "mpiexec");
  }
  return out;
}

void replace_all(std::string& text, std::string_view name, const std::string& value) {
  const std::string token = core::str("{{", name, "}}");
  std::size_t at = text.find(token);
  ZIPP_ASSERT(at != std::string::npos, "the sbatch template has no ", token);
  while (at != std::string::npos) {
    text.replace(at, token.size(), value);
    at = text.find(token, at + value.size());
  }
}

}  // namespace

std::string sbatch_quote(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '\\' || c == '"') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

void check_slurm_config(const SlurmConfig& slurm) {
  core::config::SectionSpec<SlurmConfig> spec;
  SlurmConfig::describe(spec);
  const core::config::SectionSchema section = std::move(spec).release();
  const std::any value = slurm;
  for (const auto& field : section.fields) {
    for (const auto& check : field.checks) {
      const std::string problem = check(value);
      if (!problem.empty())
        throw core::ConfigError(core::str("key 'slurm.", field.key, "': ", problem));
    }
  }
  for (const auto& rule : section.rules) {
    const std::string problem = rule(value);
    if (!problem.empty()) throw core::ConfigError(core::str("section 'slurm': ", problem));
  }
}

std::string render_sbatch_script(const SbatchInputs& inputs) {
  check_slurm_config(inputs.slurm);
  check_path(inputs.script, "the sbatch script path");
  check_path(inputs.zipp_executable, "the zipp executable path");
  check_path(inputs.config_file, "the resolved configuration path");
  check_path(inputs.work_dir, "the job's working directory");
  check_path(inputs.output, "key 'slurm.output' (default <run.dir>/slurm-%j.out)");

  std::string script(kSbatchTemplate);
  replace_all(script, "SCRIPT", shell_quote(inputs.script.string()));
  replace_all(script, "CONFIG", inputs.config_file.string());
  replace_all(script, "SBATCH_LINES", sbatch_lines(inputs));
  replace_all(script, "SETUP", setup_lines(inputs.slurm));
  replace_all(script, "STEP", step_words(inputs));
  replace_all(script, "REQUEUE", inputs.slurm.requeue ? "1" : "0");
  return script;
}

}  // namespace zipp::launch
