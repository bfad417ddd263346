package dev.hedge.core.catalog;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A supplier account: how to reach it and with which credentials.
 *
 * @param name unique name, referred to by deployments
 * @param baseUrl the API root, e.g. {@code https://api.openai.com/v1}
 * @param apiKey the credential, if the supplier needs one
 * @param headers extra headers sent with every request (values are secrets)
 * @param apiVersion the API version where the dialect has one (Azure's {@code api-version})
 * @param connectTimeout how long to wait for a TCP/TLS connection
 * @param maxConnections the upper bound of open connections to this supplier
 * @param streamUsage whether to ask for usage in streams ({@code stream_options.include_usage}); off for
 *     servers that reject the parameter
 * @param passthroughModels whether clients may name any of the supplier's models as {@code name/model}
 * @param passthroughExtensions whether vendor fields outside OpenAI's schema reach clients
 */
public record ProviderSpec(
        String name,
        Dialect dialect,
        URI baseUrl,
        Optional<Secret> apiKey,
        Map<String, Secret> headers,
        Optional<String> apiVersion,
        Duration connectTimeout,
        int maxConnections,
        boolean streamUsage,
        boolean passthroughModels,
        boolean passthroughExtensions) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_CONNECTIONS = 512;

    public ProviderSpec {
        Names.requireValid("provider name", name);
        headers = Map.copyOf(headers);
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout: %s (expected: > 0)".formatted(connectTimeout));
        }
        if (maxConnections <= 0) {
            throw new IllegalArgumentException("maxConnections: %s (expected: > 0)".formatted(maxConnections));
        }
    }

    /** A provider with default connection settings. */
    public static ProviderSpec of(String name, Dialect dialect, URI baseUrl, Optional<Secret> apiKey) {
        return new ProviderSpec(name, dialect, baseUrl, apiKey, Map.of(), Optional.empty(), DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_MAX_CONNECTIONS, true, false, false);
    }

    /** The same provider letting clients name any of its models. */
    public ProviderSpec withPassthroughModels(boolean allowed) {
        return new ProviderSpec(name, dialect, baseUrl, apiKey, headers, apiVersion, connectTimeout, maxConnections,
                streamUsage, allowed, passthroughExtensions);
    }
}
