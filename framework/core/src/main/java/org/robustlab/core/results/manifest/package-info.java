/**
 * The typed contract of {@code study.json}: records the study runner writes and the site (and any reader) reads
 * back with Jackson. Unknown fields are ignored on reading, so a newer manifest stays readable by an older reader;
 * absent fields are null. The layout is documented in docs/results-format.md.
 */
package org.robustlab.core.results.manifest;
