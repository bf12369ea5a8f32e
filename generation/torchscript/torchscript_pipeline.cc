// The only zipp source that includes LibTorch's TorchScript headers (they cost about 25 s per
// translation unit); everything else sees load_torchscript_pipeline alone.
#include "generation/torchscript/torchscript_pipeline.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <ATen/TensorOperators.h>
#include <ATen/ops/clamp.h>
#include <ATen/ops/from_blob.h>
#include <c10/core/GradMode.h>
#include <torch/csrc/jit/api/module.h>
#include <torch/csrc/jit/serialization/import.h>

#include "core/error.h"
#include "core/io/file_digest.h"
#include "core/log.h"
#include "core/random/hash.h"
#include "core/str.h"
#include "core/text/hex.h"
#include "core/torch_error.h"
#include "generation/torchscript/clip_tokenizer.h"
#include "generation/torchscript/model_config.h"

namespace zipp::generation {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kTextEncoderFile = "text_encoder.pt";
constexpr std::string_view kUnetFile = "unet.pt";
constexpr std::string_view kVaeDecoderFile = "vae_decoder.pt";
constexpr std::string_view kConfigFile = "zipp_model.json";
constexpr std::string_view kVocabFile = "vocab.json";
constexpr std::string_view kMergesFile = "merges.txt";

// The first line of a LibTorch error (the rest is a C++ or TorchScript backtrace).

void require_file(const fs::path& file) {
  if (!fs::is_regular_file(file)) {
    throw core::IoError(core::str(
        file.string(), ": missing; a TorchScript model folder holds ", kTextEncoderFile, ", ",
        kUnetFile, ", ", kVaeDecoderFile, ", ", kVocabFile, ", ", kMergesFile, " and ", kConfigFile,
        " (scripts/export-diffusers.py writes them; docs/generation.md)"));
  }
}

torch::jit::Module load_module(const fs::path& file, c10::Device device) {
  require_file(file);
  try {
    torch::jit::Module module = torch::jit::load(file.string(), device);
    module.eval();
    return module;
  } catch (const std::exception& e) {
    throw core::InputError(core::str(file.string(), ": cannot load it as a TorchScript module (",
                                     core::torch_error_reason(e), ")"));
  }
}

// The parameter whose name is `suffix` or ends in "." + suffix, nearest the root (fewest dots):
// exports wrap the diffusers module, so its conv_in.weight may appear as unet.conv_in.weight.
std::optional<std::pair<std::string, at::Tensor>> find_parameter(const torch::jit::Module& module,
                                                                 std::string_view suffix) {
  std::optional<std::pair<std::string, at::Tensor>> best;
  std::size_t best_depth = 0;
  for (const auto& p : module.named_parameters(/*recurse=*/true)) {
    const std::string& name = p.name;
    const bool match = name == suffix || (name.size() > suffix.size() && name.ends_with(suffix) &&
                                          name[name.size() - suffix.size() - 1] == '.');
    if (!match) continue;
    const auto depth = static_cast<std::size_t>(std::count(name.begin(), name.end(), '.'));
    if (!best || depth < best_depth) {
      best = std::make_pair(name, p.value);
      best_depth = depth;
    }
  }
  return best;
}

std::string sizes_text(const at::Tensor& t) { return core::str(t.sizes()); }

// Checks that a convolution weight [out, in, kh, kw] takes `channels` input channels.
void check_conv_input(const fs::path& file, const std::pair<std::string, at::Tensor>& weight,
                      std::int64_t channels, std::string_view what) {
  const at::Tensor& w = weight.second;
  if (w.dim() != 4 || w.size(1) != channels) {
    throw core::InputError(core::str(file.string(), ": ", what, " expects ",
                                     w.dim() == 4 ? w.size(1) : -1, " input channels (parameter ",
                                     weight.first, " has shape ", sizes_text(w), ") but ",
                                     kConfigFile, " says latent_channels = ", channels));
  }
}

c10::ScalarType scalar_type(ModuleDtype dtype) {
  switch (dtype) {
    case ModuleDtype::kFloat32:
      return at::kFloat;
    case ModuleDtype::kFloat16:
      return at::kHalf;
    case ModuleDtype::kBFloat16:
      return at::kBFloat16;
  }
  return at::kFloat;
}

// A tensor from a module's output: the tensor itself, or the first element of a tuple or list
// (diffusers modules traced with return_dict=False return tuples).
at::Tensor output_tensor(const c10::IValue& value, const fs::path& file) {
  if (value.isTensor()) return value.toTensor();
  if (value.isTuple()) {
    const auto& elements = value.toTupleRef().elements();
    if (!elements.empty() && elements[0].isTensor()) return elements[0].toTensor();
  }
  if (value.isTensorList()) {
    auto list = value.toTensorList();
    if (list.size() > 0) return list.get(0);
  }
  throw core::InputError(core::str(file.string(),
                                   ": expected forward() to return a tensor (or a "
                                   "tuple whose first element is one), found ",
                                   value.tagKind()));
}
class TorchScriptPipeline final : public Pipeline {
 public:
  TorchScriptPipeline(fs::path dir, TorchScriptModelConfig config, ClipTokenizer tokenizer,
                      torch::jit::Module text_encoder, torch::jit::Module unet,
                      torch::jit::Module vae_decoder, c10::Device device, std::string name)
      : dir_(std::move(dir)),
        config_(std::move(config)),
        tokenizer_(std::move(tokenizer)),
        text_encoder_(std::move(text_encoder)),
        unet_(std::move(unet)),
        vae_decoder_(std::move(vae_decoder)),
        device_(device),
        dtype_(scalar_type(config_.dtype)),
        name_(std::move(name)) {}

  std::string name() const override { return name_; }
  NoiseScheduleSpec noise_schedule() const override { return config_.noise_schedule; }
  std::optional<double> clip_sample_range() const override { return config_.clip_sample_range; }
  std::int64_t default_height() const override {
    return config_.sample_size * config_.vae_scale_factor;
  }
  std::int64_t default_width() const override { return default_height(); }
  c10::Device device() const override { return device_; }

  LatentShape latent_shape(std::int64_t height, std::int64_t width) const override {
    const std::int64_t f = config_.vae_scale_factor;
    const std::int64_t m = config_.image_size_multiple;
    if (height <= 0 || width <= 0 || height % m != 0 || width % m != 0) {
      throw core::ConfigError(
          core::str("image size ", height, "x", width, ": the TorchScript model ", name_,
                    " needs positive multiples of ", m, " (image_size_multiple in ", kConfigFile,
                    "; default size ", default_height(), "x", default_width(), ")"));
    }
    return {config_.latent_channels, height / f, width / f};
  }

  at::Tensor encode_prompts(const std::vector<std::string>& prompts) override {
    const auto batch = static_cast<std::int64_t>(prompts.size());
    const std::int64_t length = tokenizer_.max_length();
    std::vector<std::int64_t> ids;
    ids.reserve(static_cast<std::size_t>(batch * length));
    for (const auto& prompt : prompts) {
      const auto row = tokenizer_.encode(prompt);
      ids.insert(ids.end(), row.begin(), row.end());
    }
    const at::Tensor input_ids =
        at::from_blob(ids.data(), {batch, length}, at::TensorOptions().dtype(at::kLong))
            .to(device_, /*non_blocking=*/false, /*copy=*/true);
    const fs::path file = dir_ / kTextEncoderFile;
    const c10::IValue out =
        call(text_encoder_, file, {input_ids}, core::str("input_ids ", sizes_text(input_ids)));
    at::Tensor hidden;
    if (config_.text_encoder_output.kind == TextEncoderOutput::Kind::kTensor) {
      if (!out.isTensor()) {
        throw core::InputError(core::str(file.string(), ": ", kConfigFile,
                                         " says text_encoder_output = \"tensor\" but forward() "
                                         "returned ",
                                         out.tagKind(),
                                         out.isTuple() ? " (for a tuple whose element N holds the "
                                                         "hidden states write \"tuple:N\")"
                                                       : ""));
      }
      hidden = out.toTensor();
    } else {
      const std::int64_t index = config_.text_encoder_output.index;
      if (!out.isTuple() ||
          static_cast<std::int64_t>(out.toTupleRef().elements().size()) <= index ||
          !out.toTupleRef().elements()[static_cast<std::size_t>(index)].isTensor()) {
        throw core::InputError(core::str(
            file.string(), ": ", kConfigFile, " says text_encoder_output = \"tuple:", index,
            "\" but forward() returned ", out.tagKind(), " without a tensor at that index"));
      }
      hidden = out.toTupleRef().elements()[static_cast<std::size_t>(index)].toTensor();
    }
    if (hidden.dim() != 3 || hidden.size(0) != batch || hidden.size(1) != length) {
      throw core::InputError(core::str(file.string(), ": expected hidden states [", batch, ", ",
                                       length, ", D] for input_ids ", sizes_text(input_ids),
                                       ", found ", sizes_text(hidden)));
    }
    return hidden.to(at::kFloat);
  }

  at::Tensor denoise(const at::Tensor& samples, const at::Tensor& timesteps,
                     const at::Tensor& conditioning) override {
    const fs::path file = dir_ / kUnetFile;
    if (samples.dim() != 4 || samples.size(1) != config_.latent_channels) {
      throw core::InputError(core::str(file.string(), ": expected latents [B, ",
                                       config_.latent_channels, ", h, w], found ",
                                       sizes_text(samples)));
    }
    const at::Tensor t = timesteps.to(device_, at::kFloat).reshape({-1});
    const c10::IValue out =
        call(unet_, file, {samples.to(device_, dtype_), t, conditioning.to(device_, dtype_)},
             core::str("sample ", sizes_text(samples), ", timestep ", sizes_text(t),
                       ", encoder_hidden_states ", sizes_text(conditioning)));
    const at::Tensor prediction = output_tensor(out, file);
    if (prediction.sizes() != samples.sizes()) {
      throw core::InputError(core::str(file.string(),
                                       ": expected the prediction to have the "
                                       "latents' shape ",
                                       sizes_text(samples), ", found ", sizes_text(prediction)));
    }
    return prediction.to(at::kFloat);
  }

  at::Tensor decode(const at::Tensor& samples) override {
    const fs::path file = dir_ / kVaeDecoderFile;
    if (samples.dim() != 4 || samples.size(1) != config_.latent_channels) {
      throw core::InputError(core::str(file.string(), ": expected latents [B, ",
                                       config_.latent_channels, ", h, w], found ",
                                       sizes_text(samples)));
    }
    const at::Tensor z = (samples.to(device_, at::kFloat) / config_.scaling_factor).to(dtype_);
    const at::Tensor images =
        output_tensor(call(vae_decoder_, file, {z}, core::str("latents ", sizes_text(z))), file);
    const std::int64_t f = config_.vae_scale_factor;
    if (images.dim() != 4 || images.size(0) != samples.size(0) || images.size(1) != 3 ||
        images.size(2) != samples.size(2) * f || images.size(3) != samples.size(3) * f) {
      throw core::InputError(core::str(file.string(), ": expected images [", samples.size(0),
                                       ", 3, ", samples.size(2) * f, ", ", samples.size(3) * f,
                                       "] for latents ", sizes_text(samples), ", found ",
                                       sizes_text(images)));
    }
    // The decoder's images lie in [-1, 1].
    return at::clamp(images.to(at::kFloat) / 2.0 + 0.5, 0.0, 1.0);
  }

 private:
  static c10::IValue call(torch::jit::Module& module, const fs::path& file,
                          std::vector<c10::IValue> inputs, const std::string& what) {
    const c10::NoGradGuard no_grad;
    try {
      return module.forward(std::move(inputs));
    } catch (const std::exception& e) {
      throw core::InputError(core::str(file.string(), ": forward() failed on ", what, ": ",
                                       core::torch_error_reason(e)));
    }
  }

  fs::path dir_;
  TorchScriptModelConfig config_;
  ClipTokenizer tokenizer_;
  torch::jit::Module text_encoder_;
  torch::jit::Module unet_;
  torch::jit::Module vae_decoder_;
  c10::Device device_;
  c10::ScalarType dtype_;
  std::string name_;
};

// Checks what the modules' parameters tell against zipp_model.json; a module without the usual
// diffusers parameter names (a hand-written one) is checked at its first call instead.
void check_modules(const fs::path& dir, const TorchScriptModelConfig& config,
                   const ClipTokenizer& tokenizer, const torch::jit::Module& text_encoder,
                   const torch::jit::Module& unet, const torch::jit::Module& vae_decoder) {
  if (auto w = find_parameter(unet, "conv_in.weight")) {
    check_conv_input(dir / kUnetFile, *w, config.latent_channels, "the UNet");
  }
  auto vae_in = find_parameter(vae_decoder, "post_quant_conv.weight");
  if (!vae_in) vae_in = find_parameter(vae_decoder, "conv_in.weight");
  if (vae_in) {
    check_conv_input(dir / kVaeDecoderFile, *vae_in, config.latent_channels, "the VAE decoder");
  }
  if (auto e = find_parameter(text_encoder, "token_embedding.weight")) {
    const std::int64_t rows = e->second.dim() == 2 ? e->second.size(0) : -1;
    const std::int64_t needed = std::max({tokenizer.vocab_size(), config.pad_token_id + 1,
                                          tokenizer.start_id() + 1, tokenizer.end_id() + 1});
    if (rows < needed) {
      throw core::InputError(core::str((dir / kTextEncoderFile).string(), ": the token embedding ",
                                       e->first, " has shape ", sizes_text(e->second),
                                       " but the tokenizer (", kVocabFile, ", ", kConfigFile,
                                       " pad_token_id) needs at least ", needed, " rows"));
    }
  }
}

}  // namespace

std::unique_ptr<Pipeline> load_torchscript_pipeline(const std::filesystem::path& model_dir,
                                                    c10::Device device) {
  if (!fs::is_directory(model_dir)) {
    throw core::IoError(core::str(model_dir.string(),
                                  ": not a directory; expected a TorchScript model folder "
                                  "(docs/generation.md \"TorchScript pipelines\")"));
  }
  const fs::path config_path = model_dir / kConfigFile;
  LoadedModelConfig loaded = read_model_config(config_path);
  const TorchScriptModelConfig& config = loaded.config;
  for (auto file : {kVocabFile, kMergesFile}) require_file(model_dir / file);
  ClipTokenizer tokenizer(model_dir / kVocabFile, model_dir / kMergesFile, config.max_length,
                          config.pad_token_id);
  torch::jit::Module text_encoder = load_module(model_dir / kTextEncoderFile, device);
  torch::jit::Module unet = load_module(model_dir / kUnetFile, device);
  torch::jit::Module vae_decoder = load_module(model_dir / kVaeDecoderFile, device);
  check_modules(model_dir, config, tokenizer, text_encoder, unet, vae_decoder);

  std::uint64_t h = core::hash_text(loaded.text);
  for (auto file : {kVocabFile, kMergesFile, kTextEncoderFile, kUnetFile, kVaeDecoderFile}) {
    h = core::file_digest(model_dir / file, h);
  }
  fs::path normal = fs::absolute(model_dir).lexically_normal();
  if (normal.filename().empty()) normal = normal.parent_path();
  std::string name =
      core::str("torchscript:", normal.filename().string(), "/", core::text::hex64(h));
  ZIPP_LOG_INFO("loaded TorchScript model ", name, " (", config.model, ", ",
                module_dtype_name(config.dtype), ") on ", device.str());
  return std::make_unique<TorchScriptPipeline>(model_dir, config, std::move(tokenizer),
                                               std::move(text_encoder), std::move(unet),
                                               std::move(vae_decoder), device, std::move(name));
}

}  // namespace zipp::generation
