// The TorchScript pipeline end to end on tiny modules this test builds and saves itself (a token
// embedding as text encoder, a 1x1 convolution plus conditioning as UNet, channel selection and
// 8x nearest upsampling as VAE decoder): loading, tokens -> conditioning, the UNet call, the
// latent scaling of decode, sample_images to an image of the requested size, and errors that
// name the file for a missing module, a wrong key and disagreeing shapes.
#include "generation/torchscript/torchscript_pipeline.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <ATen/TensorOperators.h>
#include <ATen/ops/allclose.h>
#include <ATen/ops/arange.h>
#include <ATen/ops/einsum.h>
#include <ATen/ops/equal.h>
#include <ATen/ops/full.h>
#include <ATen/ops/ones.h>
#include <ATen/ops/rand.h>
#include <ATen/ops/sin.h>
#include <ATen/ops/tensor.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <torch/csrc/jit/api/module.h>
#include <unistd.h>

#include "core/error.h"
#include "generation/sample/sample_images.h"

namespace zipp::generation {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::int64_t kVocabSize = 26;
constexpr std::int64_t kHidden = 6;
constexpr std::int64_t kMaxLength = 8;
constexpr double kScaling = 0.18215;

constexpr const char* kVocab = R"({
  "!": 0, "a": 1, "c": 2, "t": 3, "s": 4, "a</w>": 5, "c</w>": 6, "t</w>": 7, "s</w>": 8,
  "!</w>": 9, "ca": 10, "cat</w>": 11, "cat": 12, "<|startoftext|>": 13, "<|endoftext|>": 14,
  "d": 15, "o": 16, "g</w>": 17, "do": 18, "dog</w>": 19
})";
constexpr const char* kMerges = "#version: 0.2\nc a\nca t</w>\nca t\nd o\ndo g</w>\n";

at::Tensor embedding_weights() {
  return at::sin(at::arange(kVocabSize * kHidden, at::kFloat) * 0.37)
      .reshape({kVocabSize, kHidden});
}

at::Tensor unet_weights(std::int64_t in_channels) {
  return at::sin(at::arange(4 * in_channels, at::kFloat) * 0.91 + 0.3)
      .reshape({4, in_channels, 1, 1});
}

// A submodule holding one parameter called weight, so the pipeline sees "<name>.weight".
torch::jit::Module holder(const std::string& type, const at::Tensor& weight) {
  torch::jit::Module m{c10::QualifiedName(type)};
  m.register_parameter("weight", weight, /*is_buffer=*/false);
  return m;
}

torch::jit::Module text_encoder(bool as_tuple) {
  torch::jit::Module m{c10::QualifiedName("TinyTextEncoder")};
  m.register_module("token_embedding", holder("TinyEmbedding", embedding_weights()));
  m.define(as_tuple ? R"(
def forward(self, input_ids):
    h = torch.embedding(self.token_embedding.weight, input_ids)
    return (h, h.mean(1))
)"
                    : R"(
def forward(self, input_ids):
    return torch.embedding(self.token_embedding.weight, input_ids)
)");
  return m;
}

// eps = 0.1 * conv_in(sample) + mean(conditioning) + 1e-4 * t.
torch::jit::Module unet(std::int64_t in_channels) {
  torch::jit::Module m{c10::QualifiedName("TinyUnet")};
  m.register_module("conv_in", holder("TinyConv", unet_weights(in_channels)));
  m.define(R"(
def forward(self, sample, timestep, encoder_hidden_states):
    h = torch.conv2d(sample, self.conv_in.weight)
    c = encoder_hidden_states.mean([1, 2]).view(-1, 1, 1, 1)
    return 0.1 * h + c + 0.0001 * timestep.view(-1, 1, 1, 1)
)");
  return m;
}

// The first three latent channels, each latent pixel repeated 8 x 8.
torch::jit::Module vae_decoder() {
  torch::jit::Module m{c10::QualifiedName("TinyVaeDecoder")};
  m.define(R"(
def forward(self, z):
    x = z[:, 0:3]
    return x.repeat_interleave(8, 2).repeat_interleave(8, 3)
)");
  return m;
}

json model_json() {
  return json{{"format_version", 1},
              {"model", "tiny-test"},
              {"dtype", "float32"},
              {"sample_size", 4},
              {"latent_channels", 4},
              {"vae_scale_factor", 8},
              {"image_size_multiple", 8},
              {"scaling_factor", kScaling},
              {"noise_schedule",
               {{"beta_schedule", "scaled_linear"},
                {"beta_start", 0.00085},
                {"beta_end", 0.012},
                {"num_train_timesteps", 1000},
                {"prediction_type", "epsilon"}}},
              {"tokenizer", {{"max_length", kMaxLength}, {"pad_token_id", 0}}},
              {"text_encoder_output", "tensor"}};
}

class TorchScriptPipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("zipp-torchscript-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    write("vocab.json", kVocab);
    write("merges.txt", kMerges);
    write("zipp_model.json", model_json().dump(2));
    text_encoder(false).save((dir_ / "text_encoder.pt").string());
    unet(4).save((dir_ / "unet.pt").string());
    vae_decoder().save((dir_ / "vae_decoder.pt").string());
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }

  std::unique_ptr<Pipeline> load() { return load_torchscript_pipeline(dir_, c10::Device("cpu")); }

  // The error message of loading (and, when it loads, encoding a prompt), or "".
  std::string load_error() {
    try {
      load()->encode_prompts({"a cat"});
    } catch (const core::Error& e) {
      return e.what();
    }
    return "";
  }

  fs::path dir_;
};

TEST_F(TorchScriptPipelineTest, DescribesItselfFromZippModelJson) {
  auto pipeline = load();
  EXPECT_EQ(pipeline->name().rfind("torchscript:" + dir_.filename().string() + "/", 0), 0u)
      << pipeline->name();
  EXPECT_EQ(pipeline->default_height(), 32);
  EXPECT_EQ(pipeline->default_width(), 32);
  const LatentShape shape = pipeline->latent_shape(32, 48);
  EXPECT_EQ(shape.channels, 4);
  EXPECT_EQ(shape.height, 4);
  EXPECT_EQ(shape.width, 6);
  EXPECT_THROW(pipeline->latent_shape(30, 32), core::ConfigError);
  const NoiseScheduleSpec spec = pipeline->noise_schedule();
  EXPECT_EQ(spec.beta_schedule, BetaSchedule::kScaledLinear);
  EXPECT_EQ(spec.train_timesteps, 1000);
  EXPECT_EQ(spec.prediction, Prediction::kEpsilon);
  EXPECT_DOUBLE_EQ(spec.beta_end, 0.012);

  // The same files give the same name; different weights a different one.
  EXPECT_EQ(load()->name(), pipeline->name());
  torch::jit::Module changed = unet(4);
  changed.register_parameter("extra", at::ones({1}), false);
  changed.save((dir_ / "unet.pt").string());
  EXPECT_NE(load()->name(), pipeline->name());
}

TEST_F(TorchScriptPipelineTest, EncodesPromptsThroughTokenizerAndTextEncoder) {
  auto pipeline = load();
  const at::Tensor c = pipeline->encode_prompts({"a cat", "DOG!", ""});
  ASSERT_EQ(c.sizes(), (std::vector<std::int64_t>{3, kMaxLength, kHidden}));
  const std::vector<std::vector<std::int64_t>> ids = {
      {13, 5, 11, 14, 0, 0, 0, 0}, {13, 19, 9, 14, 0, 0, 0, 0}, {13, 14, 0, 0, 0, 0, 0, 0}};
  const at::Tensor w = embedding_weights();
  for (std::size_t b = 0; b < ids.size(); ++b) {
    for (std::size_t i = 0; i < ids[b].size(); ++i) {
      EXPECT_TRUE(
          at::equal(c[static_cast<std::int64_t>(b)][static_cast<std::int64_t>(i)], w[ids[b][i]]))
          << "prompt " << b << " token " << i;
    }
  }
}

TEST_F(TorchScriptPipelineTest, TupleOutputOfTheTextEncoder) {
  text_encoder(true).save((dir_ / "text_encoder.pt").string());
  // zipp_model.json still says "tensor": the mismatch is named.
  const std::string error = load_error();
  EXPECT_NE(error.find("text_encoder.pt"), std::string::npos) << error;
  EXPECT_NE(error.find("tuple"), std::string::npos) << error;
  json j = model_json();
  j["text_encoder_output"] = "tuple:0";
  write("zipp_model.json", j.dump());
  const at::Tensor c = load()->encode_prompts({"a cat"});
  EXPECT_TRUE(at::equal(c[0][2], embedding_weights()[11]));
}

TEST_F(TorchScriptPipelineTest, DenoiseCallsTheUnet) {
  auto pipeline = load();
  const at::Tensor samples = at::rand({2, 4, 3, 5});
  const at::Tensor t = at::tensor({999.0, 12.5}, at::kFloat);
  const at::Tensor c = pipeline->encode_prompts({"a cat", "dog"});
  const at::Tensor out = pipeline->denoise(samples, t, c);
  const at::Tensor w = unet_weights(4).reshape({4, 4});
  const at::Tensor expected = 0.1 * at::einsum("oc,bchw->bohw", {w, samples}) +
                              c.mean({1, 2}).view({-1, 1, 1, 1}) + 0.0001 * t.view({-1, 1, 1, 1});
  EXPECT_TRUE(at::allclose(out, expected, 1e-5, 1e-6));
  EXPECT_THROW(pipeline->denoise(at::rand({2, 3, 3, 5}), t, c), core::InputError);
}

TEST_F(TorchScriptPipelineTest, DecodeDividesByTheScalingFactor) {
  auto pipeline = load();
  // Latents s * u decode to u (the tiny decoder is the identity on 3 channels) mapped from
  // [-1, 1] to [0, 1]: u / 2 + 0.5.
  const at::Tensor u = at::rand({2, 4, 2, 3}) * 1.8 - 0.9;
  const at::Tensor images = pipeline->decode(u * kScaling);
  ASSERT_EQ(images.sizes(), (std::vector<std::int64_t>{2, 3, 16, 24}));
  const auto img = images.accessor<float, 4>();
  const auto lat = u.accessor<float, 4>();
  for (int b = 0; b < 2; ++b) {
    for (int ch = 0; ch < 3; ++ch) {
      for (int y = 0; y < 16; ++y) {
        for (int x = 0; x < 24; ++x) {
          ASSERT_NEAR(img[b][ch][y][x], lat[b][ch][y / 8][x / 8] / 2.0f + 0.5f, 1e-5f)
              << b << " " << ch << " " << y << " " << x;
        }
      }
    }
  }
  // Out-of-range decoder output is clamped.
  const at::Tensor bright = pipeline->decode(at::full({1, 4, 1, 1}, 3.0 * kScaling));
  EXPECT_FLOAT_EQ(bright.max().item<float>(), 1.0f);
}

TEST_F(TorchScriptPipelineTest, SampleImagesEndToEnd) {
  auto pipeline = load();
  SamplingOptions options;
  options.steps = 4;
  options.guidance = 3.0;
  options.height = 16;
  options.width = 24;
  const std::vector<ImageRequest> requests = {{"a cat", "", 7}, {"dog", "cat", 8}};
  const at::Tensor images = sample_images(*pipeline, requests, options);
  ASSERT_EQ(images.sizes(), (std::vector<std::int64_t>{2, 16, 24, 3}));
  EXPECT_EQ(images.scalar_type(), at::kByte);
  // Not a constant image: the noise reaches the pixels.
  EXPECT_GT(images.max().item<int>(), images.min().item<int>());
  // Same seed, same image, alone or in a batch.
  const at::Tensor alone = sample_images(*pipeline, {requests.data() + 1, 1}, options);
  EXPECT_TRUE(at::equal(alone[0], images[1]));
  // The prompt reaches the image through the conditioning.
  std::vector<ImageRequest> other = {{"cat cat", "", 7}};
  const at::Tensor changed = sample_images(*pipeline, other, options);
  EXPECT_FALSE(at::equal(changed[0], images[0]));

  options.scheduler = SchedulerKind::kEulerAncestral;
  options.height = 0;  // the default, 32 x 32
  options.width = 0;
  const at::Tensor defaults = sample_images(*pipeline, requests, options);
  EXPECT_EQ(defaults.sizes(), (std::vector<std::int64_t>{2, 32, 32, 3}));
}

TEST_F(TorchScriptPipelineTest, MissingFilesAreNamed) {
  fs::remove(dir_ / "unet.pt");
  try {
    load();
    FAIL() << "expected an error";
  } catch (const core::IoError& e) {
    EXPECT_NE(std::string(e.what()).find("unet.pt"), std::string::npos) << e.what();
  }
  fs::remove(dir_ / "zipp_model.json");
  try {
    load();
    FAIL() << "expected an error";
  } catch (const core::IoError& e) {
    EXPECT_NE(std::string(e.what()).find("zipp_model.json"), std::string::npos) << e.what();
  }
  EXPECT_THROW(load_torchscript_pipeline(dir_ / "nowhere", c10::Device("cpu")), core::IoError);
}

TEST_F(TorchScriptPipelineTest, NotATorchScriptFile) {
  write("vae_decoder.pt", "not a zip archive");
  const std::string error = load_error();
  EXPECT_NE(error.find("vae_decoder.pt"), std::string::npos) << error;
}

TEST_F(TorchScriptPipelineTest, WrongKeysAreNamed) {
  json j = model_json();
  j.erase("latent_channels");
  j["latent_channel"] = 4;
  write("zipp_model.json", j.dump());
  std::string error = load_error();
  EXPECT_NE(error.find("zipp_model.json"), std::string::npos) << error;
  EXPECT_NE(error.find("latent_channel"), std::string::npos) << error;

  j = model_json();
  j["noise_schedule"]["prediction_type"] = "sample";
  write("zipp_model.json", j.dump());
  error = load_error();
  EXPECT_NE(error.find("zipp_model.json"), std::string::npos) << error;
  EXPECT_NE(error.find("prediction_type"), std::string::npos) << error;

  j = model_json();
  j["format_version"] = 2;
  write("zipp_model.json", j.dump());
  error = load_error();
  EXPECT_NE(error.find("format_version"), std::string::npos) << error;

  write("zipp_model.json", "{\"format_version\": 1,");
  error = load_error();
  EXPECT_NE(error.find("zipp_model.json: not valid JSON"), std::string::npos) << error;
}

TEST_F(TorchScriptPipelineTest, ClipSampleRangeIsOptionalAndOffByDefault) {
  // Latent diffusion must not clip: without the key (or with null) the pipeline asks for none.
  EXPECT_EQ(load()->clip_sample_range(), std::nullopt);
  json j = model_json();
  j["clip_sample_range"] = nullptr;
  write("zipp_model.json", j.dump());
  EXPECT_EQ(load()->clip_sample_range(), std::nullopt);
  // A pixel-space export may ask for clipping.
  j["clip_sample_range"] = 1.5;
  write("zipp_model.json", j.dump());
  EXPECT_EQ(load()->clip_sample_range(), 1.5);
  for (const json& bad : {json(0.0), json(-1.0), json("on"), json(true)}) {
    j["clip_sample_range"] = bad;
    write("zipp_model.json", j.dump());
    const std::string error = load_error();
    EXPECT_NE(error.find("zipp_model.json"), std::string::npos) << error;
    EXPECT_NE(error.find("clip_sample_range"), std::string::npos) << error;
  }
}

TEST_F(TorchScriptPipelineTest, DisagreeingShapesAreNamed) {
  // A UNet taking 3 channels against latent_channels = 4.
  unet(3).save((dir_ / "unet.pt").string());
  std::string error = load_error();
  EXPECT_NE(error.find("unet.pt"), std::string::npos) << error;
  EXPECT_NE(error.find("latent_channels = 4"), std::string::npos) << error;
  EXPECT_NE(error.find("conv_in.weight"), std::string::npos) << error;

  // A vocabulary larger than the text encoder's embedding.
  unet(4).save((dir_ / "unet.pt").string());
  json j = model_json();
  j["tokenizer"]["pad_token_id"] = 40;
  write("zipp_model.json", j.dump());
  error = load_error();
  EXPECT_NE(error.find("text_encoder.pt"), std::string::npos) << error;
  EXPECT_NE(error.find("token_embedding.weight"), std::string::npos) << error;
}

}  // namespace
}  // namespace zipp::generation
