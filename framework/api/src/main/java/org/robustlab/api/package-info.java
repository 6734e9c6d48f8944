/**
 * The robustlab plugin contract: extension points ({@link org.robustlab.api.Encoder},
 * {@link org.robustlab.api.Regularizer}, {@link org.robustlab.api.Attack},
 * {@link org.robustlab.api.Analyzer}, {@link org.robustlab.api.Metric}) and the value types they
 * exchange. This package holds no engine code; plugins depend on it with {@code provided} scope.
 */
package org.robustlab.api;
