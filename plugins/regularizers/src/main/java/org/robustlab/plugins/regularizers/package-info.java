/** Regularizer plugins on the hidden layer (METHODS.md §3). */
package org.robustlab.plugins.regularizers;
