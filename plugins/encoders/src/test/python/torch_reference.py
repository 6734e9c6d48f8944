"""An independent PyTorch implementation of robustlab's backprop family (METHODS.md §1 and §3), written from the
spec with autograd, to cross-check the Java training code.

  replay DIR   read DIR/{x,y,W0,A0,b0}.npy and DIR/config.json, train full-batch in float64 from exactly those
               weights, write DIR/{W,A,b,loss,penalty}.npy (TorchReferenceTest compares them with Java's run)
  cifar ZIP [JSON]  train from its own initialisation on the CIFAR-10 JPEG zip (train/<class>/*.jpg, test/...),
               float32, batch 1000, reshuffled every epoch; print the total loss (with the penalty), the penalty,
               train and test accuracy per epoch. JSON overrides the settings, e.g. '{"reg": "spectral", "on": "pre"}'

Model: h = W x, ĥ = ReLU(h)^n, logits = A ĥ + b, mean cross-entropy, torch.optim.Adam. Penalties:
  l2        λ ‖W‖_F²
  jacobian  λ · ½ · mean over the batch of ‖∂z/∂x‖_F², z = ĥ (on 'hidden') or h (on 'pre'), built row by row
            with autograd (not the closed form the Java code uses)
  spectral  once per epoch V = eigenvectors of the training-set covariance of z (float64, descending); per batch
            λ̃ = sorted diag(Vᵀ C_b V), anchor λ̃_τ (τ+1)^α detached, γ_m = anchor/(m+1)^α,
            R = (1/H) Σ_{m>τ, λ̃_m>0} [(λ̃_m/γ_m − 1)² + ReLU(λ̃_m/γ_m − 1)], loss += β R
"""
import io
import json
import sys
import time
import zipfile

import numpy as np
import torch

CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck']


class Model:
    def __init__(self, w, a, b, n):
        self.w, self.a, self.b = (t.clone().requires_grad_() for t in (w, a, b))
        self.n = n

    def params(self):
        return [self.w, self.a, self.b]

    def forward(self, x):
        h = x @ self.w.T
        hh = torch.relu(h) ** self.n
        return h, hh, hh @ self.a.T + self.b


def jacobian_penalty(model, x, on, lam):
    """λ · ½ · mean_b ‖∂z_b/∂x_b‖_F², one autograd pass per hidden unit (samples are independent)."""
    x = x.detach().clone().requires_grad_()
    h, hh, _ = model.forward(x)
    z = h if on == 'pre' else hh
    total = torch.zeros((), dtype=x.dtype)
    for i in range(z.shape[1]):
        row, = torch.autograd.grad(z[:, i].sum(), x, create_graph=True)  # B×D: row i of every sample's Jacobian
        total = total + row.pow(2).sum()
    return lam * 0.5 * total / x.shape[0]


def spectral_penalty(z, v, tau, alpha, beta):
    zc = z - z.mean(0)
    lam = (zc @ v).pow(2).sum(0) / (z.shape[0] - 1)
    lam, _ = torch.sort(lam, descending=True)
    hdim = z.shape[1]
    anchor = lam[tau].detach() * (tau + 1) ** alpha
    gamma = anchor / torch.arange(tau + 2, hdim + 1, dtype=z.dtype) ** alpha  # (m+1)^α for m = τ+1 … H−1
    tail = lam[tau + 1:]
    ratio = tail / gamma
    terms = (ratio - 1) ** 2 + torch.relu(ratio - 1)
    return beta * torch.where(tail > 0, terms, torch.zeros_like(terms)).sum() / hdim


def eigenvectors(model, x, on):
    with torch.no_grad():
        zs = []
        for i in range(0, x.shape[0], 1000):
            h, hh, _ = model.forward(x[i:i + 1000])
            zs.append((h if on == 'pre' else hh).double())
        cov = torch.cov(torch.cat(zs).T)
        _, vecs = torch.linalg.eigh((cov + cov.T) / 2)
        return vecs.flip(1)  # descending


def penalty(cfg, model, x, h, hh, v):
    reg = cfg.get('reg', 'none')
    if reg == 'l2':
        return cfg['lambda'] * model.w.pow(2).sum()
    if reg == 'jacobian':
        return jacobian_penalty(model, x, cfg.get('on', 'hidden'), cfg['lambda'])
    if reg == 'spectral':
        z = h if cfg.get('on', 'hidden') == 'pre' else hh
        return spectral_penalty(z, v.to(z.dtype), cfg.get('tau', 10), cfg.get('alpha', 1.0), cfg.get('beta', 1.0))
    return torch.zeros((), dtype=x.dtype)


def learning_rate(cfg, epoch):
    k = sum(1 for m in cfg.get('milestones', []) if epoch >= m)
    return cfg['lr'][min(k, len(cfg['lr']) - 1)]


def train(cfg, model, x, y, batch, shuffle, on_epoch=None):
    opt = torch.optim.Adam(model.params(), lr=learning_rate(cfg, 0))
    losses, penalties = [], []
    for e in range(cfg['epochs']):
        for group in opt.param_groups:
            group['lr'] = learning_rate(cfg, e)
        v = eigenvectors(model, x, cfg.get('on', 'hidden')) if cfg.get('reg') == 'spectral' else None
        order = torch.randperm(x.shape[0]) if shuffle else torch.arange(x.shape[0])
        loss_sum = pen_sum = 0.0
        correct = 0
        for i in range(0, x.shape[0], batch):
            idx = order[i:i + batch]
            xb, yb = x[idx], y[idx]
            h, hh, logits = model.forward(xb)
            loss = torch.nn.functional.cross_entropy(logits, yb)
            pen = penalty(cfg, model, xb, h, hh, v)
            opt.zero_grad()
            (loss + pen).backward()
            opt.step()
            loss_sum += (loss + pen).item() * len(idx)  # as robustlab's history: the total loss
            pen_sum += pen.item() * len(idx)
            correct += (logits.argmax(1) == yb).sum().item()
        losses.append(loss_sum / x.shape[0])
        penalties.append(pen_sum / x.shape[0])
        if on_epoch:
            on_epoch(e, losses[-1], penalties[-1], correct / x.shape[0])
    return losses, penalties


def replay(d):
    cfg = json.load(open(d + '/config.json'))
    torch.set_default_dtype(torch.float64)
    arr = {k: torch.from_numpy(np.load(d + '/' + k + '.npy')) for k in ('x', 'W0', 'A0', 'b0')}
    y = torch.from_numpy(np.load(d + '/y.npy')).long()
    model = Model(arr['W0'], arr['A0'], arr['b0'].reshape(-1), cfg['n'])
    losses, penalties = train(cfg, model, arr['x'], y, arr['x'].shape[0], shuffle=False)
    for k, t in (('W', model.w), ('A', model.a), ('b', model.b)):
        np.save(d + '/' + k + '.npy', t.detach().numpy())
    np.save(d + '/loss.npy', np.array(losses))
    np.save(d + '/penalty.npy', np.array(penalties))


def load_cifar_zip(path):
    out = {'train': ([], []), 'test': ([], [])}
    with zipfile.ZipFile(path) as zf:
        from PIL import Image
        for name in sorted(zf.namelist()):
            if name.endswith('.jpg'):
                split, cls, _ = name.split('/')[-3:]
                img = np.asarray(Image.open(io.BytesIO(zf.read(name))).convert('RGB'), dtype=np.uint8)
                out[split][0].append(img.transpose(2, 0, 1).reshape(-1))  # CHW, as the official binaries
                out[split][1].append(CLASSES.index(cls))
    return [(torch.tensor(np.stack(xs), dtype=torch.float32) / 255, torch.tensor(ys)) for xs, ys in (out['train'], out['test'])]


def cifar(path, args):
    cfg = {'epochs': 30, 'hidden': 2000, 'n': 1.0, 'reg': 'none', 'lr': [1e-3, 5e-4, 2e-4, 1e-4, 1e-5],
           'milestones': [30, 90, 120, 160], 'seed': 1}
    cfg.update(json.loads(args[0]) if args else {})
    torch.manual_seed(cfg['seed'])
    (xtr, ytr), (xte, yte) = load_cifar_zip(path)
    d, hdim = xtr.shape[1], cfg['hidden']
    model = Model(torch.randn(hdim, d) * (2.0 / d) ** 0.5, (torch.rand(10, hdim) * 2 - 1) / hdim ** 0.5,
                  (torch.rand(10) * 2 - 1) / hdim ** 0.5, cfg['n'])
    t0 = [time.time()]

    def report(e, loss, pen, acc):
        with torch.no_grad():
            test = (model.forward(xte)[2].argmax(1) == yte).double().mean().item()
        print(json.dumps({'epoch': e, 'loss': round(loss, 4), 'penalty': round(pen, 4), 'train': acc, 'test': test,
                          'seconds': round(time.time() - t0[0], 1)}), flush=True)
        t0[0] = time.time()

    print(json.dumps(cfg), flush=True)
    train(cfg, model, xtr, ytr, 1000, shuffle=True, on_epoch=report)


if __name__ == '__main__':
    if len(sys.argv) >= 3 and sys.argv[1] == 'replay':
        replay(sys.argv[2])
    elif len(sys.argv) >= 3 and sys.argv[1] == 'cifar':
        cifar(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(__doc__)
