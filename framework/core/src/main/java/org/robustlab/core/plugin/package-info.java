/**
 * The PF4J plugin host: loads plugin jars from folders, reports broken ones by file and reason,
 * and keeps a registry of the extensions they contribute, keyed by kind and DSL name.
 *
 * <p>Class loading: each plugin gets its own loader that looks in the plugin jar first, except
 * for classes the host shares (robustlab API, ND4J/JavaCPP, Groovy, PF4J, SLF4J), which always
 * come from the host so that arrays and models cross the plugin boundary unchanged.
 */
package org.robustlab.core.plugin;
