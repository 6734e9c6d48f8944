/** Regularizer plugins on the hidden layer (docs/methods.md §3). */
package org.robustlab.plugins.regularizers;
