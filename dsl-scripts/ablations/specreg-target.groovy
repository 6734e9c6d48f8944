// Ablation (g) for the seed-protocol report: why does the reproduction's SpecReg not reach the 1/n spectrum the paper
// reports (alpha 1.70 on CIFAR, penalty saturated from epoch 20 on)? robustlab's `spectral` follows Nassar et al.:
// the target gamma_n = beta* / (n+1)^alpha is anchored at the batch's own rank-tau pseudo-eigenvalue, so it shapes
// the spectrum but leaves its scale free. The seed code's SpecReg (holzhauk/LocalLearning e1b82cd,
// src/LocalLearning/Regularizers.py lines 455-459 and 500-501) has no anchor: gamma_n = n^-alpha in the
// representation's own units, penalised from rank tau on, which pins the scale too -> spectral(anchor: 'unit').
// 'specreg' is the reproduction's model, 'specreg-unit' the same with the seed's absolute target; 'bp' the
// reproduction's BP (1000 epochs) for the BP ~ SpecReg claim. The seed's other SpecReg details are not copied: its
// eigenvectors come from the last training batch only, its covariance is not centred, and its pseudo-eigenvalues keep
// the order of those eigenvectors instead of being re-sorted per batch (docs/known-issues.md).
// All of CIFAR-10 (the JPEG copy in ../shared/data, path relative to this folder); the reproduction's models are
// reused with --reuse-models; attacks on the first 2,000 test images. Run after the reproduction:
//   nohup ./robustlab run dsl-scripts/ablations/specreg-target.groovy --out ../runs/ablation-specreg-target \
//       --reuse-models ../runs/seed-protocol > ../runs/ablation-specreg-target.log 2>&1 &
// The claims below were declared on 2026-12-01 before this study ran; tolerances as in ../seed-protocol.groovy.
study('ablation-specreg-target') {
    data images(path: '../../../shared/data/cifar10-jpeg.zip')
    seed 1
    precision 'float32'

    model('bp') {
        encoder mlp(hidden: 2000, n: 1, inputNorm: 3, epochs: 1000, batch: 1000,
                lr: [1e-3, 5e-4, 2e-4, 1e-4, 1e-5], milestones: [31, 91, 121, 161])
    }
    model('specreg') {
        encoder mlp(hidden: 2000, n: 1, inputNorm: 3, epochs: 160, batch: 1000, batchNorm: true,
                schedule: 'exp', lr: 1e-3, decayStart: 90, decayTau: 30)
        regularize spectral(1.0, alpha: 1, tau: 0, on: 'pre')
    }
    model('specreg-unit') {
        encoder mlp(hidden: 2000, n: 1, inputNorm: 3, epochs: 160, batch: 1000, batchNorm: true,
                schedule: 'exp', lr: 1e-3, decayStart: 90, decayTau: 30)
        regularize spectral(1.0, alpha: 1, tau: 0, on: 'pre', anchor: 'unit')
    }

    attack random(normalize: false, clip: false, space: 'model', subset: 2000, epsMin: 1e-6,
            epsMax: Math.pow(10, Math.log(2.5)), epsCount: 400, extend: false, bisect: true)
    attack pgd(steps: 20, stepSize: 0.01, smallEpsStepScale: 0.1, clip: 'end', space: 'model', box: [0, 1], subset: 2000,
            epsMin: 1e-6, epsMax: Math.pow(10, -1.5), epsCount: 400, extend: false, bisect: true)

    analyze spectrum, powerlaw, compare(censored: 'drop')

    claim 'SpecReg with the seed code\'s absolute target: alpha about 1 on CIFAR (within 0.1)', 'specreg-unit', on: 'powerlaw.cifar.alpha', within: [0.9, 1.1]
    claim 'SpecReg with the seed code\'s absolute target: flat on noise (alpha within 0.1 of 0)', 'specreg-unit', on: 'powerlaw.noise.alpha', within: [-0.1, 0.1]
    claim 'the absolute target gives a flatter CIFAR spectrum than the anchored one', 'specreg > specreg-unit', on: 'powerlaw.cifar.alpha'
    claim 'BP about as robust as SpecReg with the absolute target under PGD (within 10%)', 'bp ~ specreg-unit', on: 'pgd.medianCriticalDistance', within: [-0.0041, 0.0041]
    claim 'BP about as robust as SpecReg with the absolute target under random perturbations (within 10%)', 'bp ~ specreg-unit', on: 'random.medianCriticalDistance', within: [-0.338, 0.338]
    claim 'SpecReg with the absolute target more robust than with the anchored one (PGD)', 'specreg-unit > specreg', on: 'pgd.medianCriticalDistance'
}
