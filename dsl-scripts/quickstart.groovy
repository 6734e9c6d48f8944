// Quickstart: a backprop MLP and the same MLP with L2 weight decay, trained on the bundled
// CIFAR-10 sample, then attacked with random perturbations of growing L2 length.
study('quickstart') {
    data sample
    seed 42
    model 'bp', encoder: mlp(hidden: 256, epochs: 15, batch: 100)
    model 'l2', encoder: mlp(hidden: 256, epochs: 15, batch: 100), regularize: l2(1e-3)
    attack random(epsMin: 0.1, epsMax: 30, epsCount: 12)
}
