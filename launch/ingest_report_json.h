// The ingest report of `zipp graph ingest` as JSON (ingest-report.json in the run directory,
// docs/formats.md "Ingest report"): what each source read and dropped, counted by reason and per
// file, and what the assembly kept.
#pragma once

#include <nlohmann/json.hpp>

#include "graph/ingest/assemble.h"
#include "graph/ingest/gml_reader.h"
#include "graph/ingest/pushshift_ingest.h"
#include "graph/ingest/read_report.h"

namespace zipp::launch {

nlohmann::json to_json(const graph::ReadReport& report);
nlohmann::json to_json(const graph::GmlReport& report);
nlohmann::json to_json(const graph::IngestReport& report);
nlohmann::json to_json(const graph::AssembleReport& report);

}  // namespace zipp::launch
