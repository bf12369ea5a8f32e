// LibTorch's warnings through zipp's log instead of glog's raw stderr lines ("WARNING: Logging
// before InitGoogleLogging()..."): each becomes a rank-tagged WARN line, except LibTorch's notices
// that an operator is "in beta", which zipp uses knowingly (scatter_reduce in the segment
// softmax) and which go to DEBUG. LibTorch keeps the handler per thread: call this on each thread
// that runs operators whose warnings should be routed (the main thread does the training step).
#pragma once

namespace zipp::core {

void route_torch_warnings_to_log();

}  // namespace zipp::core
