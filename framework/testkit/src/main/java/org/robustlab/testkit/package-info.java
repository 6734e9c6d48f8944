/**
 * The robustlab test kit (artifact {@code org.robustlab:robustlab-testkit}, test scope): what a plugin's tests
 * need, and what robustlab's own tests use. {@link org.robustlab.testkit.GradientCheck} (five-point central
 * differences, float64 only), {@link org.robustlab.testkit.Tolerances} (every tolerance in one place),
 * {@link org.robustlab.testkit.TestImages} (seeded images and datasets), {@link org.robustlab.testkit.AttackContract}
 * (what the host expects of every attack) and {@link org.robustlab.testkit.PluginJarBuilder} (real plugin jars).
 */
package org.robustlab.testkit;
