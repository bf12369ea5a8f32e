// How far apart the builtin tiny model's images are when prompts carry opposite style words
// (docs/generation.md "Builtin tiny model"). For each pair of opposite styles, every base subject
// is drawn with each style under the same seeds (sample_images, DDIM), and the two groups are
// compared in two spaces:
//   the builtin image embedder (eval/embedders/aesthetic_embedder.h, 24-d, L2-normalised):
//     cos_within / cos_between  mean cosine of two images of the same group / of both groups;
//     centroid_acc  share of images whose cosine to their own group's mean is the higher;
//   the renderer's axes read from pixels (generation/builtin/pixel_statistics.h):
//     d_<axis>  difference of group means in units of the pooled within-group standard deviation.
// The same figures for the renderer's own images (the training targets) are printed as ref_*.
//   bench_tiny_separation [--weights DIR] [--steps N] [--guidance G (7.5)] [--seeds N] [--threads
//   N] [--clip auto|on|off]   (x0 clipping, generation/sample/clip_sample.h; auto: the model's, on)
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <ATen/Parallel.h>
#include <ATen/TensorOperators.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/stack.h>

#include "bench/bench_flags.h"
#include "eval/embedders/aesthetic_embedder.h"
#include "generation/builtin/pixel_statistics.h"
#include "generation/builtin/procedural_renderer.h"
#include "generation/builtin/tiny_pipeline.h"
#include "generation/sample/clip_sample.h"
#include "generation/sample/sample_images.h"
#include "graph/synth/archetype.h"

namespace {

using namespace zipp;
using generation::builtin::Aesthetic;

struct StylePair {
  std::string name;
  std::string a;
  std::string b;
  Aesthetic look_a;  // what the renderer draws for the style words (the training target)
  Aesthetic look_b;
};

const std::vector<std::string> kSubjects = {
    "a cat sleeping on a windowsill",    "a lighthouse on a rocky coast",
    "a bowl of ramen on a wooden table", "a city street after rain",
    "a portrait of an old fisherman",    "a bicycle leaning against a wall",
    "a cabin in a snowy forest",         "a vintage car parked by the sea"};

Aesthetic with_axis(std::size_t axis, float value) {
  Aesthetic look = generation::builtin::neutral_aesthetic();
  look[axis] = value;
  return look;
}

struct Separation {
  std::vector<double> d;  // per axis
  double cos_within = 0;
  double cos_between = 0;
  double centroid_acc = 0;
};

Separation separation(const at::Tensor& stats_a, const at::Tensor& stats_b, const at::Tensor& emb_a,
                      const at::Tensor& emb_b) {
  Separation out;
  const auto pooled = ((stats_a.var(0) + stats_b.var(0)) / 2).sqrt().clamp_min(1e-6);
  const auto d = (stats_a.mean(0) - stats_b.mean(0)) / pooled;
  for (std::int64_t i = 0; i < d.size(0); ++i) out.d.push_back(d[i].item<double>());
  const auto n = emb_a.size(0);
  const auto all = at::cat({emb_a, emb_b}).to(at::kDouble);
  const auto cos = all.matmul(all.t());
  double within = 0;
  double between = 0;
  std::int64_t within_n = 0;
  std::int64_t between_n = 0;
  for (std::int64_t i = 0; i < all.size(0); ++i) {
    for (std::int64_t j = 0; j < all.size(0); ++j) {
      if (i == j) continue;
      const bool same = (i < n) == (j < n);
      (same ? within : between) += cos[i][j].item<double>();
      ++(same ? within_n : between_n);
    }
  }
  out.cos_within = within / static_cast<double>(within_n);
  out.cos_between = between / static_cast<double>(between_n);
  const auto ca = all.narrow(0, 0, n).mean(0);
  const auto cb = all.narrow(0, n, emb_b.size(0)).mean(0);
  const auto near_a = all.matmul(ca) > all.matmul(cb);
  const double correct = near_a.narrow(0, 0, n).sum().item<double>() +
                         (static_cast<double>(emb_b.size(0)) -
                          near_a.narrow(0, n, emb_b.size(0)).sum().item<double>());
  out.centroid_acc = correct / static_cast<double>(all.size(0));
  return out;
}

// Images float [B, 3, H, W] in [0, 1] -> uint8 [B, H, W, 3] as sample_images returns them.
at::Tensor to_uint8(const at::Tensor& images) {
  return (images.clamp(0.0, 1.0) * 255.0).round().to(at::kByte).permute({0, 2, 3, 1}).contiguous();
}

void print(const std::string& pair, const std::string& prefix, const Separation& s,
           std::int64_t per_group) {
  std::printf("bench=tiny_separation pair=%s source=%s images_per_group=%lld", pair.c_str(),
              prefix.c_str(), static_cast<long long>(per_group));
  for (std::size_t i = 0; i < s.d.size(); ++i) {
    std::printf(" d_%s=%.2f", std::string(graph::synth::kAestheticAxes[i]).c_str(), s.d[i]);
  }
  std::printf(" cos_within=%.3f cos_between=%.3f centroid_acc=%.3f\n", s.cos_within, s.cos_between,
              s.centroid_acc);
}

}  // namespace

int main(int argc, char** argv) {
  std::string weights = "generation/builtin/weights";
  generation::SamplingOptions options;
  options.steps = 25;
  std::int64_t seeds = 4;
  bench::Flags flags(argc, argv,
                     "bench_tiny_separation [--weights DIR] [--steps N] [--guidance G] "
                     "[--seeds N] [--threads N] [--clip auto|on|off]");
  while (flags.next()) {
    if (flags.is("--weights")) {
      weights = flags.text();
    } else if (flags.is("--steps")) {
      options.steps = flags.integer();
    } else if (flags.is("--guidance")) {
      options.guidance = flags.real();
    } else if (flags.is("--seeds")) {
      seeds = flags.integer();
    } else if (flags.is("--threads")) {
      at::set_num_threads(static_cast<int>(flags.integer()));
    } else if (flags.is("--clip")) {
      options.clip_sample = generation::parse_clip_sample(flags.text(), "--clip");
    } else {
      flags.unknown();
    }
  }
  const auto archetypes = graph::synth::builtin_archetypes();
  auto archetype = [&](const std::string& name) -> const graph::synth::Archetype& {
    for (const auto& a : archetypes) {
      if (a.name == name) return a;
    }
    throw std::runtime_error("no archetype " + name);
  };
  const std::vector<StylePair> pairs = {
      {"vaporwave_vs_street", "pink and teal neon", "high contrast black and white",
       archetype("vaporwave").aesthetic, archetype("street_photography").aesthetic},
      {"warm_vs_cool", "warm", "cool", with_axis(0, 0.8F), with_axis(0, 0.2F)},
      {"bright_vs_dark", "bright", "dark", with_axis(2, 0.8F), with_axis(2, 0.2F)},
      {"vivid_vs_muted", "vivid", "muted", with_axis(1, 0.8F), with_axis(1, 0.2F)},
  };

  auto pipeline = generation::load_tiny_pipeline(weights, c10::Device(c10::kCPU));
  const auto clip =
      generation::resolve_clip_sample_range(options.clip_sample, pipeline->clip_sample_range());
  std::printf(
      "bench=tiny_separation model=%s steps=%lld guidance=%.2f scheduler=ddim threads=%d "
      "clip_sample=%s clip_sample_range=%s\n",
      pipeline->name().c_str(), static_cast<long long>(options.steps), options.guidance,
      at::get_num_threads(), std::string(generation::clip_sample_name(options.clip_sample)).c_str(),
      clip ? std::to_string(*clip).c_str() : "none");
  double seconds = 0;
  std::int64_t images = 0;
  for (const auto& pair : pairs) {
    std::vector<generation::ImageRequest> requests;
    std::vector<at::Tensor> ref_a;
    std::vector<at::Tensor> ref_b;
    for (const auto& side : {pair.a, pair.b}) {
      for (const auto& subject : kSubjects) {
        for (std::int64_t s = 0; s < seeds; ++s) {
          requests.push_back({subject + ", " + side, "", static_cast<std::uint64_t>(1000 + s)});
        }
      }
    }
    for (const auto& subject : kSubjects) {
      for (std::int64_t s = 0; s < seeds; ++s) {
        ref_a.push_back(generation::builtin::render_scene(subject, pair.look_a, 32, 1000 + s));
        ref_b.push_back(generation::builtin::render_scene(subject, pair.look_b, 32, 1000 + s));
      }
    }
    const auto start = std::chrono::steady_clock::now();
    const at::Tensor pixels = generation::sample_images(*pipeline, requests, options);
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    images += static_cast<std::int64_t>(requests.size());
    eval::AestheticEmbedder embedder;
    const auto half = static_cast<std::int64_t>(requests.size()) / 2;
    const at::Tensor stats =
        generation::builtin::pixel_statistics(pixels.permute({0, 3, 1, 2}).to(at::kFloat) / 255.0);
    const at::Tensor embedded = embedder.embed(pixels);
    print(pair.name, "model",
          separation(stats.narrow(0, 0, half), stats.narrow(0, half, half),
                     embedded.narrow(0, 0, half), embedded.narrow(0, half, half)),
          half);
    const at::Tensor ra = at::stack(ref_a);
    const at::Tensor rb = at::stack(ref_b);
    print(pair.name, "renderer",
          separation(generation::builtin::pixel_statistics(ra),
                     generation::builtin::pixel_statistics(rb), embedder.embed(to_uint8(ra)),
                     embedder.embed(to_uint8(rb))),
          half);
  }
  std::printf("bench=tiny_separation images=%lld seconds=%.2f images_per_s=%.2f\n",
              static_cast<long long>(images), seconds, static_cast<double>(images) / seconds);
  return 0;
}
