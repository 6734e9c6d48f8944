// Ablation (b) for the seed-protocol report: does BP's robustness change between 30, 160 and 1000 epochs of the seed's
// schedule (../seed-protocol.groovy: Adam, 1e-3 stepped down at epochs 31, 91, 121, 161; x / ||x||_3 inputs)? If epochs
// 160-1000 change no claim (every difference keeps its sign), the other MLPs of the reproduction may stop at 160.
// 10,000 training and 2,000 test images of the JPEG CIFAR-10 copy in ../shared/data (path relative to this folder).
// Not yet run. Estimated at one fifth of the full data: an MLP epoch ~3 s, so ~50 min for bp-1000, ~8 min for bp-160,
// attacks ~5 min per model: about 1.2 h on 2 cores.
study('ablation-bp-training') {
    data images(path: '../../../shared/data/cifar10-jpeg.zip', train: 10000, test: 2000)
    seed 1
    precision 'float32'

    model('bp-30') {
        encoder mlp(hidden: 2000, n: 1, inputNorm: 3, epochs: 30, batch: 1000,
                lr: [1e-3, 5e-4, 2e-4, 1e-4, 1e-5], milestones: [31, 91, 121, 161])
    }
    model('bp-160') {
        encoder mlp(hidden: 2000, n: 1, inputNorm: 3, epochs: 160, batch: 1000,
                lr: [1e-3, 5e-4, 2e-4, 1e-4, 1e-5], milestones: [31, 91, 121, 161])
    }
    model('bp-1000') {
        encoder mlp(hidden: 2000, n: 1, inputNorm: 3, epochs: 1000, batch: 1000,
                lr: [1e-3, 5e-4, 2e-4, 1e-4, 1e-5], milestones: [31, 91, 121, 161])
    }

    attack fgsm(space: 'model', box: [0, 1], epsMin: 1e-6, epsMax: Math.pow(10, -1.5), epsCount: 400, extend: false,
            bisect: true)
    attack pgd(steps: 20, stepSize: 0.01, smallEpsStepScale: 0.1, clip: 'end', space: 'model', box: [0, 1],
            epsMin: 1e-6, epsMax: Math.pow(10, -1.5), epsCount: 400, extend: false, bisect: true)

    analyze compare(censored: 'drop')

    claim 'BP robustness after 160 epochs differs from after 1000 (PGD)', 'bp-160 > bp-1000', on: 'pgd.medianCriticalDistance'
    claim 'BP robustness after 30 epochs differs from after 160 (PGD)', 'bp-30 > bp-160', on: 'pgd.medianCriticalDistance'
    claim 'BP accuracy after 1000 epochs above 160', 'bp-1000 > bp-160', on: 'clean.accuracy'
}
