/** Attack plugins in pixel space with the [0, 1] box (docs/methods.md §4). */
package org.robustlab.plugins.attacks;
