#!/usr/bin/env python3
"""Export the CLIP image tower CMMD uses to TorchScript for zipp's CLIP embedder.

CMMD (Jayasumana et al. 2024, google-research/cmmd) embeds images with
openai/clip-vit-large-patch14-336: `get_image_features` (the vision transformer's pooled output
times the visual projection, 768 values), L2-normalised. This script traces exactly that part of
transformers' CLIPModel:

    clip_vision.pt   pixel_values [B, 3, 336, 336] float32, normalised with CLIP's mean and std
                     -> image features [B, 768] (not normalised; zipp normalises them)

zipp does the preprocessing in C++ as CMMD does (eval/embedders/clip_embedder.h): centred square
crop, Pillow's bicubic resize to 336, / 255, (x - mean) / std.

Usage (in a Python environment with torch 1.13 and transformers):

    python3 scripts/export-clip-image.py models/clip_vision.pt
    python3 scripts/export-clip-image.py models/clip_vision.pt --model openai/clip-vit-base-patch32

Use torch 1.13 (the LibTorch zipp links). The traced module is checked against the eager model on
a batch of another size after loading it back. Not run in zipp's CI (no transformers, no weights
there); the C++ side is tested with a tiny TorchScript module (tests/eval/embedders).
"""

import argparse
import os
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", help="the .pt file to write")
    parser.add_argument("--model", default="openai/clip-vit-large-patch14-336",
                        help="a transformers CLIP model id or folder")
    parser.add_argument("--device", default="cpu", help="device to trace on (cpu or cuda)")
    args = parser.parse_args()

    import torch
    from transformers import CLIPModel

    if not torch.__version__.startswith("1.13"):
        print(f"warning: torch {torch.__version__}; zipp links LibTorch 1.13", file=sys.stderr)
    device = torch.device(args.device)
    clip = CLIPModel.from_pretrained(args.model).to(device).eval()
    size = clip.config.vision_config.image_size

    class Vision(torch.nn.Module):
        # CLIPModel.get_image_features: the pooled output of the vision model, projected.
        def __init__(self, model):
            super().__init__()
            self.vision_model = model.vision_model
            self.visual_projection = model.visual_projection

        def forward(self, pixel_values):
            pooled = self.vision_model(pixel_values=pixel_values, return_dict=False)[1]
            return self.visual_projection(pooled)

    module = Vision(clip).eval()
    generator = torch.Generator().manual_seed(0)
    example = torch.randn(2, 3, size, size, generator=generator).to(device)
    check = torch.randn(1, 3, size, size, generator=generator).to(device)
    with torch.no_grad():
        traced = torch.jit.trace(module, (example,), check_trace=False)
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        traced.save(args.out + ".tmp")
        os.replace(args.out + ".tmp", args.out)
        reloaded = torch.jit.load(args.out, map_location=device)
        expected = clip.get_image_features(pixel_values=check)
        found = reloaded(check)
    diff = (found - expected).abs().max().item()
    print(f"wrote {args.out}: input [B, 3, {size}, {size}], output {tuple(found.shape)}, "
          f"max |traced - eager| = {diff:.3g}")
    if found.shape != expected.shape or diff > 1e-3:
        sys.exit(f"{args.out}: the traced module differs from eager")


if __name__ == "__main__":
    main()
