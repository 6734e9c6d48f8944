/** Metric plugins (docs/methods.md §8). Tribuo is bundled in this plugin's jar, not loaded by the host. */
package org.robustlab.plugins.metrics;
