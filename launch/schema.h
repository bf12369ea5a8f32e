// The configuration schema of the zipp executable: the sections of every module, listed once in
// pipeline order. Adding a module's section is one line in schema.cc.
#pragma once

#include "core/config/schema.h"

namespace zipp::launch {

core::config::Schema zipp_schema();

}  // namespace zipp::launch
