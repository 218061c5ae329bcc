"""Builds tiny TorchScript models that misbehave on purpose, for ascore's reliability and model-probe tests.

Run from the repository root: python3 src/test/python/make_fault_models.py (needs torch).
Writes to src/test/resources/models/:

  nonfinite.pt, constant.pt     take [B, 1, 4, 4] and return [B, 2] (numerical-fault tests);
                                constant.conf is constant.pt's card
  transformer_fused.pt          a patch-embedding transformer traced in eval mode under no_grad, so its
                                graph holds PyTorch's fused aten::_transformer_encoder_layer_fwd, which
                                has no derivative: ascore cannot attack it
  transformer.pt                the same module and weights traced with an input that requires grad (the
                                graph uses scaled_dot_product_attention): the correct export
  dropout_traced_train.pt       traced in train mode: aten::dropout(train=True) is baked into the graph and
                                no eval() can turn it off
  dropout_scripted_train.pt     the same module scripted in train mode: eval(), which ascore applies on
                                load, turns its dropout off, so it is usable
  batchnorm_traced_train.pt     traced in train mode: batch-norm uses the statistics of the batch, so an
                                image's features depend on the other images of its batch
  fails_after_6_calls.pt        scripted; raises "simulated device fault" from its 7th forward on, so it
                                passes the load-time probe and then fails on every scoring batch

and a card <name>.conf (file, sha256, shapes) for each model of the probe tests. Every model takes an
already-normalized batch (the cards say mean 0, std 1) of 1x16x16 images unless said otherwise.
Each .pt file is a few kB to ~100 kB. The outputs are committed; ascore needs no Python.
"""
import hashlib
import pathlib
import warnings

import torch
import torch.nn as nn

OUT = pathlib.Path("src/test/resources/models")
SIDE = 16
FAIL_AFTER_CALLS = 6


class NonFinite(nn.Module):
    """log(mean - 0.5): NaN for images darker than mid-grey, finite otherwise."""

    def forward(self, x):
        m = x.mean(dim=(1, 2, 3))
        return torch.stack([m, torch.log(m - 0.5)], dim=1)


class Constant(nn.Module):
    """The same feature for every input: every step of the complexity path has zero length."""

    def forward(self, x):
        return x.flatten(1)[:, :2] * 0 + 1


class PatchTransformer(nn.Module):
    """ViT-shaped: 4x4 patch embedding, two nn.TransformerEncoderLayer (d_model 32), mean pool, LayerNorm."""

    def __init__(self):
        super().__init__()
        self.patch = nn.Conv2d(1, 32, 4, stride=4)
        self.pos = nn.Parameter(torch.randn(1, (SIDE // 4) ** 2, 32) * 0.02)
        layer = nn.TransformerEncoderLayer(32, 4, 64, dropout=0.1, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
        self.norm = nn.LayerNorm(32)

    def forward(self, x):
        tokens = self.patch(x).flatten(2).transpose(1, 2) + self.pos
        return self.norm(self.encoder(tokens).mean(dim=1))


class SmallConvDropout(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 8, 3, padding=1)
        self.drop = nn.Dropout(0.5)
        self.pool = nn.AdaptiveAvgPool2d(4)
        self.fc = nn.Linear(128, 8)

    def forward(self, x):
        x = self.drop(torch.relu(self.conv(x)))
        return self.fc(torch.flatten(self.pool(x), 1))


class SmallConvBatchNorm(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 8, 3, padding=1)
        self.bn = nn.BatchNorm2d(8)
        self.pool = nn.AdaptiveAvgPool2d(4)
        self.fc = nn.Linear(128, 8)

    def forward(self, x):
        x = torch.relu(self.bn(self.conv(x)))
        return self.fc(torch.flatten(self.pool(x), 1))


class FailsAfterCalls(nn.Module):
    """A working feature model until its call counter passes a limit; then every call raises the same
    error, like a device that broke mid-run. Scripted, so the counter is real module state."""

    def __init__(self, limit: int):
        super().__init__()
        self.fc = nn.Linear(SIDE * SIDE, 8)
        self.calls = 0
        self.limit = limit

    def forward(self, x):
        self.calls += 1
        if self.calls > self.limit:
            raise RuntimeError("simulated device fault")
        return torch.tanh(self.fc(torch.flatten(x, 1)))


def graph_ops(module):
    return {n.kind() for n in module.inlined_graph.nodes()}


def save(module, name):
    path = OUT / f"{name}.pt"
    module.save(str(path))
    print(name, path.stat().st_size, "bytes")
    return path


def write_card(name, path, side, feature_dim, batch_size, description):
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    card = OUT / f"{name}.conf"
    card.write_text(
        f"# Test model card written by src/test/python/make_fault_models.py: {description}\n"
        f"name = \"{name}\"\n"
        f"file = \"{path.name}\"\n"
        f"sha256 = \"{sha}\"\n"
        f"channels = 1\n"
        f"resize = {side}\n"
        f"crop = {side}\n"
        f"mean = [0.0]\n"
        f"std = [1.0]\n"
        f"feature_dim = {feature_dim}\n"
        f"batch_size = {batch_size}\n"
        f"licence = \"test model, random weights\"\n")


def traced(module, example, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer warnings about dropout and the fused path are the point here
        return torch.jit.trace(module, example, check_trace=False, **kwargs)


def main():
    torch.manual_seed(0)
    probe = torch.rand(2, 1, 4, 4)
    for name, module in [("nonfinite", NonFinite()), ("constant", Constant())]:
        frozen = torch.jit.freeze(torch.jit.trace(module.eval(), probe))
        path = save(frozen, name)
        if name == "constant":
            write_card(name, path, 4, 2, 8, "output does not depend on the input")

    x = torch.rand(2, 1, SIDE, SIDE)

    vit = PatchTransformer().eval()
    with torch.no_grad():
        fused = traced(vit, x)
    assert "aten::_transformer_encoder_layer_fwd" in graph_ops(fused), graph_ops(fused)
    path = save(fused, "transformer_fused")
    write_card("transformer_fused", path, SIDE, 32, 4,
               "traced under no_grad, so the graph holds the fused transformer kernel (no derivative)")
    good = traced(vit, x.clone().requires_grad_(True))
    assert "aten::_transformer_encoder_layer_fwd" not in graph_ops(good), graph_ops(good)
    assert "aten::scaled_dot_product_attention" in graph_ops(good), graph_ops(good)
    xi = x.clone().requires_grad_(True)
    (good(xi) * torch.randn(2, 32)).sum().backward()
    assert xi.grad.abs().max() > 0
    with torch.no_grad():
        assert torch.allclose(good(x), fused(x), atol=1e-5), "both exports compute the same function"
    path = save(good, "transformer")
    write_card("transformer", path, SIDE, 32, 4, "the same transformer traced with an input that requires grad")

    drop = SmallConvDropout().train()
    dropout_on = traced(drop, x)
    assert not torch.equal(dropout_on(x), dropout_on.eval()(x)), "eval() cannot turn a traced dropout off"
    path = save(dropout_on, "dropout_traced_train")
    write_card("dropout_traced_train", path, SIDE, 8, 4, "traced in train mode: dropout baked into the graph")
    scripted = torch.jit.script(drop.train())
    assert scripted.training
    scripted_eval = torch.jit.load(str(save(scripted, "dropout_scripted_train"))).eval()
    assert torch.equal(scripted_eval(x), scripted_eval(x)), "eval() turns a scripted dropout off"
    write_card("dropout_scripted_train", OUT / "dropout_scripted_train.pt", SIDE, 8, 4,
               "scripted in train mode; eval() on load turns its dropout off")

    bn = traced(SmallConvBatchNorm().train(), x)
    with torch.no_grad():
        assert not torch.allclose(bn(x)[:1], bn(x[:1]), atol=1e-3), "train-mode batch-norm mixes the batch"
    path = save(bn, "batchnorm_traced_train")
    write_card("batchnorm_traced_train", path, SIDE, 8, 4, "traced in train mode: batch statistics baked in")

    failing = torch.jit.script(FailsAfterCalls(FAIL_AFTER_CALLS).eval())
    name = f"fails_after_{FAIL_AFTER_CALLS}_calls"
    path = save(failing, name)
    write_card(name, path, SIDE, 8, 4, f"raises 'simulated device fault' from forward call {FAIL_AFTER_CALLS + 1} on")
    check = torch.jit.load(str(path))
    for _ in range(FAIL_AFTER_CALLS):
        check(x)
    try:
        check(x)
        raise AssertionError("expected the simulated fault")
    except torch.jit.Error as e:  # TorchScript's RuntimeError
        assert "simulated device fault" in str(e)


if __name__ == "__main__":
    main()
