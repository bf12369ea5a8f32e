#include "training/model/contrastive_heads.h"

#include <ATen/ops/zeros.h>

namespace zipp::training {

ContrastiveHeadsImpl::ContrastiveHeadsImpl(std::int64_t dim, std::int64_t inner_dim) {
  query_ = register_module("query", MlpHead(dim, inner_dim, dim));
  key_ = register_module("key", MlpHead(dim, inner_dim, dim));
  log_scale_ = register_parameter("log_scale", at::zeros({}));
}

}  // namespace zipp::training
