// The tiny model's modules and weights: UNet shapes, conditioning that matters, a save/load round
// trip that reproduces outputs exactly, load errors naming the file, and a short training run.
#include "generation/builtin/tiny_model.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>

#include <ATen/ops/equal.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/tensor.h>
#include <gtest/gtest.h>
#include <torch/utils.h>

#include "core/error.h"
#include "generation/builtin/tiny_pipeline.h"
#include "generation/builtin/tiny_trainer.h"
#include "generation/builtin/tiny_weights.h"
#include "generation/builtin/word_vocabulary.h"

namespace zipp::generation::builtin {
namespace {

namespace fs = std::filesystem;

TinyArchitecture small_architecture() {
  TinyArchitecture a;
  a.channels = {8, 16, 16};
  a.embed_dim = 16;
  a.cond_dim = 32;
  a.max_tokens = 8;
  a.vocabulary = 10;
  return a;
}

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("zipp-tiny-test-" + name);
  fs::remove_all(dir);
  return dir;
}

TinyWeightsMeta meta_for(const TinyArchitecture& a) {
  TinyWeightsMeta meta;
  meta.architecture = a;
  meta.vocabulary = {"<pad>", "<unk>", "<bos>", "a", "b", "c", "d", "e", "f", "g"};
  meta.image_size = 16;
  return meta;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const core::Error& e) {
    return e.what();
  }
  return "";
}

TEST(TinyModelTest, UNetShapeAndConditioningMatter) {
  torch::manual_seed(1);
  TinyModel model(small_architecture());
  at::NoGradGuard no_grad;
  const at::Tensor x = at::randn({2, 3, 16, 16});
  const at::Tensor t = at::tensor({10.0F, 500.0F});
  const at::Tensor ids = at::tensor({2, 3, 4, 0, 2, 5, 6, 0}, at::kLong).view({2, 4});
  const at::Tensor cond = model->text->forward(ids);
  ASSERT_EQ(cond.sizes(), (c10::IntArrayRef{2, 32}));
  EXPECT_FALSE(at::equal(cond[0], cond[1]));
  const at::Tensor out = model->unet->forward(x, t, cond);
  EXPECT_EQ(out.sizes(), x.sizes());
  const at::Tensor swapped = model->unet->forward(x, t, cond.flip(0));
  EXPECT_GT((out - swapped).abs().max().item<float>(), 1e-4F);
  // Trailing padding does not change the conditioning.
  const at::Tensor padded = at::tensor({2, 3, 4, 0, 0, 0}, at::kLong).view({1, 6});
  EXPECT_TRUE(model->text->forward(padded).allclose(cond.narrow(0, 0, 1), 1e-5, 1e-6));
  EXPECT_THROW(
      model->unet->forward(at::randn({1, 3, 10, 10}), t.narrow(0, 0, 1), cond.narrow(0, 0, 1)),
      core::InputError);
}

TEST(TinyModelTest, SaveLoadRoundTripIsExact) {
  torch::manual_seed(2);
  const auto a = small_architecture();
  TinyModel model(a);
  model->eval();
  const fs::path dir = fresh_dir("roundtrip");
  const std::string digest = save_tiny_weights(dir, meta_for(a), model);
  auto pipeline = load_tiny_pipeline(dir, c10::Device(c10::kCPU));
  EXPECT_EQ(pipeline->name(), "builtin-tiny/" + digest.substr(0, 12));
  EXPECT_EQ(pipeline->default_height(), 16);
  const at::Tensor cond = pipeline->encode_prompts({"a b zzz", ""});
  const WordVocabulary vocabulary = WordVocabulary::from_tokens(meta_for(a).vocabulary, "test");
  at::NoGradGuard no_grad;
  const at::Tensor expected_cond = model->text->forward(vocabulary.encode({"a b zzz", ""}, 8));
  EXPECT_TRUE(at::equal(cond, expected_cond));
  const at::Tensor x = at::randn({2, 3, 16, 16});
  const at::Tensor t = at::tensor({3.0F, 900.0F});
  EXPECT_TRUE(at::equal(pipeline->denoise(x, t, cond), model->unet->forward(x, t, cond)));
  const at::Tensor image = pipeline->decode(x);
  EXPECT_GE(image.min().item<float>(), 0.0F);
  EXPECT_LE(image.max().item<float>(), 1.0F);
  EXPECT_THROW(pipeline->latent_shape(30, 30), core::ConfigError);
  EXPECT_EQ(pipeline->latent_shape(16, 24).width, 24);
}

TEST(TinyModelTest, LoadErrorsNameTheFile) {
  const auto a = small_architecture();
  TinyModel model(a);
  const fs::path dir = fresh_dir("errors");
  const fs::path missing = fresh_dir("missing");
  std::string message = error_of([&] { load_tiny_weights(missing, c10::Device(c10::kCPU)); });
  EXPECT_NE(message.find((missing / "tiny.json").string()), std::string::npos) << message;

  save_tiny_weights(dir, meta_for(a), model);
  // Weights that do not match the recorded digest.
  {
    std::ofstream out(dir / "weights.pt", std::ios::binary | std::ios::app);
    out << "x";
  }
  message = error_of([&] { load_tiny_weights(dir, c10::Device(c10::kCPU)); });
  EXPECT_NE(message.find((dir / "weights.pt").string()), std::string::npos) << message;
  EXPECT_NE(message.find("digest"), std::string::npos) << message;

  // A tiny.json describing another architecture than the weights hold.
  save_tiny_weights(dir, meta_for(a), model);
  TinyArchitecture wider = a;
  wider.channels = {16, 16, 16};
  TinyModel other(wider);
  const fs::path other_dir = fresh_dir("other");
  save_tiny_weights(other_dir, meta_for(wider), other);
  fs::copy_file(other_dir / "weights.pt", dir / "weights.pt", fs::copy_options::overwrite_existing);
  {
    // Keep tiny.json's digest right so the architecture check is what fails.
    std::ifstream in(dir / "tiny.json");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::ifstream in2(other_dir / "tiny.json");
    std::string other_text((std::istreambuf_iterator<char>(in2)), std::istreambuf_iterator<char>());
    const auto digest_at = [](const std::string& s) {
      const auto p = s.find("\"weights_digest\": \"") + 19;
      return s.substr(p, 16);
    };
    const std::string good = digest_at(other_text);
    const std::string stale = digest_at(text);
    text.replace(text.find(stale), 16, good);
    std::ofstream out(dir / "tiny.json");
    out << text;
  }
  message = error_of([&] { load_tiny_weights(dir, c10::Device(c10::kCPU)); });
  EXPECT_NE(message.find((dir / "weights.pt").string()), std::string::npos) << message;

  // A broken tiny.json.
  {
    std::ofstream out(dir / "tiny.json");
    out << "{\"format\": \"zipp-builtin-tiny\", \"format_version\": 1}";
  }
  message = error_of([&] { load_tiny_weights(dir, c10::Device(c10::kCPU)); });
  EXPECT_NE(message.find((dir / "tiny.json").string()), std::string::npos) << message;
  EXPECT_NE(message.find("image_size"), std::string::npos) << message;
  {
    std::ofstream out(dir / "tiny.json");
    out << "{\"format\": \"zipp-builtin-tiny\", \"format_version\": 99}";
  }
  message = error_of([&] { load_tiny_weights(dir, c10::Device(c10::kCPU)); });
  EXPECT_NE(message.find("format_version 99"), std::string::npos) << message;
}

TEST(TinyModelTest, ShortTrainingIsDeterministicBySeed) {
  TinyTrainOptions options;
  options.base_prompts = "";
  options.steps = 3;
  options.batch = 4;
  options.image_size = 16;
  options.architecture.channels = {8, 16, 16};
  options.architecture.embed_dim = 16;
  options.architecture.cond_dim = 32;
  options.seed = 7;
  const fs::path a_dir = fresh_dir("train-a");
  options.output = a_dir;
  const auto a = train_tiny(options);
  options.output = fresh_dir("train-b");
  const auto b = train_tiny(options);
  EXPECT_EQ(a.weights_digest, b.weights_digest);
  EXPECT_TRUE(std::isfinite(a.final_loss));
  options.seed = 8;
  options.output = fresh_dir("train-c");
  EXPECT_NE(train_tiny(options).weights_digest, a.weights_digest);
  auto pipeline = load_tiny_pipeline(a_dir, c10::Device(c10::kCPU));
  EXPECT_EQ(pipeline->default_height(), 16);
}

}  // namespace
}  // namespace zipp::generation::builtin
