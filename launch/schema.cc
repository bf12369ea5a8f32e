#include "launch/schema.h"

#include "core/config/core_sections.h"
#include "graph/graph_config.h"

namespace zipp::launch {

core::config::Schema zipp_schema() {
  core::config::Schema schema;
  core::config::add_core_sections(schema);
  schema.add<graph::GraphConfig>();
  return schema;
}

}  // namespace zipp::launch
