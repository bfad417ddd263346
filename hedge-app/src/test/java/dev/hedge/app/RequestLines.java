package dev.hedge.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * The lines of the request log ({@code hedge.requests}) written while it is open. A request's line is written
 * just after its answer's last byte, on the event loop: read them with {@link #await}, not right after an answer.
 */
public final class RequestLines implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger("hedge.requests");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public RequestLines() {
        appender.start();
        logger.addAppender(appender);
    }

    /** The lines so far. */
    public List<String> lines() {
        // the appender adds under its own lock (AppenderBase.doAppend is synchronized)
        synchronized (appender) {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    /** The lines of request {@code requestId} so far. */
    public List<String> of(String requestId) {
        String field = "\"request_id\":\"" + requestId + "\"";
        return lines().stream().filter(line -> line.contains(field)).toList();
    }

    /** Waits until the lines so far satisfy {@code ready}, and returns them. */
    public List<String> await(Predicate<List<String>> ready, String what) {
        TestHedge.await(() -> ready.test(lines()), what);
        return lines();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
