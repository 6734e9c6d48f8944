// The seed code's protocol at toy size: every setting of seed-protocol.groovy (see the comments there for the seed
// file each comes from), on the bundled 1,000-image CIFAR-10 sample with few epochs, small hidden layers and 40-point
// grids, so that it runs in about a minute or two on 2 cores. A test runs it as it is. The KH convergence gate is
// off (minConverged: 0): a layer of 3 epochs has not converged, and the gate would (rightly) stop the model.
study('seed-protocol-small') {
    data sample
    seed 1
    // settings and their seed-code sources: seed-protocol.groovy
    precision 'float32'

    model('kh') {
        encoder kh(hidden: 100, p: 3, k: 2, delta: 0.4, eps0: 0.02, epochs: 3, batch: 100, inputNorm: 3, n: 4.5,
                minConverged: 0, convergenceTol: 1e-2, prune: 'seed',
                decoderEpochs: 5, decoderBatch: 100, decoderLr: 1e-3)
    }
    model('bp') {
        encoder mlp(hidden: 100, n: 1, inputNorm: 3, epochs: 6, batch: 100,
                lr: [1e-3, 5e-4, 2e-4, 1e-4, 1e-5], milestones: [2, 3, 4, 5])
    }
    model('l2') {
        encoder mlp(hidden: 100, n: 1, inputNorm: 3, epochs: 6, batch: 100,
                lr: [1e-3, 5e-4, 2e-4, 1e-4, 1e-5], milestones: [2, 3, 4, 5])
        regularize l2(5e-4, on: 'all')
    }
    model('jreg') {
        encoder mlp(hidden: 100, n: 1, inputNorm: 3, epochs: 6, batch: 100,
                lr: [1e-3, 5e-4, 2e-4, 1e-4, 1e-5], milestones: [2, 3, 4, 5])
        regularize jacobian(2e-3, projections: 3, on: 'pre')
    }
    model('specreg') {
        encoder mlp(hidden: 100, n: 1, inputNorm: 3, epochs: 6, batch: 100, batchNorm: true,
                schedule: 'exp', lr: 1e-3, decayStart: 3, decayTau: 2)
        regularize spectral(1.0, alpha: 1, tau: 0, on: 'pre')
    }

    attack random(normalize: false, clip: false, space: 'model', epsMin: 1e-6, epsMax: Math.pow(10, Math.log(2.5)),
            epsCount: 40, extend: false, bisect: true)
    attack fgsm(space: 'model', box: [0, 1], epsMin: 1e-6, epsMax: Math.pow(10, -1.5), epsCount: 40, extend: false,
            bisect: true)
    attack pgd(steps: 20, stepSize: 0.01, smallEpsStepScale: 0.1, clip: 'end', space: 'model', box: [0, 1],
            epsMin: 1e-6, epsMax: Math.pow(10, -1.5), epsCount: 40, extend: false, bisect: true)

    analyze spectrum(scales: [10, 50, 100]), powerlaw(bootstrap: 20, scales: [10, 50, 100], imageWindow: [2, 50], noiseWindow: [2, 50]),
            landscape(space: 'model', grid: 21, range: 20), stir(samples: 50, steps: 50, bootstrap: 20), cka(samples: 200), compare(censored: 'drop', bootstrap: 500)

    claim 'robustness ordering under random perturbations: KH > L2 > JReg > BP', 'kh > l2 > jreg > bp', on: 'random.medianCriticalDistance'
    claim 'robustness ordering under FGSM: KH > L2 > JReg > BP', 'kh > l2 > jreg > bp', on: 'fgsm.medianCriticalDistance'
    claim 'robustness ordering under PGD: KH > L2 > JReg > BP', 'kh > l2 > jreg > bp', on: 'pgd.medianCriticalDistance'
    claim 'JReg more robust than SpecReg under PGD', 'jreg > specreg', on: 'pgd.medianCriticalDistance'
    claim 'BP more accurate than L2', 'bp > l2', on: 'clean.accuracy'
    claim 'BP more accurate than JReg', 'bp > jreg', on: 'clean.accuracy'
    claim 'BP more accurate than SpecReg', 'bp > specreg', on: 'clean.accuracy'
    claim 'KH least accurate (below JReg)', 'jreg > kh', on: 'clean.accuracy'
    claim 'KH least accurate (below SpecReg)', 'specreg > kh', on: 'clean.accuracy'
    claim 'KH least accurate (below L2)', 'l2 > kh', on: 'clean.accuracy'
    claim 'KH least accurate (below BP)', 'bp > kh', on: 'clean.accuracy'
    claim 'L2 spectrum steeper than BP on CIFAR', 'l2 > bp', on: 'powerlaw.cifar.alpha'
    claim 'JReg spectrum steeper than BP on CIFAR', 'jreg > bp', on: 'powerlaw.cifar.alpha'
    claim 'KH spectrum steeper than SpecReg on noise (SpecReg flat on noise)', 'kh > specreg', on: 'powerlaw.noise.alpha'
    claim 'KH Jacobian landscape smoother than BP', 'kh < bp', on: 'landscape.roughness'
    claim 'KH Jacobian landscape smoother than BP on its own scale', 'kh < bp', on: 'landscape.rangeRoughness'
    claim 'SpecReg spectrum alpha about 1 on CIFAR (within 0.1)', 'specreg', on: 'powerlaw.cifar.alpha', within: [0.9, 1.1]
}
