// The five models of the seed study on the full CIFAR-10 (50,000 train / 10,000 test) as the
// JPEG copy in ../shared/data (path relative to this folder), H = 2000, seed 1, at training lengths that fit in about
// three hours on 2 cores: KH 100 of the seed's 1000 epochs, MLPs 30 epochs (lr 1e-3; the default schedule's first
// step is at epoch 30). jreg uses the exact closed form (the estimator's expectation). SpecReg runs twice: 'specreg'
// as specified (penalty on ĥ) and 'specreg_pre' on the pre-activation h = Wx as the seed code does (see
// docs/known-issues.md, "Spectral collapse"). About 75 minutes of training on 2 cores with the launcher's AVX2 kernels (measured 2026-11-22).
// Results and timings: docs/reports/2026-11-22-five-models-full-cifar10.md. Each model depends only on its name, parameters,
// data and seed, so the models can also be run as separate studies side by side.
study('five-models-full-cifar10') {
    data images(path: '../../shared/data/cifar10-jpeg.zip')
    seed 1
    model 'kh',          encoder: kh(hidden: 2000, epochs: 100, decoderEpochs: 100)
    model 'bp',          encoder: mlp(hidden: 2000, epochs: 30)
    model 'l2',          encoder: mlp(hidden: 2000, epochs: 30), regularize: l2(1e-4)
    model 'jreg',        encoder: mlp(hidden: 2000, epochs: 30), regularize: jacobian(0.01, exact: true)
    model 'specreg',     encoder: mlp(hidden: 2000, epochs: 30), regularize: spectral(1.0)
    model 'specreg_pre', encoder: mlp(hidden: 2000, epochs: 30), regularize: spectral(1.0, on: 'pre')
}
