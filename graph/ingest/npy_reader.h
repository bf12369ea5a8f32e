// Reads a 2-D float matrix from a NumPy .npy file (format versions 1.0, 2.0 and 3.0): the header
// dict's 'descr' must be little-endian float32 ('<f4') or float64 ('<f8'), 'fortran_order'
// False and 'shape' two-dimensional. Anything else is an InputError that says what was found and
// how to convert it (np.ascontiguousarray(a, dtype='<f4')). float64 values are narrowed to
// float32 as they are read, in blocks, so the file is never held twice.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace zipp::graph {

struct NpyMatrix {
  std::int64_t rows = 0;
  std::int64_t cols = 0;
  std::string descr;          // as stored: "<f4" or "<f8"
  std::vector<float> values;  // [rows * cols], row-major
};

// IoError for a missing file; InputError for a file that is not a .npy matrix of floats.
NpyMatrix read_npy_matrix(const std::string& path);

}  // namespace zipp::graph
