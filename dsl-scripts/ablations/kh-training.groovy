// Ablation (a) for the seed-protocol report: does KH's robustness depend on its training length and on pruning, and
// is the KH of robustlab's 2026-11-22 study (100 rule epochs, 100 decoder epochs, not pruned) less robust than BP?
// The seed's KH settings (../seed-protocol.groovy, each commented there with its source) for 100 and 1000 unsupervised
// epochs, pruned by the seed's StatisticGardener or not, and BP with the seed's schedule for 160 epochs (ablation (b):
// 160 and 1000 BP epochs give the same KH-BP signs), on 10,000 training and 2,000 test images of the JPEG CIFAR-10
// copy in ../shared/data (path relative to this folder; the test images are the first 2,000 of the full run, the
// ones its ablations attack); attacked with the seed's PGD and with APGD in the models' input space, critical eps
// resolved to 1%, with the indicators of attack failure. Every model trains its own rule (the rule's random streams
// are named after the model), so pruned and unpruned layers are two rule runs with the same settings.
// Estimated from the full run's per-epoch times at one fifth of the data: each 1000-epoch KH rule ~20 min, each
// 100-epoch rule ~2 min, each 1000-epoch decoder ~5 min, BP ~5 min, attacks ~4 min per model: about 1.5 h on 2 cores.
//   nohup ./robustlab run dsl-scripts/ablations/kh-training.groovy --out ../runs/ablation-kh-training \
//       > ../runs/ablation-kh-training.log 2>&1 &
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

    // the KH of robustlab's 2026-11-22 study (five-models-full-cifar10.groovy: kh(hidden: 2000, epochs: 100,
    // decoderEpochs: 100), every other setting at the defaults, which are the seed's), with the seed's x / ||x||_3 input
    model('kh-100-dec100') {
        encoder kh(hidden: 2000, p: 3, k: 2, delta: 0.4, eps0: 0.02, epochs: 100, batch: 1000, inputNorm: 3, n: 4.5,
                minConverged: 0, convergenceTol: 1e-2, prune: 'none', decoderEpochs: 100, decoderBatch: 1000, decoderLr: 1e-3)
    }
    // the reference: the reproduction's BP (seed-protocol.groovy) stopped at 160 epochs
    model('bp-160') {
        encoder mlp(hidden: 2000, n: 1, inputNorm: 3, epochs: 160, batch: 1000,
                lr: [1e-3, 5e-4, 2e-4, 1e-4, 1e-5], milestones: [31, 91, 121, 161])
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
    claim 'KH (1000 epochs, pruned: the seed\'s) more robust than BP (PGD)', 'kh-1000-pruned > bp-160', on: 'pgd.medianCriticalDistance'
    claim 'KH (1000 epochs, not pruned) more robust than BP (PGD)', 'kh-1000 > bp-160', on: 'pgd.medianCriticalDistance'
    claim 'KH (100 epochs, not pruned) more robust than BP (PGD)', 'kh-100 > bp-160', on: 'pgd.medianCriticalDistance'
    claim 'KH (100 epochs, pruned) more robust than BP (PGD)', 'kh-100-pruned > bp-160', on: 'pgd.medianCriticalDistance'
    claim 'the 2026-11-22 study\'s KH more robust than BP (PGD)', 'kh-100-dec100 > bp-160', on: 'pgd.medianCriticalDistance'
    claim 'the 2026-11-22 study\'s KH more robust than BP (APGD)', 'kh-100-dec100 > bp-160', on: 'apgd.medianCriticalDistance'
    claim 'KH (1000 epochs, pruned) more robust than BP (APGD)', 'kh-1000-pruned > bp-160', on: 'apgd.medianCriticalDistance'
    claim 'BP more accurate than KH (1000 epochs, pruned)', 'bp-160 > kh-1000-pruned', on: 'clean.accuracy'
}
