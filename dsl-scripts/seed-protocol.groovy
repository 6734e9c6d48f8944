// The seed code's protocol (holzhauk/LocalLearning, commit e1b82cd) as one robustlab study: the five models of the paper
// trained as the seed trains them, attacked as the seed attacks them, analysed, and the paper's robustness and accuracy
// claims evaluated with bootstrap confidence intervals. Every setting names the seed file (and line or notebook cell) it
// comes from. Data: the JPEG copy of all 60,000 CIFAR-10 images in ../shared/data (path relative to this folder).
// Cost on 2 cores (AMD EPYC, AVX2), measured in its run of 2026-11-30: the KH rule 6,130 s for 1000 epochs, its decoder
// 2,524 s for 1000 epochs, BP 8.4-10 s per epoch (about 2.5 h for 1000); attacks and analyses at this size are not
// measured yet. Run it in the background with its output outside the clone; it resumes after a kill:
//   nohup ./robustlab run dsl-scripts/seed-protocol.groovy --out ../runs/seed-protocol > ../runs/seed-protocol.log 2>&1 &
study('seed-protocol') {
    data images(path: '../../shared/data/cifar10-jpeg.zip')
    seed 1
    precision 'float32'

    // KH layer: src/llearn_CIFAR.py lines 14-27 (hidden_size 2000, n 4.5, p 3, tau_l = 1/0.02, k 2, Delta 0.4, R 1),
    // NO_EPOCHS 1000 and BATCH_SIZE 1000 (lines 26-27), learning rate (1 - epoch/NO_EPOCHS)/tau_l (lines 62-64), synapses
    // drawn N(0, 1) (FKHL3(model_ps, sigma=1.0), line 51), inputs x / ||x||_3 (LpUnitCIFAR10, src/LocalLearning/Data.py
    // lines 67-78). Kept only when fewer than 10% of the units are off the unit sphere by more than 1e-2
    // (llearn_CIFAR.py lines 77-80 with weight_convergence_criterion, src/LocalLearning/LocalLearning.py lines 574-593).
    // Pruned by the seed's statistical split of the synapse variances (StatisticGardener, src/LocalLearning/LocalLearning.py;
    // called in src/prune_and_plot_FKHL3_CIFAR.py lines 113-115) -> prune: 'seed'. (robustlab's own prune: 'auto', a
    // two-component mixture on all log variances, pruned 1779 of this layer's 2000 units; the seed's rule prunes 77,
    // cutoff variance 1.56e-3, near the paper's fixed 0.0015; docs/known-issues.md.) Decoder: notebooks/Training_CIFAR10.ipynb cells 6-7: cross-entropy, Adam with a
    // constant 1e-3, 1000 epochs, batch 1000, W frozen (KHModel, LocalLearning.py lines 284-356).
    model('kh') {
        encoder kh(hidden: 2000, p: 3, k: 2, delta: 0.4, eps0: 0.02, epochs: 1000, batch: 1000, inputNorm: 3, n: 4.5,
                minConverged: 0.9, convergenceTol: 1e-2, prune: 'seed',
                decoderEpochs: 1000, decoderBatch: 1000, decoderLr: 1e-3)
    }
    // The four backprop models: SHLP (LocalLearning.py lines 357-424): W He-initialised, h = x W, ReLU(h)^n with n = 1
    // (Training_CIFAR10.ipynb cell 13), on the same x / ||x||_3 inputs (cell 5), 1000 epochs, batch 1000 (cell 2),
    // Adam with shlp_schedule (cell 15): 1e-3 for epoch <= 30, 5e-4 to 90, 2e-4 to 120, 1e-4 to 160, then 1e-5, epochs
    // counted from 0 by LambdaLR (src/LocalLearning/Trainers.py lines 171-226) -> milestones 31, 91, 121, 161.
    model('bp') {
        encoder mlp(hidden: 2000, n: 1, inputNorm: 3, epochs: 1000, batch: 1000,
                lr: [1e-3, 5e-4, 2e-4, 1e-4, 1e-5], milestones: [31, 91, 121, 161])
    }
    // L2, JReg and SpecReg stop at 160 of the seed's 1000 epochs, as the reproduction issue allows when epochs 160-1000
    // change no claim: ablation (b) (ablations/bp-training.groovy, run 2026-11-30 on all of CIFAR-10, attacks on 2,000
    // test images) found every KH - BP difference with the same sign after 160 and after 1000 BP epochs (PGD, FGSM and
    // random: KH more robust, 95% intervals excluding 0 at both lengths; accuracy: BP ahead by 0.085 at both). BP itself
    // lost robustness between 160 and 1000 epochs (PGD median -0.0078, 95% CI [-0.0106, -0.0042]), so a 160-epoch model
    // compared with the 1000-epoch BP has a head start: 'bp-160' (BP after 160 epochs, the ablation's model: reused with
    // --reuse-models from that ablation's output when it is at hand, else trained here) is in the study so each regularizer is also compared with BP at its own training length.
    model('bp-160') {
        encoder mlp(hidden: 2000, n: 1, inputNorm: 3, epochs: 160, batch: 1000,
                lr: [1e-3, 5e-4, 2e-4, 1e-4, 1e-5], milestones: [31, 91, 121, 161])
    }
    // L2: LpReg(alpha_Lp=5e-4, p=2.0) (cell 25) adds 5e-4 * sum of ||P||_2^2 over every parameter, W, A and b
    // (src/LocalLearning/Regularizers.py lines 538-569).
    model('l2') {
        encoder mlp(hidden: 2000, n: 1, inputNorm: 3, epochs: 160, batch: 1000,
                lr: [1e-3, 5e-4, 2e-4, 1e-4, 1e-5], milestones: [31, 91, 121, 161])
        regularize l2(5e-4, on: 'all')
    }
    // JReg: JFReg(alpha_JF=1e-3, n=3) (cell 30): alpha * H ||J^T v||^2 / (n B) summed over 3 random unit projections
    // (Regularizers.py lines 276-298), i.e. alpha * mean ||dh/dx||_F^2 of the pre-activation h = x W (the model's second
    // output, LocalLearning.py line 423), which for this model is alpha * ||W||_F^2 in expectation. robustlab's
    // penalty is lambda * 1/2 * mean ||J||_F^2, so lambda = 2 * 1e-3 gives the seed's loss.
    model('jreg') {
        encoder mlp(hidden: 2000, n: 1, inputNorm: 3, epochs: 160, batch: 1000,
                lr: [1e-3, 5e-4, 2e-4, 1e-4, 1e-5], milestones: [31, 91, 121, 161])
        regularize jacobian(2e-3, projections: 3, on: 'pre')
    }
    // SpecReg: SHLP with batch_norm=True (cell 35: BatchNorm1d between ReLU(h)^n and the readout), SpecReg(alpha_SR=1.0,
    // alpha=1.0, tau=0) on the pre-activation h (cell 36), specreg_schedule (cell 37): 1e-3 up to epoch 90, then
    // 1e-3 * exp(-(epoch - 90)/30). robustlab computes the penalty as docs/methods.md specifies (eigenvectors of the
    // training-set covariance per epoch, every batch), not with the seed code's known bugs (last batch only).
    model('specreg') {
        encoder mlp(hidden: 2000, n: 1, inputNorm: 3, epochs: 160, batch: 1000, batchNorm: true,
                schedule: 'exp', lr: 1e-3, decayStart: 90, decayTau: 30)
        regularize spectral(1.0, alpha: 1, tau: 0, on: 'pre')
    }

    // Attacks: notebooks/Figure1-FigureA2-AdversarialAttacks.ipynb, on each model's correctly classified test images
    // (BaselineAccurateTestData, src/LocalLearning/Experiments.py line 34), perturbing the normalised x / ||x||_3 the
    // models see (cell 4) and measuring ||x' - x||_2 there (norm_p=2.0, cells 5, 10, 12) -> space: 'model'.
    // Critical distances are taken by bisection on the seed's 400-point grids (about 10 attack calls per image instead
    // of 400; the same answer as the sweep where success is monotone in eps). Never-flipped images are dropped from the
    // median, as the notebook's plots do (cell 7) -> compare(censored: 'drop').
    // Random: WhiteGaussianPerturbation, x + eps * N(0, I), not normalised, not clipped (Attacks.py lines 44-54), on
    // np.logspace(-6, np.log(2.5), 400) (cell 5; np.log is the natural log, so the top is 10^0.916 = 8.25).
    attack random(normalize: false, clip: false, space: 'model', epsMin: 1e-6, epsMax: Math.pow(10, Math.log(2.5)),
            epsCount: 400, extend: false, bisect: true)
    // FGSM: x + eps * sign(grad), clamped to [0, 1] after the step (Attacks.py lines 57-77), np.logspace(-6, -1.5, 400)
    // (cell 10).
    attack fgsm(space: 'model', box: [0, 1], epsMin: 1e-6, epsMax: Math.pow(10, -1.5), epsCount: 400, extend: false,
            bisect: true)
    // PGD: L-inf, 20 iterations, fixed step dl = 0.01 or 0.1 * eps when eps < dl, no random start, projection onto the
    // eps-ball every step and one clamp to [0, 1] at the end (Experiments.py lines 90-104; Attacks.py lines 80-161),
    // np.logspace(-6, -1.5, 400) (cell 12).
    attack pgd(steps: 20, stepSize: 0.01, smallEpsStepScale: 0.1, clip: 'end', space: 'model', box: [0, 1],
            epsMin: 1e-6, epsMax: Math.pow(10, -1.5), epsCount: 400, extend: false, bisect: true)
    // Not in the seed code: robustlab resolves every critical eps to 1% after the grid bisection (the default with
    // bisect: true; the seed's grid is already 2.6% fine) and computes the indicators of attack failure after the attacks
    // (docs/robustness.md); a claim on a model whose indicators fired is undecided. APGD is a tuning-free check of the
    // PGD ordering: Auto-PGD on the cross-entropy, 50 iterations from the clean image and 50 from a random start, each
    // image keeping the stronger result, on the first 1,000 test images, in the same space, box and grid. Why both
    // starts (changed 2026-12-01, before this study's APGD ran): from a random start alone, at the indicators' budget
    // eps = 1 a KH model is started on noise images it classifies with saturated softmax (zero loss gradient), and
    // 8-14% of its images are never flipped (docs/reports/2026-11-30-kh-training.md); from the clean image all are.
    attack apgd(steps: 50, randomStart: false, restarts: 1, subset: 1000, space: 'model', box: [0, 1],
            epsMin: 1e-6, epsMax: Math.pow(10, -1.5), epsCount: 400, extend: false, bisect: true)

    // Landscape: the seed's figure-4 plane (notebooks/Figure4-DecisionBoundaries.ipynb, cells 6-7): around the normalised
    // x0 / ||x0||_3 the models see, [-20, 20] in both directions, 100 x 100 points, J with respect to that input ->
    // space: 'model', grid: 100, range: 20. The study's run of 2026-12-01 (docs/reports/2026-12-01-seed-protocol.md) used
    // robustlab's pixel-space default here; ablation (f) computed this plane for the same models.
    analyze spectrum, powerlaw, landscape(space: 'model', grid: 100, range: 20), stir, cka, compare(censored: 'drop')

    // The paper's claims as its perturbation experiments state them (paper section 2), as chains of pairwise claims.
    // "BP ~ SpecReg" is an equivalence claim: it holds only when the whole interval of BP - SpecReg lies within 10% of
    // BP's median critical distance as ablation (b) measured it on the first 2,000 test images (random 3.378, FGSM
    // 0.0430, PGD 0.0413; after 160 epochs 3.936, 0.0509, 0.0491), a tolerance declared here on 2026-11-30 before
    // this study's attacks ran; a difference that is merely not significant is not evidence of equality.
    claim 'robustness ordering under random perturbations: KH > L2 > JReg > BP', 'kh > l2 > jreg > bp', on: 'random.medianCriticalDistance'
    claim 'robustness ordering under FGSM: KH > L2 > JReg > BP', 'kh > l2 > jreg > bp', on: 'fgsm.medianCriticalDistance'
    claim 'robustness ordering under PGD: KH > L2 > JReg > BP', 'kh > l2 > jreg > bp', on: 'pgd.medianCriticalDistance'
    claim 'robustness ordering under APGD (not in the paper; checks PGD): KH > L2 > JReg > BP', 'kh > l2 > jreg > bp', on: 'apgd.medianCriticalDistance'
    claim 'the same orderings with BP at the regularizers\' 160 epochs: random', 'kh > l2 > jreg > bp-160', on: 'random.medianCriticalDistance'
    claim 'the same orderings with BP at the regularizers\' 160 epochs: FGSM', 'kh > l2 > jreg > bp-160', on: 'fgsm.medianCriticalDistance'
    claim 'the same orderings with BP at the regularizers\' 160 epochs: PGD', 'kh > l2 > jreg > bp-160', on: 'pgd.medianCriticalDistance'
    claim 'JReg more robust than SpecReg under PGD', 'jreg > specreg', on: 'pgd.medianCriticalDistance'
    claim 'BP about as robust as SpecReg under random perturbations (within 10%)', 'bp ~ specreg', on: 'random.medianCriticalDistance', within: [-0.338, 0.338]
    claim 'BP about as robust as SpecReg under FGSM (within 10%)', 'bp ~ specreg', on: 'fgsm.medianCriticalDistance', within: [-0.0043, 0.0043]
    claim 'BP about as robust as SpecReg under PGD (within 10%)', 'bp ~ specreg', on: 'pgd.medianCriticalDistance', within: [-0.0041, 0.0041]
    claim 'BP (160 epochs) about as robust as SpecReg under random perturbations (within 10%)', 'bp-160 ~ specreg', on: 'random.medianCriticalDistance', within: [-0.394, 0.394]
    claim 'BP (160 epochs) about as robust as SpecReg under FGSM (within 10%)', 'bp-160 ~ specreg', on: 'fgsm.medianCriticalDistance', within: [-0.0051, 0.0051]
    claim 'BP (160 epochs) about as robust as SpecReg under PGD (within 10%)', 'bp-160 ~ specreg', on: 'pgd.medianCriticalDistance', within: [-0.0049, 0.0049]
    claim 'BP more accurate than L2', 'bp > l2', on: 'clean.accuracy'
    claim 'BP more accurate than JReg', 'bp > jreg', on: 'clean.accuracy'
    claim 'BP more accurate than SpecReg', 'bp > specreg', on: 'clean.accuracy'
    claim 'BP (160 epochs) more accurate than L2', 'bp-160 > l2', on: 'clean.accuracy'
    claim 'BP (160 epochs) more accurate than JReg', 'bp-160 > jreg', on: 'clean.accuracy'
    claim 'BP (160 epochs) more accurate than SpecReg', 'bp-160 > specreg', on: 'clean.accuracy'
    claim 'KH least accurate (below JReg)', 'jreg > kh', on: 'clean.accuracy'
    claim 'KH least accurate (below SpecReg)', 'specreg > kh', on: 'clean.accuracy'
    // "KH least accurate" needs every model above KH and "BP most accurate" BP above KH too: these two links were added
    // on 2026-12-01, after the models of this study's run were trained and before its compare step ran.
    claim 'KH least accurate (below L2)', 'l2 > kh', on: 'clean.accuracy'
    claim 'KH least accurate (below BP)', 'bp > kh', on: 'clean.accuracy'
    // The paper's spectrum and landscape claims (its section 3 and figure 4) where they compare models; their paired
    // intervals come from the powerlaw and landscape analyzers (docs/methods.md sections 5 and 6). "KH's spectrum is a
    // power law", "about 1" and "flat" are claims on one fit and need a tolerance the paper does not give: r² of the
    // log-log fit at least 0.9 (the powerlaw analyzer's minR2) and 0.1 in alpha, declared here on 2026-11-30 before
    // the analyses ran; each holds only when the fit's whole interval lies in its band.
    claim 'L2 spectrum steeper than BP on CIFAR', 'l2 > bp', on: 'powerlaw.cifar.alpha'
    claim 'JReg spectrum steeper than BP on CIFAR', 'jreg > bp', on: 'powerlaw.cifar.alpha'
    claim 'L2 spectrum steeper than BP (160 epochs) on CIFAR', 'l2 > bp-160', on: 'powerlaw.cifar.alpha'
    claim 'JReg spectrum steeper than BP (160 epochs) on CIFAR', 'jreg > bp-160', on: 'powerlaw.cifar.alpha'
    claim 'KH spectrum steeper than SpecReg on noise (SpecReg flat on noise)', 'kh > specreg', on: 'powerlaw.noise.alpha'
    claim 'KH spectrum a power law on CIFAR (r² of the fit at least 0.9)', 'kh', on: 'powerlaw.cifar.rSquared', within: [0.9, 1]
    claim 'KH spectrum a power law on noise (r² of the fit at least 0.9)', 'kh', on: 'powerlaw.noise.rSquared', within: [0.9, 1]
    claim 'SpecReg spectrum alpha about 1 on CIFAR (within 0.1)', 'specreg', on: 'powerlaw.cifar.alpha', within: [0.9, 1.1]
    claim 'SpecReg spectrum flat on noise (alpha within 0.1 of 0)', 'specreg', on: 'powerlaw.noise.alpha', within: [-0.1, 0.1]
    claim 'KH Jacobian landscape smoother than BP', 'kh < bp', on: 'landscape.roughness'
    claim 'KH Jacobian landscape smoother than BP (160 epochs)', 'kh < bp-160', on: 'landscape.roughness'
    claim 'KH Jacobian landscape smoother than L2', 'kh < l2', on: 'landscape.roughness'
    claim 'KH Jacobian landscape smoother than JReg', 'kh < jreg', on: 'landscape.roughness'
    claim 'KH Jacobian landscape smoother than SpecReg', 'kh < specreg', on: 'landscape.roughness'
    // The same on each plane's own scale (range-normalised variation, docs/methods.md section 6), the way the seed's
    // figure 4 draws each model from its plane's minimum to its maximum; added 2026-12-01 after the run of that date
    // (whose claims above were on the pixel-space plane) and after ablation (f) had measured both on the seed's plane.
    claim 'KH Jacobian landscape smoother than BP on its own scale', 'kh < bp', on: 'landscape.rangeRoughness'
    claim 'KH Jacobian landscape smoother than BP (160 epochs) on its own scale', 'kh < bp-160', on: 'landscape.rangeRoughness'
    claim 'KH Jacobian landscape smoother than L2 on its own scale', 'kh < l2', on: 'landscape.rangeRoughness'
    claim 'KH Jacobian landscape smoother than JReg on its own scale', 'kh < jreg', on: 'landscape.rangeRoughness'
    claim 'KH Jacobian landscape smoother than SpecReg on its own scale', 'kh < specreg', on: 'landscape.rangeRoughness'
}
