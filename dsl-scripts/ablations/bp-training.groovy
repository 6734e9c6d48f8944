// Ablation (b) for the seed-protocol report: does BP's robustness change between 30, 160 and 1000 epochs of the seed's
// schedule (../seed-protocol.groovy: Adam, 1e-3 stepped down at epochs 31, 91, 121, 161; x / ||x||_3 inputs)? If epochs
// 160-1000 change no claim (every difference keeps its sign), the other MLPs of the reproduction may stop at 160.
// The reproduction's KH (reused too) is compared with BP at each length: the paper's KH > BP claims must come out the
// same after 160 and after 1000 epochs.
// All of CIFAR-10 (the JPEG copy in ../shared/data, path relative to this folder); 'bp' is exactly the reproduction's
// 1000-epoch model, so `--reuse-models` copies it from the reproduction's output folder; the attacks on the first
// 2,000 test images (the seed's random, FGSM and PGD; random is forward passes only). Run after the reproduction has trained BP:
//   nohup ./robustlab run dsl-scripts/ablations/bp-training.groovy --out ../runs/ablation-bp-training \
//       --reuse-models ../runs/seed-protocol > ../runs/ablation-bp-training.log 2>&1 &
// Run 2026-11-30 (16:04-16:44 UTC on 2 cores, with --reuse-models): bp-30 and bp-160 ~8.7 s per epoch (1,584 s),
// attacks and indicator checks on four models ~700 s, 2,350 s in all.
study('ablation-bp-training') {
    data images(path: '../../../shared/data/cifar10-jpeg.zip')
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
    // the reproduction's 'kh' and 'bp' (1000 epochs)
    model('kh') {
        encoder kh(hidden: 2000, p: 3, k: 2, delta: 0.4, eps0: 0.02, epochs: 1000, batch: 1000, inputNorm: 3, n: 4.5,
                minConverged: 0.9, convergenceTol: 1e-2, prune: 'seed',
                decoderEpochs: 1000, decoderBatch: 1000, decoderLr: 1e-3)
    }
    model('bp') {
        encoder mlp(hidden: 2000, n: 1, inputNorm: 3, epochs: 1000, batch: 1000,
                lr: [1e-3, 5e-4, 2e-4, 1e-4, 1e-5], milestones: [31, 91, 121, 161])
    }

    attack random(normalize: false, clip: false, space: 'model', subset: 2000, epsMin: 1e-6,
            epsMax: Math.pow(10, Math.log(2.5)), epsCount: 400, extend: false, bisect: true)
    attack fgsm(space: 'model', box: [0, 1], subset: 2000, epsMin: 1e-6, epsMax: Math.pow(10, -1.5), epsCount: 400,
            extend: false, bisect: true)
    attack pgd(steps: 20, stepSize: 0.01, smallEpsStepScale: 0.1, clip: 'end', space: 'model', box: [0, 1], subset: 2000,
            epsMin: 1e-6, epsMax: Math.pow(10, -1.5), epsCount: 400, extend: false, bisect: true)

    analyze compare(censored: 'drop')

    claim 'BP more robust after 160 epochs than after 1000 (PGD)', 'bp-160 > bp', on: 'pgd.medianCriticalDistance'
    claim 'BP more robust after 30 epochs than after 160 (PGD)', 'bp-30 > bp-160', on: 'pgd.medianCriticalDistance'
    claim 'BP more robust after 160 epochs than after 1000 (random)', 'bp-160 > bp', on: 'random.medianCriticalDistance'
    claim 'BP accuracy after 1000 epochs above 160', 'bp > bp-160', on: 'clean.accuracy'
    claim 'KH more robust than BP after 160 epochs (PGD)', 'kh > bp-160', on: 'pgd.medianCriticalDistance'
    claim 'KH more robust than BP after 1000 epochs (PGD)', 'kh > bp', on: 'pgd.medianCriticalDistance'
    claim 'KH more robust than BP after 160 epochs (FGSM)', 'kh > bp-160', on: 'fgsm.medianCriticalDistance'
    claim 'KH more robust than BP after 1000 epochs (FGSM)', 'kh > bp', on: 'fgsm.medianCriticalDistance'
    claim 'KH more robust than BP after 160 epochs (random)', 'kh > bp-160', on: 'random.medianCriticalDistance'
    claim 'KH more robust than BP after 1000 epochs (random)', 'kh > bp', on: 'random.medianCriticalDistance'
    claim 'BP more accurate than KH after 160 epochs', 'bp-160 > kh', on: 'clean.accuracy'
    claim 'BP more accurate than KH after 1000 epochs', 'bp > kh', on: 'clean.accuracy'
}
