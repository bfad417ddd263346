package dev.hedge.server;

import java.util.Optional;

/**
 * How the listener behaves.
 *
 * @param host the interface to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port the port; 0 picks a free one
 * @param maxBodyBytes the largest request body accepted (413 beyond)
 * @param maxConcurrentRequests requests in flight at once before new ones get 503 with Retry-After
 * @param eventLoops threads serving connections; 0 means one per core
 * @param publicUrl how clients reach this server, for the start-up banner, if it differs from host:port
 */
public record ServerSettings(
        String host,
        int port,
        int maxBodyBytes,
        int maxConcurrentRequests,
        int eventLoops,
        Optional<String> publicUrl) {

    public static final int DEFAULT_PORT = 4000;
    public static final int DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 10_000;

    public ServerSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: %s (expected: 0-65535)".formatted(port));
        }
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("max-body-size: %s (expected: > 0)".formatted(maxBodyBytes));
        }
        if (maxConcurrentRequests <= 0) {
            throw new IllegalArgumentException(
                    "max-concurrent-requests: %s (expected: > 0)".formatted(maxConcurrentRequests));
        }
        if (eventLoops < 0) {
            throw new IllegalArgumentException("event-loops: %s (expected: >= 0)".formatted(eventLoops));
        }
    }

    public static ServerSettings of(String host, int port) {
        return new ServerSettings(host, port, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_CONCURRENT_REQUESTS, 0,
                Optional.empty());
    }

    public int effectiveEventLoops() {
        return eventLoops > 0 ? eventLoops : Math.max(1, Runtime.getRuntime().availableProcessors());
    }
}
