/**
 * Groovy study scripts. {@link org.robustlab.dsl.StudyScript} is the script base class;
 * {@link org.robustlab.dsl.StudyBlock} and {@link org.robustlab.dsl.ModelBlock} are the delegates
 * of {@code study { }} and {@code model(name) { }}, one method per keyword. Bare names become
 * {@link org.robustlab.core.study.ComponentRef}s that are checked against the plugin registry at
 * their own line.
 */
package org.robustlab.dsl;
