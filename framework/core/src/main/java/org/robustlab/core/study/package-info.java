/** Study specification (what the DSL builds), configuration of extensions, the runner and provenance. */
package org.robustlab.core.study;
