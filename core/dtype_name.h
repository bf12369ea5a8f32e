// The name zipp uses for a tensor dtype in messages and file formats: numpy's names (float32,
// float16, bfloat16, int64, uint8, bool, ...), LibTorch's own name for anything else.
#pragma once

#include <string>

#include <c10/core/ScalarType.h>

namespace zipp::core {

std::string dtype_name(c10::ScalarType dtype);

}  // namespace zipp::core
