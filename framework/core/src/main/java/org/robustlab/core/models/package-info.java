/** Saving trained models as {@code model.json} plus {@code .npy} arrays, and the content-addressed training cache. */
package org.robustlab.core.models;
