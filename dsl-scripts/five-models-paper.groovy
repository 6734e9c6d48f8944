// The seed study at paper scale: five models with H = 2000 hidden units on all 50,000 CIFAR-10
// training images (docs/methods.md §1-3 defaults). Needs the full data set:
//   data/fetch-cifar10.sh            (downloads and verifies cifar-10-binary.tar.gz)
// then run from the repository root:  ./robustlab run dsl-scripts/five-models-paper.groovy
// Expect half a day or more on a 2-core CPU with the AVX2 kernels the launcher picks (a day or more with OpenBLAS's
// generic SSE kernels): the KH rule runs the seed's 1000 epochs (50,000 updates of batch 1000) and each MLP
// 160 epochs; measured per-epoch times are in docs/performance.md and docs/reports/2026-11-22-five-models-full-cifar10.md.
// Models are cached, so an interrupted run resumes with the next untrained model. With 100 KH epochs the
// synapse p-norms were still ~4 (converged units have 1), so fewer epochs do not reproduce the paper's KH.
study('five-models-paper') {
    data cifar10(dir: '../data/cifar-10-binary.tar.gz')
    seed 1
    model 'kh',      encoder: kh(hidden: 2000, epochs: 1000, decoderEpochs: 1000)
    model 'bp',      encoder: mlp(hidden: 2000, epochs: 160)
    model 'l2',      encoder: mlp(hidden: 2000, epochs: 160), regularize: l2(1e-4)
    model 'jreg',    encoder: mlp(hidden: 2000, epochs: 160), regularize: jacobian(0.01)
    model 'specreg', encoder: mlp(hidden: 2000, epochs: 160), regularize: spectral(1.0)
    attack random
    attack fgsm
    attack pgd(steps: 10)
    analyze spectrum, powerlaw, landscape, stir, cka
}
