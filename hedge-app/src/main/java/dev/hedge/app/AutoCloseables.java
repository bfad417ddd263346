package dev.hedge.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closing parts on the way out: one that fails is logged and does not keep the rest open. */
final class AutoCloseables {

    private static final Logger LOG = LoggerFactory.getLogger(AutoCloseables.class);

    private AutoCloseables() {}

    static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("closing {} failed: {}", closeable, e.toString());
        }
    }
}
