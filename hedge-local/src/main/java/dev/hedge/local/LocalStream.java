package dev.hedge.local;

import dev.hedge.core.provider.Cancellation;
import dev.hedge.core.provider.ProviderException;
import dev.hedge.core.provider.StreamSubscriber;
import dev.hedge.core.provider.UpstreamStream;
import dev.hedge.local.chat.GgufModels;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A local generation delivered token by token from a worker thread. While paused, the worker stops pulling
 * tokens (it waits between tokens); a cancellation stops it within a token.
 */
final class LocalStream<T> implements UpstreamStream<T> {

    private final ExecutorService workers;
    private final Cancellation cancellation;
    private final Generation run;
    private final LocalShapes.ChunkShapes<T> shapes;
    private final AtomicBoolean started = new AtomicBoolean();
    private boolean paused;

    LocalStream(ExecutorService workers, Cancellation cancellation, Generation run, LocalShapes.ChunkShapes<T> shapes) {
        this.workers = workers;
        this.cancellation = cancellation;
        this.run = run;
        this.shapes = shapes;
        cancellation.onCancel(this::wake);
    }

    @Override
    public void start(StreamSubscriber<T> subscriber) {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("stream already started");
        }
        try {
            workers.execute(() -> generate(subscriber));
        } catch (RejectedExecutionException e) {
            subscriber.onError(LocalProvider.busy());
        }
    }

    private void generate(StreamSubscriber<T> subscriber) {
        try {
            shapes.start().forEach(subscriber::onNext);
            GgufModels.Outcome outcome = run.execute(piece -> {
                waitWhilePaused();
                if (cancellation.isCancelled()) {
                    return false;
                }
                subscriber.onNext(shapes.piece(piece));
                return true;
            }, cancellation::isCancelled);
            if (cancellation.isCancelled()) {
                subscriber.onError(ProviderException.cancelled(LocalProvider.NAME, cancellation.reason()));
                return;
            }
            shapes.end(outcome).forEach(subscriber::onNext);
            subscriber.onComplete();
        } catch (GgufModels.BusyException e) {
            subscriber.onError(LocalProvider.busy());
        } catch (RuntimeException e) {
            subscriber.onError(ProviderException.protocol(LocalProvider.NAME, "local generation failed: " + e.getMessage(), e));
        }
    }

    @Override
    public synchronized void pause() {
        paused = true;
    }

    @Override
    public synchronized void resume() {
        paused = false;
        notifyAll();
    }

    @Override
    public void cancel() {
        cancellation.cancel("stream cancelled");
    }

    private synchronized void wake() {
        notifyAll();
    }

    private synchronized void waitWhilePaused() {
        while (paused && !cancellation.isCancelled()) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
