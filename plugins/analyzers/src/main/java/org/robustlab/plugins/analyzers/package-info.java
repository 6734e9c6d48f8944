/**
 * Analyzer plugins over trained models (docs/methods.md §5–§7): PCA spectra and power-law fits,
 * Jacobian and decision landscapes, STIR shared invariance and CKA. Every analyzer writes below
 * {@code analyses/<name>/} and returns a short summary for the study manifest.
 */
package org.robustlab.plugins.analyzers;
