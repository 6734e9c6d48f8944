package org.robustlab.api;

/** A unit of long-running work; shown as a bar on a terminal, as periodic lines otherwise. */
public interface Progress extends AutoCloseable {
    /** Advances by {@code n} units. */
    void stepBy(long n);

    /** Advances by one unit. */
    default void step() {
        stepBy(1);
    }

    /** Short status shown after the bar, e.g. {@code loss 1.92}. */
    void message(String text);

    @Override
    void close();
}
