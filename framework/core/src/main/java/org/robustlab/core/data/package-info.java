/** Readers for CIFAR-10 binaries, image folders and white-noise inputs; every source is checksummed. */
package org.robustlab.core.data;
