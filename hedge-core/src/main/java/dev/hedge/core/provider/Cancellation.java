package dev.hedge.core.provider;

import dev.hedge.core.time.Cancellable;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A one-way signal that work should stop: the client left, the attempt lost a hedge race, or a timeout
 * fired. Callbacks registered with {@link #onCancel} run once, on the thread that cancels; one registered
 * after cancellation runs at once. Thread-safe.
 */
public final class Cancellation {

    private @Nullable List<Runnable> callbacks = new ArrayList<>();
    private @Nullable String reason;

    private Cancellation() {}

    /** A signal that nobody has raised yet. */
    public static Cancellation create() {
        return new Cancellation();
    }

    /** A signal raised when this one is, or when cancelled on its own (which leaves this one untouched). */
    public Cancellation child() {
        Cancellation child = new Cancellation();
        Cancellable unlink = onCancel(() -> child.cancel(reason()));
        child.onCancel(unlink::cancel);
        return child;
    }

    public synchronized boolean isCancelled() {
        return callbacks == null;
    }

    /** Why the work was cancelled, or {@code "not cancelled"}. */
    public synchronized String reason() {
        return reason == null ? "not cancelled" : reason;
    }

    /** Raises the signal; the first call runs the callbacks, later calls do nothing. */
    public void cancel(String why) {
        List<Runnable> toRun;
        synchronized (this) {
            if (callbacks == null) {
                return;
            }
            toRun = callbacks;
            callbacks = null;
            reason = why;
        }
        for (Runnable callback : toRun) {
            callback.run();
        }
    }

    /**
     * Runs {@code callback} when the signal is raised (at once if it was).
     *
     * @return a handle that unregisters the callback
     */
    public Cancellable onCancel(Runnable callback) {
        synchronized (this) {
            if (callbacks != null) {
                callbacks.add(callback);
                return () -> {
                    synchronized (Cancellation.this) {
                        if (callbacks != null) {
                            callbacks.remove(callback);
                        }
                    }
                };
            }
        }
        callback.run();
        return Cancellable.NONE;
    }
}
