// Ablations (c), (d) and (e) for the seed-protocol report, on the reproduction's own KH and BP models (the same
// settings, data and seed as ../seed-protocol.groovy, so `--reuse-models` copies them from its output folder):
//   (c) attacks in pixel space ([0, 1] box, distances in pixels) vs in the models' normalised input x / ||x||_3;
//   (d) PGD with the seed's 20 fixed steps of 0.01 (0.1 eps below it, one clamp at the end) vs 10 steps of 2.5 eps / 10;
//   (e) median critical distance with never-flipped images dropped (the seed) vs Kaplan-Meier: compare reports both
//       (<attack>.medianCriticalDistanceDrop and <attack>.medianCriticalDistanceKM) from the same per-image CSVs.
// All of CIFAR-10 (the JPEG copy in ../shared/data, path relative to this folder); the attacks on the first 2,000 test
// images. Run after the reproduction has trained KH and BP:
//   nohup ./robustlab run dsl-scripts/ablations/attack-protocol.groovy --out ../runs/ablation-attack-protocol \
//       --reuse-models ../runs/seed-protocol > ../runs/ablation-attack-protocol.log 2>&1 &
// Run 2026-11-30 (17:53-18:05 UTC on 2 cores, with --reuse-models, so no training): five attacks and their indicator
// checks on two models, 721 s in all (without --reuse-models KH and BP would train first, ~6 h).
study('ablation-attack-protocol') {
    data images(path: '../../../shared/data/cifar10-jpeg.zip')
    seed 1
    precision 'float32'

    // exactly the reproduction's 'kh' and 'bp' (../seed-protocol.groovy has the seed-code source of every setting)
    model('kh') {
        encoder kh(hidden: 2000, p: 3, k: 2, delta: 0.4, eps0: 0.02, epochs: 1000, batch: 1000, inputNorm: 3, n: 4.5,
                minConverged: 0.9, convergenceTol: 1e-2, prune: 'seed',
                decoderEpochs: 1000, decoderBatch: 1000, decoderLr: 1e-3)
    }
    model('bp') {
        encoder mlp(hidden: 2000, n: 1, inputNorm: 3, epochs: 1000, batch: 1000,
                lr: [1e-3, 5e-4, 2e-4, 1e-4, 1e-5], milestones: [31, 91, 121, 161])
    }

    // label pgd: the seed's PGD in the models' input space (the reproduction's setting)
    attack pgd(steps: 20, stepSize: 0.01, smallEpsStepScale: 0.1, clip: 'end', space: 'model', box: [0, 1], subset: 2000,
            epsMin: 1e-6, epsMax: Math.pow(10, -1.5), epsCount: 400, extend: false, bisect: true)
    // label pgd-2 (c): the same attack on pixels; the grid spans the same decades scaled by a typical ||x||_3 of ~7
    attack pgd(steps: 20, stepSize: 0.01, smallEpsStepScale: 0.1, clip: 'end', space: 'pixel', subset: 2000,
            epsMin: 1e-5, epsMax: 0.3, epsCount: 400, extend: false, bisect: true)
    // label pgd-3 (d): 10 steps of 2.5 eps / 10, projected and clipped every step, in the models' input space
    attack pgd(steps: 10, stepScale: 2.5, space: 'model', box: [0, 1], subset: 2000,
            epsMin: 1e-6, epsMax: Math.pow(10, -1.5), epsCount: 400, extend: false, bisect: true)
    // labels fgsm and fgsm-2 (c): FGSM in the models' input space and on pixels
    attack fgsm(space: 'model', box: [0, 1], subset: 2000, epsMin: 1e-6, epsMax: Math.pow(10, -1.5), epsCount: 400,
            extend: false, bisect: true)
    attack fgsm(space: 'pixel', subset: 2000, epsMin: 1e-5, epsMax: 0.3, epsCount: 400, extend: false, bisect: true)

    analyze compare(censored: 'drop')

    claim 'KH more robust than BP: seed PGD, model space', 'kh > bp', on: 'pgd.medianCriticalDistance'
    claim 'KH more robust than BP: seed PGD, pixel space', 'kh > bp', on: 'pgd-2.medianCriticalDistance'
    claim 'KH more robust than BP: PGD-10 2.5eps/N, model space', 'kh > bp', on: 'pgd-3.medianCriticalDistance'
    claim 'KH more robust than BP: FGSM, model space', 'kh > bp', on: 'fgsm.medianCriticalDistance'
    claim 'KH more robust than BP: FGSM, pixel space', 'kh > bp', on: 'fgsm-2.medianCriticalDistance'
    claim 'KH more robust than BP: seed PGD, model space, Kaplan-Meier median', 'kh > bp', on: 'pgd.medianCriticalDistanceKM'
    claim 'KH more robust than BP: FGSM, model space, Kaplan-Meier median', 'kh > bp', on: 'fgsm.medianCriticalDistanceKM'
}
