package dev.hedge.core.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs observer code so that its failure cannot break a request. */
final class Listeners {
    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private Listeners() {}

    static void safely(Runnable observer) {
        try {
            observer.run();
        } catch (RuntimeException e) {
            LOG.warn("a gateway listener failed; the request is unaffected", e);
        }
    }
}
