package org.robustlab.api;

import java.util.List;

/**
 * Predicted and true labels of one evaluation (clean, or one attack at one ε).
 *
 * @param model       model name
 * @param setting     what was evaluated, e.g. {@code clean} or {@code pgd@0.0100}
 * @param trueLabels  true labels
 * @param predicted   predicted labels
 * @param classNames  class names in label order
 */
public record Predictions(String model, String setting, int[] trueLabels, int[] predicted, List<String> classNames) {
}
