// Ablation (a) for the seed-protocol report: does KH's robustness depend on its training length and on pruning?
// The seed's KH settings (../seed-protocol.groovy, each commented there with its source) for 100 and 1000 unsupervised
// epochs, pruned by the seed's StatisticGardener or not, on 10,000 training and 2,000 test images of the JPEG CIFAR-10
// copy in ../shared/data (path relative to this folder); attacked with the seed's PGD and with APGD in the models' input
// space, critical eps resolved to 1%, with the indicators of attack failure.
// Not yet run. Estimated from the full run's per-epoch times at one fifth of the data: each 1000-epoch KH rule ~17 min,
// each 100-epoch rule ~2 min, each 1000-epoch decoder ~8 min, attacks ~10 min per model: about 2 h on 2 cores.
study('ablation-kh-training') {
    data images(path: '../../../shared/data/cifar10-jpeg.zip', train: 10000, test: 2000)
    seed 1
    precision 'float32'

    model('kh-100') {
        encoder kh(hidden: 2000, p: 3, k: 2, delta: 0.4, eps0: 0.02, epochs: 100, batch: 1000, inputNorm: 3, n: 4.5,
                minConverged: 0, convergenceTol: 1e-2, prune: 'none', decoderEpochs: 1000, decoderBatch: 1000, decoderLr: 1e-3)
    }
    model('kh-100-pruned') {
        encoder kh(hidden: 2000, p: 3, k: 2, delta: 0.4, eps0: 0.02, epochs: 100, batch: 1000, inputNorm: 3, n: 4.5,
                minConverged: 0, convergenceTol: 1e-2, prune: 'seed', decoderEpochs: 1000, decoderBatch: 1000, decoderLr: 1e-3)
    }
    model('kh-1000') {
        encoder kh(hidden: 2000, p: 3, k: 2, delta: 0.4, eps0: 0.02, epochs: 1000, batch: 1000, inputNorm: 3, n: 4.5,
                minConverged: 0, convergenceTol: 1e-2, prune: 'none', decoderEpochs: 1000, decoderBatch: 1000, decoderLr: 1e-3)
    }
    model('kh-1000-pruned') {
        encoder kh(hidden: 2000, p: 3, k: 2, delta: 0.4, eps0: 0.02, epochs: 1000, batch: 1000, inputNorm: 3, n: 4.5,
                minConverged: 0, convergenceTol: 1e-2, prune: 'seed', decoderEpochs: 1000, decoderBatch: 1000, decoderLr: 1e-3)
    }

    attack pgd(steps: 20, stepSize: 0.01, smallEpsStepScale: 0.1, clip: 'end', space: 'model', box: [0, 1],
            epsMin: 1e-6, epsMax: Math.pow(10, -1.5), epsCount: 400, extend: false, bisect: true)
    attack apgd(steps: 50, randomStart: true, subset: 1000, space: 'model', box: [0, 1],
            epsMin: 1e-6, epsMax: Math.pow(10, -1.5), epsCount: 400, extend: false, bisect: true)

    analyze spectrum, powerlaw, compare(censored: 'drop')

    claim 'longer KH training makes KH more robust (PGD)', 'kh-1000 > kh-100', on: 'pgd.medianCriticalDistance'
    claim 'pruning makes the 1000-epoch KH more robust (PGD)', 'kh-1000-pruned > kh-1000', on: 'pgd.medianCriticalDistance'
    claim 'longer KH training makes KH more robust (APGD)', 'kh-1000 > kh-100', on: 'apgd.medianCriticalDistance'
    claim 'longer KH training makes KH more accurate', 'kh-1000 > kh-100', on: 'clean.accuracy'
}
