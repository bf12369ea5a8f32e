#include "training/trainer/step_meter.h"

namespace zipp::training {

void StepMeter::add(const StepStats& stats, double sample_seconds, double gather_seconds) {
  ++steps_;
  loss_ += stats.loss;
  link_loss_ += stats.link_loss;
  align_loss_ += stats.align_loss;
  grad_norm_ += stats.grad_norm;
  link_scale_ = stats.link_scale;
  align_scale_ = stats.align_scale;
  seeds_ += stats.global_users;
  edges_ += stats.global_edges;
  sample_ += sample_seconds;
  gather_ += gather_seconds;
  forward_ += stats.times.forward;
  backward_ += stats.times.backward;
  allreduce_ += stats.times.allreduce;
  optimizer_ += stats.times.optimizer;
}

nlohmann::json StepMeter::summary() const {
  const double n = steps_ == 0 ? 1.0 : static_cast<double>(steps_);
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double per_second = wall > 0 ? 1.0 / wall : 0.0;
  const double ms = 1000.0 / n;
  return nlohmann::json{{"steps", steps_},
                        {"loss", loss_ / n},
                        {"link_loss", link_loss_ / n},
                        {"align_loss", align_loss_ / n},
                        {"grad_norm", grad_norm_ / n},
                        {"link_scale", link_scale_},
                        {"align_scale", align_scale_},
                        {"seeds_per_s", static_cast<double>(seeds_) * per_second},
                        {"edges_per_s", static_cast<double>(edges_) * per_second},
                        {"wall_s", wall},
                        {"time_ms",
                         {{"sample", sample_ * ms},
                          {"gather", gather_ * ms},
                          {"forward", forward_ * ms},
                          {"backward", backward_ * ms},
                          {"allreduce", allreduce_ * ms},
                          {"optimizer", optimizer_ * ms}}}};
}

}  // namespace zipp::training
