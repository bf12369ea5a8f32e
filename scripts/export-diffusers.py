#!/usr/bin/env python3
"""Export a diffusers Stable Diffusion 1.x / 2.x model to a zipp TorchScript model folder.

zipp draws images with LibTorch 1.13 (docs/generation.md "TorchScript pipelines"). This script
turns a diffusers model (a Hugging Face model id or a local folder in the diffusers layout:
tokenizer/, text_encoder/, unet/, vae/, scheduler/) into the folder zipp loads with
`generation.model=torchscript generation.model_dir=<folder>`:

    text_encoder.pt   input_ids [B, 77] int64 -> last_hidden_state [B, 77, D]
    unet.pt           sample [B, 4, h, w], timestep [B] float32, encoder_hidden_states [B, 77, D]
                      -> the noise (or v) prediction [B, 4, h, w]
    vae_decoder.pt    latents / scaling_factor [B, 4, h, w] -> images [B, 3, 8h, 8w] in [-1, 1]
    vocab.json, merges.txt   the CLIP tokenizer's files
    zipp_model.json   what the modules expect (docs/formats.md "zipp_model.json")

Usage (in a Python environment with torch 1.13, diffusers and transformers):

    python3 scripts/export-diffusers.py runwayml/stable-diffusion-v1-5 models/sd15
    python3 scripts/export-diffusers.py stabilityai/stable-diffusion-2-1-base models/sd21 \\
        --device cuda --dtype float16

Notes:
  * Use torch 1.13.x: a TorchScript file written by a newer torch may use operators or a file
    format version LibTorch 1.13 cannot read. The script warns otherwise.
  * The modules are traced (torch.jit.trace). Tracing records the device the export ran on in a
    few places (the UNet's timestep embedding creates tensors on the timestep's device), so export
    on the kind of device zipp will run on: --device cuda for GPU generation, cpu for CPU.
  * float16 needs --device cuda (LibTorch 1.13's CPU kernels lack half-precision convolutions).
  * The traced UNet works for any batch size and for latent sizes that are multiples of
    2 ** (number of UNet down blocks - 1) (8 for SD 1.x/2.x: images in multiples of 64 pixels);
    zipp_model.json records that as image_size_multiple and zipp refuses other sizes.
  * After saving, every module is loaded back with torch.jit.load and compared with the eager
    diffusers module on an input of a different batch size than the one traced.

This script has not been run in zipp's own CI (no diffusers, no weights there); the C++ side it
feeds is tested with tiny TorchScript modules (tests/generation/torchscript).
"""

import argparse
import json
import os
import shutil
import sys
import tempfile

FORMAT_VERSION = 1
BETA_SCHEDULES = {"linear": "linear", "scaled_linear": "scaled_linear",
                  "squaredcos_cap_v2": "cosine"}
PREDICTIONS = ("epsilon", "v_prediction")


def parse_args():
    parser = argparse.ArgumentParser(
        description="Export a diffusers Stable Diffusion 1.x/2.x model to a zipp TorchScript "
                    "model folder (docs/generation.md).")
    parser.add_argument("model", help="Hugging Face model id or local diffusers folder")
    parser.add_argument("out", help="output folder (created; existing files are replaced)")
    parser.add_argument("--device", default="cpu", help="device to trace on: cpu or cuda")
    parser.add_argument("--dtype", default="float32", choices=("float32", "float16", "bfloat16"),
                        help="floating-point type of the exported weights")
    parser.add_argument("--revision", default=None, help="model revision (branch, tag, commit)")
    parser.add_argument("--tolerance", type=float, default=None,
                        help="largest allowed |traced - eager| in the check (default: 1e-3 for "
                             "float32, 5e-2 otherwise)")
    return parser.parse_args()


def main():
    args = parse_args()
    import torch
    from diffusers import AutoencoderKL, DDPMScheduler, UNet2DConditionModel
    from transformers import CLIPTextModel, CLIPTokenizer

    if not torch.__version__.startswith("1.13"):
        print(f"warning: torch {torch.__version__}; zipp links LibTorch 1.13, which may not read "
              "TorchScript files written by a newer torch", file=sys.stderr)
    dtype = getattr(torch, args.dtype)
    device = torch.device(args.device)
    if dtype != torch.float32 and device.type == "cpu":
        sys.exit(f"--dtype {args.dtype} needs --device cuda")

    def load(cls, subfolder, **kwargs):
        return cls.from_pretrained(args.model, subfolder=subfolder, revision=args.revision,
                                   **kwargs)

    tokenizer = load(CLIPTokenizer, "tokenizer")
    text_encoder = load(CLIPTextModel, "text_encoder", torch_dtype=dtype).to(device).eval()
    unet = load(UNet2DConditionModel, "unet", torch_dtype=dtype).to(device).eval()
    vae = load(AutoencoderKL, "vae", torch_dtype=dtype).to(device).eval()
    schedule = DDPMScheduler.load_config(args.model, subfolder="scheduler",
                                         revision=args.revision)

    config = describe(args, tokenizer, text_encoder, unet, vae, schedule)
    os.makedirs(args.out, exist_ok=True)
    with torch.no_grad():
        export_modules(args, torch, tokenizer, text_encoder, unet, vae, config, dtype, device)
    copy_tokenizer(tokenizer, args.out)
    path = os.path.join(args.out, "zipp_model.json")
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2)
        f.write("\n")
    os.replace(path + ".tmp", path)
    print(f"wrote {args.out}: text_encoder.pt unet.pt vae_decoder.pt vocab.json merges.txt "
          "zipp_model.json")


def describe(args, tokenizer, text_encoder, unet, vae, schedule):
    """zipp_model.json's contents (docs/formats.md), checked for what zipp supports."""
    beta_schedule = schedule.get("beta_schedule", "linear")
    if beta_schedule not in BETA_SCHEDULES:
        sys.exit(f"scheduler beta_schedule {beta_schedule!r} is not supported by zipp "
                 f"(supported: {', '.join(BETA_SCHEDULES)})")
    prediction = schedule.get("prediction_type", "epsilon")
    if prediction not in PREDICTIONS:
        sys.exit(f"scheduler prediction_type {prediction!r} is not supported by zipp "
                 f"(supported: {', '.join(PREDICTIONS)})")
    if unet.config.in_channels != vae.config.latent_channels:
        sys.exit(f"unet in_channels {unet.config.in_channels} != vae latent_channels "
                 f"{vae.config.latent_channels} (an inpainting or depth model? only text-to-image "
                 "models are supported)")
    if unet.config.cross_attention_dim != text_encoder.config.hidden_size:
        sys.exit(f"unet cross_attention_dim {unet.config.cross_attention_dim} != text encoder "
                 f"hidden_size {text_encoder.config.hidden_size}")
    vae_scale_factor = 2 ** (len(vae.config.block_out_channels) - 1)
    unet_factor = 2 ** (len(unet.config.down_block_types) - 1)
    scaling_factor = getattr(vae.config, "scaling_factor", None) or 0.18215
    return {
        "format_version": FORMAT_VERSION,
        "model": args.model if args.revision is None else f"{args.model}@{args.revision}",
        "dtype": args.dtype,
        "sample_size": int(unet.config.sample_size),
        "latent_channels": int(unet.config.in_channels),
        "vae_scale_factor": int(vae_scale_factor),
        "image_size_multiple": int(vae_scale_factor * unet_factor),
        "scaling_factor": float(scaling_factor),
        "noise_schedule": {
            "beta_schedule": BETA_SCHEDULES[beta_schedule],
            "beta_start": float(schedule.get("beta_start", 0.0001)),
            "beta_end": float(schedule.get("beta_end", 0.02)),
            "num_train_timesteps": int(schedule.get("num_train_timesteps", 1000)),
            "prediction_type": prediction,
        },
        "tokenizer": {
            "max_length": int(tokenizer.model_max_length),
            "pad_token_id": int(tokenizer.pad_token_id),
        },
        "text_encoder_output": "tensor",
    }


def export_modules(args, torch, tokenizer, text_encoder, unet, vae, config, dtype, device):
    """Traces the three modules, saves them, loads them back and compares with eager."""

    class TextEncoder(torch.nn.Module):
        def __init__(self, model):
            super().__init__()
            self.text_encoder = model

        def forward(self, input_ids):
            return self.text_encoder(input_ids, return_dict=False)[0]

    class Unet(torch.nn.Module):
        def __init__(self, model):
            super().__init__()
            self.unet = model

        def forward(self, sample, timestep, encoder_hidden_states):
            return self.unet(sample, timestep, encoder_hidden_states, return_dict=False)[0]

    class VaeDecoder(torch.nn.Module):
        # Only the decoder half: AutoencoderKL.decode is post_quant_conv then decoder.
        def __init__(self, vae_model):
            super().__init__()
            self.post_quant_conv = vae_model.post_quant_conv
            self.decoder = vae_model.decoder

        def forward(self, latents):
            return self.decoder(self.post_quant_conv(latents))

    tolerance = args.tolerance or (1e-3 if dtype == torch.float32 else 5e-2)
    max_length = config["tokenizer"]["max_length"]
    channels = config["latent_channels"]
    size = config["sample_size"]
    hidden = text_encoder.config.hidden_size

    def ids(prompts):
        return tokenizer(prompts, padding="max_length", max_length=max_length, truncation=True,
                         return_tensors="pt").input_ids.to(device)

    generator = torch.Generator().manual_seed(0)

    def randn(*shape):
        return torch.randn(*shape, generator=generator).to(device=device, dtype=dtype)

    # Traced with batch 2 (a guided pair), checked with batch 1 and another latent size.
    small = max(config["image_size_multiple"] // config["vae_scale_factor"], size // 2)
    cases = {
        "text_encoder.pt": (
            TextEncoder(text_encoder),
            (ids(["a photograph of an astronaut riding a horse", ""]),),
            (ids(["an oil painting of a lighthouse"]),)),
        "unet.pt": (
            Unet(unet),
            (randn(2, channels, size, size), torch.tensor([999.0, 999.0], device=device),
             randn(2, max_length, hidden)),
            (randn(1, channels, small, small), torch.tensor([421.5], device=device),
             randn(1, max_length, hidden))),
        "vae_decoder.pt": (
            VaeDecoder(vae),
            (randn(1, channels, size, size),),
            (randn(2, channels, small, small),)),
    }
    for name, (module, example, check) in cases.items():
        path = os.path.join(args.out, name)
        print(f"tracing {name} ...", flush=True)
        traced = torch.jit.trace(module.eval(), example, check_trace=False)
        traced.save(path + ".tmp")
        os.replace(path + ".tmp", path)
        reloaded = torch.jit.load(path, map_location=device)
        expected = module(*check)
        found = reloaded(*check)
        if found.shape != expected.shape:
            sys.exit(f"{path}: traced output shape {tuple(found.shape)} differs from eager "
                     f"{tuple(expected.shape)} on inputs {[tuple(x.shape) for x in check]}")
        diff = (found.float() - expected.float()).abs().max().item()
        print(f"  {name}: max |traced - eager| = {diff:.3g} on a batch of {check[0].shape[0]}")
        if diff > tolerance:
            sys.exit(f"{path}: the traced module differs from eager by {diff:.3g} "
                     f"(tolerance {tolerance:g})")


def copy_tokenizer(tokenizer, out):
    """vocab.json and merges.txt of the slow CLIP tokenizer, as save_pretrained writes them."""
    with tempfile.TemporaryDirectory() as tmp:
        tokenizer.save_pretrained(tmp)
        for name in ("vocab.json", "merges.txt"):
            source = os.path.join(tmp, name)
            if not os.path.exists(source):
                sys.exit(f"the tokenizer did not write {name} (not a CLIP BPE tokenizer?)")
            shutil.copyfile(source, os.path.join(out, name))


if __name__ == "__main__":
    main()
