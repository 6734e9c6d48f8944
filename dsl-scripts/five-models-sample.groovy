// The seed study's five models at reduced scale on the bundled CIFAR-10 sample (1,000 train,
// 500 test images): Krotov-Hopfield (kh), plain backprop (bp), and backprop with L2, Jacobian
// and spectral regularisation. Hidden width 500 instead of 2000; few epochs.
study('five-models-sample') {
    data sample
    seed 1
    model 'kh',      encoder: kh(hidden: 500, epochs: 100, batch: 100, decoderEpochs: 100, decoderBatch: 100)
    model 'bp',      encoder: mlp(hidden: 500, epochs: 30, batch: 100)
    model 'l2',      encoder: mlp(hidden: 500, epochs: 30, batch: 100), regularize: l2(1e-3)
    model 'jreg',    encoder: mlp(hidden: 500, epochs: 30, batch: 100), regularize: jacobian(0.01)
    model 'specreg', encoder: mlp(hidden: 500, epochs: 30, batch: 100), regularize: spectral(1.0)
    attack random(epsMin: 0.01, epsMax: 30, epsCount: 10)
    attack fgsm(epsMin: 1e-4, epsMax: 0.3, epsCount: 10)
    attack pgd(steps: 10, epsMin: 1e-4, epsMax: 0.3, epsCount: 10)
    analyze spectrum, powerlaw, landscape, stir, cka
}
