/**
 * Encoder plugins of the one-hidden-layer family (docs/methods.md §1): h = W·pre(x), ĥ = ReLU(h)^n,
 * logits = A ĥ + b. {@link org.robustlab.plugins.encoders.HiddenLayerOps} holds the hand-derived
 * forward and backward passes shared by training, attacks and the Jacobian norm.
 */
package org.robustlab.plugins.encoders;
