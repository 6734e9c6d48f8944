/** Binding of DSL arguments to {@link org.robustlab.api.Param} fields, validation, help and provenance. */
package org.robustlab.core.params;
