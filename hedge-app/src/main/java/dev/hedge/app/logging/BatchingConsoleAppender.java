package dev.hedge.app.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Writes log lines to the console from one writer thread, in batches: the thread that logs only queues the
 * event, and the writer wakes every {@link #setLingerMillis linger} (20 ms by default) to write everything
 * queued in one write. A request log line therefore costs its event loop neither a system call nor the wake-up
 * of another thread (logback's {@code AsyncAppender} signals its worker for every line, and the console
 * appender writes each line by itself). Warnings and errors wake the writer at once. When a whole linger passed
 * with nothing queued the writer sleeps until a line comes (that line wakes it, and it lingers from then on), so
 * an idle server's writer does not wake 50 times a second, and under steady load no line wakes it.
 *
 * <p>At most {@link #setQueueSize queue size} lines wait (8192 by default); beyond that new lines are dropped
 * rather than blocking or growing the heap, and the writer reports how many it dropped. On {@link #stop()} the
 * writer writes what is queued and ends.
 *
 * <p>Configured in {@code logback.xml} with an {@code <encoder>}, {@code <target>} ({@code System.err}, the
 * default, or {@code System.out}), {@code <queueSize>} and {@code <lingerMillis>}.
 */
public final class BatchingConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    private @Nullable Encoder<ILoggingEvent> encoder;
    private String target = "System.err";
    private int queueSize = 8192;
    private long lingerMillis = 20;
    /** Where batches go; read at every write so a redirected {@code System.err} is honoured. */
    private Supplier<OutputStream> output = () -> System.err;

    private final ConcurrentLinkedQueue<ILoggingEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean running;
    /** Set while the writer sleeps with nothing queued: the next line wakes it. */
    private final AtomicBoolean idle = new AtomicBoolean();
    /** Set by a warning or an error: the writer writes what is queued without lingering. */
    private volatile boolean urgent;
    private @Nullable Thread writer;

    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    /** {@code System.err} or {@code System.out}. */
    public void setTarget(String target) {
        this.target = target;
    }

    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    public void setLingerMillis(long lingerMillis) {
        this.lingerMillis = lingerMillis;
    }

    /** For tests: batches go to {@code output} instead of the console. */
    void setOutput(OutputStream output) {
        this.output = () -> output;
    }

    /** For tests: whether the writer sleeps, waiting for a line, for its linger to pass or for a warning. */
    boolean writerWaits() {
        Thread thread = writer;
        return thread != null && (thread.getState() == Thread.State.TIMED_WAITING
                || thread.getState() == Thread.State.WAITING);
    }

    /** For tests: whether the writer sleeps with nothing queued, without a timeout, until a line comes. */
    boolean writerIdle() {
        Thread thread = writer;
        return thread != null && idle.get() && thread.getState() == Thread.State.WAITING;
    }

    /** Lines dropped so far because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void start() {
        Encoder<ILoggingEvent> lines = encoder;
        if (lines == null) {
            addError("BatchingConsoleAppender " + name + ": no encoder");
            return;
        }
        if (queueSize < 1) {
            addError("queueSize: %d (expected: > 0)".formatted(queueSize));
            return;
        }
        if (lingerMillis < 1) {
            addError("lingerMillis: %d (expected: > 0)".formatted(lingerMillis));
            return;
        }
        switch (target) {
            case "System.err" -> { }
            case "System.out" -> output = () -> System.out;
            default -> {
                addError("target: %s (expected: System.err or System.out)".formatted(target));
                return;
            }
        }
        running = true;
        Thread thread = new Thread(() -> writeLoop(lines), "hedge-log-writer");
        thread.setDaemon(true);
        writer = thread;
        thread.start();
        super.start();
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        running = false;
        Thread thread = writer;
        if (thread != null) {
            LockSupport.unpark(thread);
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing();
        if (queued.incrementAndGet() > queueSize) {
            queued.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        queue.offer(event);
        boolean warning = event.getLevel().isGreaterOrEqual(Level.WARN);
        if (warning) {
            urgent = true;
        }
        Thread thread = writer;
        // not short-circuited: a warning also takes the writer out of its idle sleep
        if (thread != null && (idle.compareAndSet(true, false) | warning)) {
            LockSupport.unpark(thread);
        }
    }

    private void writeLoop(Encoder<ILoggingEvent> lines) {
        ByteArrayOutputStream batch = new ByteArrayOutputStream(64 * 1024);
        long reportedDrops = 0;
        while (true) {
            boolean last = !running;
            urgent = false; // a warning queued from here on wakes the writer again
            ILoggingEvent event;
            while ((event = queue.poll()) != null) {
                queued.decrementAndGet();
                try {
                    batch.writeBytes(lines.encode(event));
                } catch (RuntimeException e) {
                    addError("cannot encode a log event", e);
                }
            }
            long drops = dropped.get();
            if (drops > reportedDrops) {
                batch.writeBytes("%d log lines dropped: the log writer could not keep up%n"
                        .formatted(drops - reportedDrops).getBytes(StandardCharsets.UTF_8));
                reportedDrops = drops;
            }
            boolean wrote = batch.size() > 0;
            if (wrote) {
                write(batch);
            }
            if (last) {
                return;
            }
            // idle only after a whole linger without a line: a writer that idled whenever one batch emptied the
            // queue was woken by the next line's thread (a futex wake on an event loop, before that request's
            // answer went out) at every batch, 50 times a second under steady load
            if (!wrote && queue.isEmpty()) {
                idle.set(true);
                if (queue.isEmpty() && running) { // a line queued before idle was set is seen here
                    LockSupport.park(this);
                }
                idle.set(false);
            }
            if (!urgent && running) {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(lingerMillis));
            }
        }
    }

    private void write(ByteArrayOutputStream batch) {
        OutputStream out = output.get();
        try {
            batch.writeTo(out);
            out.flush();
        } catch (IOException e) {
            addError("cannot write log lines", e);
        } finally {
            batch.reset();
        }
    }
}
