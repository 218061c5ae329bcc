"""Reference values of the Fréchet distance for FrechetDistanceTest.

Writes src/test/resources/fd/<case>/{a,b}.csv (float32 feature vectors, one per line) and
expected.json (the FD of a against b). The FD is pytorch-fid's calculate_frechet_distance
(scipy.linalg.sqrtm of sigma1 @ sigma2, eps offset when that is not finite, real part), fed with
mean and np.cov(rowvar=False) of the float32 features cast to float64 (pytorch-fid takes the mean
in the activations' float32; ascore accumulates in double).

Run from the project root: python3 src/test/python/make_fd_reference.py
"""
import json
import os

import numpy as np
from scipy import linalg

OUT = os.path.join("src", "test", "resources", "fd")


def calculate_frechet_distance(mu1, sigma1, mu2, sigma2, eps=1e-6):
    # The steps of pytorch_fid.fid_score.calculate_frechet_distance (v0.3.0).
    mu1 = np.atleast_1d(mu1)
    mu2 = np.atleast_1d(mu2)
    sigma1 = np.atleast_2d(sigma1)
    sigma2 = np.atleast_2d(sigma2)
    diff = mu1 - mu2
    covmean, _ = linalg.sqrtm(sigma1.dot(sigma2), disp=False)
    if not np.isfinite(covmean).all():
        offset = np.eye(sigma1.shape[0]) * eps
        covmean = linalg.sqrtm((sigma1 + offset).dot(sigma2 + offset))
    if np.iscomplexobj(covmean):
        if not np.allclose(np.diagonal(covmean).imag, 0, atol=1e-3):
            raise ValueError("Imaginary component {}".format(np.max(np.abs(covmean.imag))))
        covmean = covmean.real
    tr_covmean = np.trace(covmean)
    return diff.dot(diff) + np.trace(sigma1) + np.trace(sigma2) - 2 * tr_covmean


def features(rng, n, d, shift, dead=()):
    """ReLU of correlated Gaussians: non-negative like a CNN's pooled features, with dead units."""
    mix = rng.normal(size=(d, d)) / np.sqrt(d)
    x = rng.normal(size=(n, d)) @ mix + shift
    x = np.maximum(x, 0)
    x[:, list(dead)] = 0
    return x.astype(np.float32)


def write(case, a, b):
    folder = os.path.join(OUT, case)
    os.makedirs(folder, exist_ok=True)
    for name, x in (("a", a), ("b", b)):
        with open(os.path.join(folder, name + ".csv"), "w") as f:
            for row in x:
                f.write(",".join("%.9g" % v for v in row) + "\n")
    stats = []
    for x in (a, b):
        x64 = x.astype(np.float64)
        stats.append((x64.mean(axis=0), np.cov(x64, rowvar=False)))
    fd = calculate_frechet_distance(stats[0][0], stats[0][1], stats[1][0], stats[1][1])
    with open(os.path.join(folder, "expected.json"), "w") as f:
        json.dump({"n_a": len(a), "n_b": len(b), "dim": a.shape[1], "fd": float(fd)}, f, indent=1)
        f.write("\n")
    print(case, len(a), len(b), a.shape[1], repr(float(fd)))


def main():
    rng = np.random.default_rng(20261202)
    # More vectors than dimensions: both covariances full rank.
    write("full", features(rng, 200, 12, 0.8), features(rng, 150, 12, 0.5))
    # Fewer vectors than dimensions, and two units that are always 0: both covariances singular.
    write("singular", features(rng, 10, 24, 0.6, dead=(3, 17)), features(rng, 14, 24, 0.4, dead=(3, 17)))
    # A wider layer with dead units and n a little above d.
    write("dead-units", features(rng, 90, 64, 0.3, dead=range(0, 64, 9)), features(rng, 120, 64, 0.1, dead=range(0, 64, 9)))


if __name__ == "__main__":
    main()
