# Diagnostic: the PCA spectrum of SpecReg (and BP) on CIFAR test images at three points of the hidden layer:
# h = W x (what the penalty acts on, on: 'pre'), ReLU(h) and the batch-normalised output (what `powerlaw` measures,
# when the model has batch norm). Fit log(l_n/l_1) = -alpha log n + c on ranks 11-500 (the seed's window).
# Usage: python3 specreg-layers.py CIFAR10_JPEG_ZIP RUN_FOLDER MODEL... (needs the run's model weights, not exported).
import io, sys, zipfile, numpy as np
from PIL import Image
z = zipfile.ZipFile(sys.argv[1])
run = sys.argv[2]
names = sorted(n for n in z.namelist() if n.startswith('test/') and n.endswith('.jpg'))
X = np.stack([np.asarray(Image.open(io.BytesIO(z.read(n))).convert('RGB'), dtype=np.float64).transpose(2, 0, 1).reshape(-1) / 255 for n in names])
X = X / np.sum(np.abs(X) ** 3, axis=1, keepdims=True) ** (1 / 3)
def alpha(R):
    R = R - R.mean(0)
    ev = np.sort(np.linalg.eigvalsh(R.T @ R / (len(R) - 1)))[::-1]
    ev = ev / ev[0]
    n = np.arange(1, len(ev) + 1)
    m = (n >= 11) & (n <= 500) & (ev > 0)
    s, c = np.polyfit(np.log(n[m]), np.log(ev[m]), 1)
    r = np.log(ev[m]) - (s * np.log(n[m]) + c)
    r2 = 1 - r.var() / np.log(ev[m]).var()
    return -s, r2
for model in sys.argv[3:]:
    d = f'{run}/models/{model}'
    W = np.load(f'{d}/W.npy').astype(np.float64)
    if W.shape[0] == X.shape[1]: W = W.T
    H = X @ W.T
    out = {'pre h = Wx': H, 'ReLU(h)': np.maximum(H, 0)}
    try:
        mu, var = np.load(f'{d}/bn_running_mean.npy').ravel(), np.load(f'{d}/bn_running_var.npy').ravel()
        g, b = np.load(f'{d}/bn_gamma.npy').ravel(), np.load(f'{d}/bn_beta.npy').ravel()
        out['batch-normalised'] = (np.maximum(H, 0) - mu) / np.sqrt(var + 1e-5) * g + b
    except FileNotFoundError:
        pass
    for k, R in out.items():
        a, r2 = alpha(R)
        print(f'{model:8s} {k:18s} alpha {a:.3f}  r2 {r2:.4f}')
