// How far to trust a robustness number (docs/robustness.md): the five-model sample study's KH (short training) and
// BP on the bundled CIFAR-10 sample, attacked with FGSM, PGD-10 and the tuning-free APGD on the default L-inf grid
// (16 points from 1e-5 to 0.5, a factor 2.06 apart). Each of FGSM and PGD runs twice: critical eps at the grid's
// resolution (tolerance: 0) and resolved to 1% by the continuous search (the default with bisect: true), so the
// compare analyzer shows the medians and their bootstrap CIs before and after. The indicators of attack failure run
// after the attacks; a claim on a model whose indicators fired is left undecided.
study('attack-reliability-sample') {
    data sample
    seed 1
    model 'kh', encoder: kh(hidden: 500, epochs: 100, batch: 100, decoderEpochs: 100, decoderBatch: 100)
    model 'bp', encoder: mlp(hidden: 500, epochs: 30, batch: 100)
    attack fgsm(bisect: true, tolerance: 0)      // label fgsm: grid resolution
    attack fgsm(bisect: true)                    // label fgsm-2: resolved to 1%
    attack pgd(steps: 10, bisect: true, tolerance: 0)
    attack pgd(steps: 10, bisect: true)
    attack apgd(steps: 100, bisect: true)
    analyze compare(censored: 'km', bootstrap: 1000)
    claim 'KH more robust than BP under PGD (grid resolution)', 'kh > bp', on: 'pgd.medianCriticalDistance'
    claim 'KH more robust than BP under PGD (resolved to 1%)', 'kh > bp', on: 'pgd-2.medianCriticalDistance'
    claim 'KH more robust than BP under APGD', 'kh > bp', on: 'apgd.medianCriticalDistance'
    claim 'BP more accurate than KH', 'bp > kh', on: 'clean.accuracy'
}
