package dev.hedge.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BatchingConsoleAppenderTest {

    private final LoggerContext context = new LoggerContext();
    private final Logger logger = context.getLogger("hedge.requests");

    BatchingConsoleAppenderTest() {
        context.setMDCAdapter(new LogbackMDCAdapter());
    }

    @Test
    void writesEveryLineFromManyThreadsInOrderPerThread() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BatchingConsoleAppender appender = appender(out, 100_000, 5);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 2_000; i++) {
                    appender.doAppend(event(Level.INFO, "t%d line %d".formatted(thread, i)));
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        appender.stop();

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(8_000);
        for (int t = 0; t < 4; t++) {
            String prefix = "INFO t%d line ".formatted(t);
            List<Integer> numbers = lines.stream().filter(line -> line.startsWith(prefix))
                    .map(line -> Integer.parseInt(line.substring(prefix.length()))).toList();
            assertThat(numbers).hasSize(2_000).isSorted();
        }
        assertThat(appender.dropped()).isZero();
    }

    @Test
    void writesLinesQueuedWhileRunningInOneWriteAfterTheLinger() throws Exception {
        CountingStream out = new CountingStream(null);
        BatchingConsoleAppender appender = appender(out, 1_000, 60_000);
        while (!appender.writerWaits()) {
            Thread.onSpinWait();
        }
        for (int i = 0; i < 50; i++) {
            appender.doAppend(event(Level.INFO, "line " + i));
        }
        // the first INFO line woke the writer from its idle sleep into its linger; a warning ends the linger, and
        // everything queued goes out together
        appender.doAppend(event(Level.WARN, "something is off"));
        assertThat(out.firstWrite.await(10, TimeUnit.SECONDS)).isTrue();
        appender.stop();

        assertThat(out.text().lines()).hasSize(51).last().isEqualTo("WARN something is off");
        assertThat(out.writes).isEqualTo(1);
    }

    @Test
    void anIdleWriterSleepsWithoutATimeoutUntilALineComes() throws Exception {
        CountingStream out = new CountingStream(null);
        BatchingConsoleAppender appender = appender(out, 1_000, 5);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!appender.writerIdle() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(appender.writerIdle()).as("the writer sleeps without a timeout when nothing is queued").isTrue();

        appender.doAppend(event(Level.INFO, "after a quiet spell"));
        assertThat(out.firstWrite.await(10, TimeUnit.SECONDS)).isTrue();
        appender.stop();

        assertThat(out.text().lines()).containsExactly("INFO after a quiet spell");
    }

    @Test
    void aWriterThatJustWroteLingersInsteadOfWaitingToBeWokenByTheNextLine() throws Exception {
        CountingStream out = new CountingStream(null);
        BatchingConsoleAppender appender = appender(out, 1_000, 60_000);
        while (!appender.writerIdle()) {
            Thread.onSpinWait();
        }
        appender.doAppend(event(Level.WARN, "written at once"));
        assertThat(out.firstWrite.await(10, TimeUnit.SECONDS)).isTrue();
        while (!appender.writerWaits()) {
            Thread.onSpinWait();
        }

        // lines that come within the linger are taken by the writer's own wake-up, not by waking it
        assertThat(appender.writerIdle()).isFalse();
        appender.stop();
        assertThat(out.text().lines()).containsExactly("WARN written at once");
    }

    @Test
    void dropsLinesBeyondTheQueueAndSaysHowMany() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountingStream out = new CountingStream(release);
        BatchingConsoleAppender appender = appender(out, 5, 5);
        appender.doAppend(event(Level.WARN, "first"));
        assertThat(out.firstWrite.await(10, TimeUnit.SECONDS)).isTrue(); // the writer is now stuck in write()
        for (int i = 0; i < 100; i++) {
            appender.doAppend(event(Level.INFO, "line " + i));
        }
        assertThat(appender.dropped()).isEqualTo(95);
        release.countDown();
        appender.stop();

        assertThat(out.text().lines()).containsExactly("WARN first", "INFO line 0", "INFO line 1", "INFO line 2",
                "INFO line 3", "INFO line 4", "95 log lines dropped: the log writer could not keep up");
    }

    @Test
    void refusesToStartWithoutAnEncoderOrWithABadTarget() {
        BatchingConsoleAppender noEncoder = new BatchingConsoleAppender();
        noEncoder.setContext(context);
        noEncoder.start();
        assertThat(noEncoder.isStarted()).isFalse();

        BatchingConsoleAppender badTarget = new BatchingConsoleAppender();
        badTarget.setContext(context);
        badTarget.setEncoder(encoder());
        badTarget.setTarget("System.in");
        badTarget.start();
        assertThat(badTarget.isStarted()).isFalse();
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .anySatisfy(status -> assertThat(status.getMessage()).contains("target: System.in"));
    }

    private BatchingConsoleAppender appender(OutputStream out, int queueSize, long lingerMillis) {
        BatchingConsoleAppender appender = new BatchingConsoleAppender();
        appender.setContext(context);
        appender.setEncoder(encoder());
        appender.setQueueSize(queueSize);
        appender.setLingerMillis(lingerMillis);
        appender.setOutput(out);
        appender.start();
        assertThat(appender.isStarted()).isTrue();
        return appender;
    }

    private PatternLayoutEncoder encoder() {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %msg%n");
        encoder.start();
        return encoder;
    }

    private LoggingEvent event(Level level, String message) {
        return new LoggingEvent(Logger.class.getName(), logger, level, message, null, null);
    }

    /** Counts write calls; the first one waits for {@code release} when given. */
    private static final class CountingStream extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CountDownLatch firstWrite = new CountDownLatch(1);
        private final CountDownLatch release;
        private volatile int writes;

        CountingStream(CountDownLatch release) {
            this.release = release == null ? new CountDownLatch(0) : release;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            writes++;
            firstWrite.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
