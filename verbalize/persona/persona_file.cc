#include "verbalize/persona/persona_file.h"

#include <cstdint>
#include <fstream>
#include <string>

#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/str.h"
#include "verbalize/persona/persona_json.h"

namespace zipp::verbalize {

void write_personas(const std::filesystem::path& path, std::span<const Persona> personas) {
  core::AtomicFile file(path);
  for (const Persona& p : personas) {
    file.write(persona_record_json(p));
    file.write("\n");
  }
  file.commit();
}

std::vector<Persona> read_personas(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw core::IoError(core::str("cannot open the personas file ", path.string()));
  std::vector<Persona> out;
  std::string line;
  std::int64_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    out.push_back(parse_persona_record(line, core::str(path.string(), ":", number)));
  }
  if (in.bad()) {
    throw core::IoError(
        core::str("reading the personas file ", path.string(), " failed at line ", number + 1));
  }
  return out;
}

}  // namespace zipp::verbalize
