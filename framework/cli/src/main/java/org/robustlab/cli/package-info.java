/** The {@code robustlab} command line (picocli): run, plugins, site, view, bench. */
package org.robustlab.cli;
