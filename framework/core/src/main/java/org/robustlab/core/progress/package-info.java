/** Progress display: a bar on a terminal, plain periodic lines otherwise (CI, pipes). */
package org.robustlab.core.progress;
