// Stable Diffusion style models exported to TorchScript (docs/generation.md "TorchScript
// pipelines"): a folder with text_encoder.pt, unet.pt and vae_decoder.pt (written by
// scripts/export-diffusers.py with torch 1.13), the CLIP tokenizer's vocab.json and merges.txt,
// and zipp_model.json (docs/formats.md) saying what the modules expect. The pipeline tokenizes
// prompts, runs the text encoder, the UNet on latents and the VAE decoder on latents divided by
// the latent scaling factor. LibTorch's TorchScript headers stay inside the one source file.
#pragma once

#include <filesystem>
#include <memory>

#include <c10/core/Device.h>

#include "generation/pipeline/pipeline.h"

namespace zipp::generation {

// Loads the folder's modules onto `device` and checks them against zipp_model.json where their
// parameters tell (UNet and VAE decoder input channels against latent_channels, the text
// encoder's token embedding against the vocabulary). IoError naming the file for a missing file;
// InputError naming the file for a module that does not load, a bad key or disagreeing shapes.
std::unique_ptr<Pipeline> load_torchscript_pipeline(const std::filesystem::path& model_dir,
                                                    c10::Device device);

}  // namespace zipp::generation
