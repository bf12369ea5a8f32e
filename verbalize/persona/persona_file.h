// personas.jsonl (docs/formats.md "Personas"): one persona record per line, in user order,
// written atomically (core/io/atomic_file.h) so a reader never sees half a file.
#pragma once

#include <filesystem>
#include <span>
#include <vector>

#include "verbalize/persona/persona.h"

namespace zipp::verbalize {

void write_personas(const std::filesystem::path& path, std::span<const Persona> personas);

// Every record; InputError naming the file, line and user for a bad record, IoError when the file
// cannot be read. Blank lines are skipped.
std::vector<Persona> read_personas(const std::filesystem::path& path);

}  // namespace zipp::verbalize
