// Ablation (f), second half: the reproduction's landscape in pixel space (robustlab's default plane, the one
// ../seed-protocol.groovy analyses: x0 + a u + b v with a, b in [-20, 20] pixel-L2 units, J = ||dh/dx||_F through the
// model's x / ||x||_3), with both roughness measures, so that each can be compared between the two planes
// (landscape-space.groovy has the seed's plane). Declared 2026-12-01 after the seed-plane results were known
// (docs/reports/2026-12-01-landscape-space.md); the claims are the same ten.
// Run after the reproduction has trained its models:
//   ./robustlab run dsl-scripts/ablations/landscape-pixel.groovy --out ../runs/ablation-landscape-pixel \
//       --reuse-models ../runs/seed-protocol
// Cost: 3-4 min on 2 cores with the models reused (measured when it ran, docs/reports/2026-12-01-landscape-space.md).
study('ablation-landscape-pixel') {
    data images(path: '../../../shared/data/cifar10-jpeg.zip')
    seed 1
    precision 'float32'

    // exactly the reproduction's models (../seed-protocol.groovy has the seed-code source of every setting)
    model('kh') {
        encoder kh(hidden: 2000, p: 3, k: 2, delta: 0.4, eps0: 0.02, epochs: 1000, batch: 1000, inputNorm: 3, n: 4.5,
                minConverged: 0.9, convergenceTol: 1e-2, prune: 'seed',
                decoderEpochs: 1000, decoderBatch: 1000, decoderLr: 1e-3)
    }

    model('bp') {
        encoder mlp(hidden: 2000, n: 1, inputNorm: 3, epochs: 1000, batch: 1000,
                lr: [1e-3, 5e-4, 2e-4, 1e-4, 1e-5], milestones: [31, 91, 121, 161])
    }

    model('bp-160') {
        encoder mlp(hidden: 2000, n: 1, inputNorm: 3, epochs: 160, batch: 1000,
                lr: [1e-3, 5e-4, 2e-4, 1e-4, 1e-5], milestones: [31, 91, 121, 161])
    }

    model('l2') {
        encoder mlp(hidden: 2000, n: 1, inputNorm: 3, epochs: 160, batch: 1000,
                lr: [1e-3, 5e-4, 2e-4, 1e-4, 1e-5], milestones: [31, 91, 121, 161])
        regularize l2(5e-4, on: 'all')
    }

    model('jreg') {
        encoder mlp(hidden: 2000, n: 1, inputNorm: 3, epochs: 160, batch: 1000,
                lr: [1e-3, 5e-4, 2e-4, 1e-4, 1e-5], milestones: [31, 91, 121, 161])
        regularize jacobian(2e-3, projections: 3, on: 'pre')
    }

    model('specreg') {
        encoder mlp(hidden: 2000, n: 1, inputNorm: 3, epochs: 160, batch: 1000, batchNorm: true,
                schedule: 'exp', lr: 1e-3, decayStart: 90, decayTau: 30)
        regularize spectral(1.0, alpha: 1, tau: 0, on: 'pre')
    }

    // robustlab's default plane in pixel space, 100 x 100 points over [-20, 20]; roughness on the planes through the
    // first 100 test images (docs/methods.md section 6), in the same space
    analyze landscape(space: 'pixel', grid: 100, range: 20), compare

    // the reproduction's landscape claims, in pixel space
    claim 'KH Jacobian landscape smoother than BP (pixel space)', 'kh < bp', on: 'landscape.roughness'
    claim 'KH Jacobian landscape smoother than BP (160 epochs) (pixel space)', 'kh < bp-160', on: 'landscape.roughness'
    claim 'KH Jacobian landscape smoother than L2 (pixel space)', 'kh < l2', on: 'landscape.roughness'
    claim 'KH Jacobian landscape smoother than JReg (pixel space)', 'kh < jreg', on: 'landscape.roughness'
    claim 'KH Jacobian landscape smoother than SpecReg (pixel space)', 'kh < specreg', on: 'landscape.roughness'

    // the same claims on each plane's own scale (range-normalised variation)
    claim 'KH Jacobian landscape smoother than BP on its own scale (pixel space)', 'kh < bp', on: 'landscape.rangeRoughness'
    claim 'KH Jacobian landscape smoother than BP (160 epochs) on its own scale (pixel space)', 'kh < bp-160', on: 'landscape.rangeRoughness'
    claim 'KH Jacobian landscape smoother than L2 on its own scale (pixel space)', 'kh < l2', on: 'landscape.rangeRoughness'
    claim 'KH Jacobian landscape smoother than JReg on its own scale (pixel space)', 'kh < jreg', on: 'landscape.rangeRoughness'
    claim 'KH Jacobian landscape smoother than SpecReg on its own scale (pixel space)', 'kh < specreg', on: 'landscape.rangeRoughness'
}
