#include "training/sampler/mini_batch.h"

#include <algorithm>

namespace zipp::training {

std::int64_t MiniBatch::num_aligned() const {
  return static_cast<std::int64_t>(std::count(has_alignment.begin(), has_alignment.end(), 1));
}

}  // namespace zipp::training
