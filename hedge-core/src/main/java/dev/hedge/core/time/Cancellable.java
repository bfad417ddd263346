package dev.hedge.core.time;

/** Something scheduled or running that can be called off. Cancelling twice, or after it ran, does nothing. */
@FunctionalInterface
public interface Cancellable {

    /** A handle that has nothing to cancel. */
    Cancellable NONE = () -> {};

    void cancel();
}
