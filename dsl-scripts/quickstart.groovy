// Quickstart: a backprop MLP and the same MLP with L2 weight decay, trained on the bundled
// CIFAR-10 sample, attacked with random perturbations of growing L2 length, and analysed:
// PCA spectra with power-law fits, Jacobian/decision landscapes, STIR and CKA.
study('quickstart') {
    data sample
    seed 42
    model 'bp', encoder: mlp(hidden: 256, epochs: 15, batch: 100)
    model 'l2', encoder: mlp(hidden: 256, epochs: 15, batch: 100), regularize: l2(1e-3)
    attack random(epsMin: 0.1, epsMax: 30, epsCount: 12)
    analyze spectrum, powerlaw(bootstrap: 10), landscape(grid: 51), stir(samples: 200, steps: 300), cka
}
