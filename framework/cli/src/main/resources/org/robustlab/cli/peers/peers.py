"""The work of `robustlab bench`, done the way a researcher would in PyTorch and NumPy (the peers).

Prints one JSON object per line: {"work": name, "seconds": best time, ...}. The first line describes the
peer ({"peer": ...}) with the BLAS library its process actually mapped, so the caller can refuse the
reference BLAS (20x slower; not a fair peer). Shapes match robustlab's bench: GEMM 1000x3072 by 3072x2000
float32, an MLP 3072 -> 2000 -> 10 (ReLU, batch 1000), PGD-10 L-inf on 1000 images, Krotov's
Krotov-Hopfield rule on a batch of 1000 (dense argsort and dense g.X^T, H = 2000, p = 3, k = 2,
delta = 0.4), and the symmetric eigendecomposition of a 2000x2000 float64 matrix.
"""
import argparse
import json
import os
import sys
import time


def best(fn, repeats, warmups=1):
    for _ in range(warmups):
        fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def mapped_blas():
    """Resolved paths of the BLAS/LAPACK libraries this process has mapped."""
    libs = set()
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1] if len(line.split()) >= 6 else ""
            name = os.path.basename(path)
            if "blas" in name or "lapack" in name or "mkl" in name:
                libs.add(os.path.realpath(path))
    return sorted(libs)


def emit(**fields):
    print(json.dumps(fields), flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", default="eigen,kh,mlp")
    args = parser.parse_args()
    only = set(args.only.split(","))
    import numpy as np
    import torch
    threads = os.cpu_count()
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    a = torch.rand(1000, 3072)
    b = torch.rand(3072, 2000)
    torch.mm(a, b)  # maps the BLAS
    np.dot(np.ones((64, 64)), np.ones((64, 64)))
    emit(peer="torch %s, numpy %s" % (torch.__version__, np.__version__), threads=threads, blas=mapped_blas(),
         python=sys.executable)
    bt = b.t().contiguous()
    # the faster of the two layouts, as robustlab's floor is the fastest of its GEMM entry points
    emit(work="gemm", seconds=min(best(lambda: torch.mm(a, b), args.repeats), best(lambda: torch.mm(a, bt.t()), args.repeats)))

    if "mlp" in only:
        model = torch.nn.Sequential(torch.nn.Linear(3072, 2000), torch.nn.ReLU(), torch.nn.Linear(2000, 10))
        x = torch.rand(1000, 3072)
        y = torch.randint(0, 10, (1000,))
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        loss_fn = torch.nn.CrossEntropyLoss()

        def step():
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()

        emit(work="mlp_step", seconds=best(step, args.repeats, warmups=2))

        eps = 0.01
        alpha = 2.5 * eps / 10

        def pgd():
            adv = x.clone()
            for _ in range(10):
                adv.requires_grad_(True)
                loss = torch.nn.functional.cross_entropy(model(adv), y, reduction="sum")
                grad, = torch.autograd.grad(loss, adv)
                with torch.no_grad():
                    adv = adv + alpha * grad.sign()
                    adv = torch.min(torch.max(adv, x - eps), x + eps).clamp_(0, 1)
            return adv

        emit(work="pgd10", seconds=best(pgd, args.repeats), images=1000)

    if "kh" in only:
        hidden, dim, p, k, delta, lr = 2000, 3072, 3.0, 2, 0.4, 0.02
        synapses = torch.randn(hidden, dim)
        inputs = torch.rand(dim, 1000)
        cols = torch.arange(1000)

        def krotov():
            # Krotov & Hopfield's published rule (their numpy code, in torch)
            sig = torch.sign(synapses)
            tot = torch.mm(sig * torch.abs(synapses) ** (p - 1), inputs)
            order = torch.argsort(tot, dim=0)
            yl = torch.zeros(hidden, 1000)
            yl[order[hidden - 1], cols] = 1.0
            yl[order[hidden - k], cols] = -delta
            xx = torch.sum(yl * tot, 1)
            ds = torch.mm(yl, inputs.t()) - xx.unsqueeze(1) * synapses
            nc = torch.max(torch.abs(ds))
            synapses.add_(lr * ds / max(nc, 1e-30))

        emit(work="kh_batch1000", seconds=best(krotov, args.repeats))

    if "eigen" in only:
        rng = np.random.default_rng(1)
        g = rng.random((2000, 2000))
        sym = g + g.T
        emit(work="gemm_f64_2000", seconds=best(lambda: sym @ g, args.repeats))
        emit(work="eigvalsh", seconds=best(lambda: np.linalg.eigvalsh(sym), args.repeats))
        emit(work="eigh", seconds=best(lambda: np.linalg.eigh(sym), args.repeats))


if __name__ == "__main__":
    main()
