package org.robustlab.core.study;

import java.util.List;

/**
 * One model of a study: an encoder and the regularizers added to its loss.
 *
 * @param name          unique model name (folder name under {@code models/})
 * @param encoder       the encoder reference
 * @param regularizers  regularizer references, in order
 * @param where         source location of the declaration
 */
public record ModelSpec(String name, ComponentRef encoder, List<ComponentRef> regularizers, String where) {
    public ModelSpec {
        regularizers = List.copyOf(regularizers);
    }
}
