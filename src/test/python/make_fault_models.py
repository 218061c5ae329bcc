"""Builds two tiny TorchScript models that misbehave on purpose, for ascore's reliability tests.

Run from the repository root: python3 src/test/python/make_fault_models.py (needs torch).
Writes src/test/resources/models/{nonfinite,constant}.pt; both take [B, 1, 4, 4] and return [B, 2].
"""
import pathlib

import torch

OUT = pathlib.Path("src/test/resources/models")


class NonFinite(torch.nn.Module):
    """log(mean - 0.5): NaN for images darker than mid-grey, finite otherwise."""

    def forward(self, x):
        m = x.mean(dim=(1, 2, 3))
        return torch.stack([m, torch.log(m - 0.5)], dim=1)


class Constant(torch.nn.Module):
    """The same feature for every input: every step of the complexity path has zero length."""

    def forward(self, x):
        return x.flatten(1)[:, :2] * 0 + 1


def main():
    torch.manual_seed(0)
    probe = torch.rand(2, 1, 4, 4)
    for name, module in [("nonfinite", NonFinite()), ("constant", Constant())]:
        frozen = torch.jit.freeze(torch.jit.trace(module.eval(), probe))
        frozen.save(str(OUT / f"{name}.pt"))
        print(name, (OUT / f"{name}.pt").stat().st_size, "bytes")


if __name__ == "__main__":
    main()
