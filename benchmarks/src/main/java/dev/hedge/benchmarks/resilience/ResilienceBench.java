package dev.hedge.benchmarks.resilience;

import dev.hedge.app.HedgeApp;
import dev.hedge.app.config.ConfigLoader;
import dev.hedge.app.config.HedgeConfig;
import dev.hedge.testing.DeadPort;
import dev.hedge.testing.FakeUpstream;
import dev.hedge.testing.Fault;
import dev.hedge.testing.Script;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Resilience measured against real sockets, Hedge in-process in front of two fake upstreams.
 *
 * <pre>
 * flap [seconds=120] [clients=16]  one of two upstreams flaps (3 s up, 3 s failing with a rotating fault:
 *                                  503, reset, hang, 500, error event, 429); reports success rate, latency
 *                                  percentiles, who served and how many attempts it took
 * failover [runs=30]               time from the primary's failure to the first content token from the backup,
 *                                  for connect-refused, 503 and hang-until-first-token-timeout
 * </pre>
 *
 * Run with {@code benchmarks/resilience.sh flap 120} (see docs/resilience.md).
 */
public final class ResilienceBench {

    private static final String KEY = "sk-bench-master-0123456789";
    private static final Duration FIRST_TOKEN_TIMEOUT = Duration.ofMillis(500);

    private ResilienceBench() {}

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "flap";
        switch (mode) {
            case "flap" -> flap(args.length > 1 ? Integer.parseInt(args[1]) : 120,
                    args.length > 2 ? Integer.parseInt(args[2]) : 16);
            case "failover" -> failover(args.length > 1 ? Integer.parseInt(args[1]) : 30);
            default -> throw new IllegalArgumentException("mode: %s (expected: flap or failover)".formatted(mode));
        }
        System.exit(0);
    }

    // ---- flap -------------------------------------------------------------------------------------------

    private static final List<Fault> FLAP_FAULTS = List.of(Fault.HTTP_503, Fault.RESET_BEFORE_HEADERS, Fault.HANG,
            Fault.HTTP_500, Fault.ERROR_BEFORE_FIRST_TOKEN, Fault.HTTP_429);

    private record Outcome(boolean ok, long latencyNanos, String servedBy, String attempts) {}

    private static void flap(int seconds, int clients) throws Exception {
        long start = System.nanoTime();
        AtomicLong faults = new AtomicLong();
        try (FakeUpstream primary = FakeUpstream.start(); FakeUpstream backup = FakeUpstream.start()) {
            primary.fallback(request -> {
                boolean stream = request.bodyText().contains("\"stream\":true");
                long second = (System.nanoTime() - start) / 1_000_000_000L;
                if (second % 6 < 3) {
                    return Script.delayed(Duration.ofMillis(20), Fault.healthy(stream, "m-primary", "Hello there"));
                }
                return FLAP_FAULTS.get((int) (faults.getAndIncrement() % FLAP_FAULTS.size())).script(stream, "m-primary");
            });
            backup.fallback(request -> Script.delayed(Duration.ofMillis(40),
                    Fault.healthy(request.bodyText().contains("\"stream\":true"), "m-backup", "Hello there")));
            try (Hedge hedge = Hedge.start("""
                    providers:
                      - { name: primary, dialect: openai, base-url: "%s" }
                      - { name: backup, dialect: openai, base-url: "%s" }
                    models:
                      - name: resilient
                        policy: fallback
                        timeouts: { connect: 1s, first-token: %dms, idle: 1s, total: 10s }
                        retries: { max: 1, initial-backoff: 50ms }
                        breaker: { consecutive-failures: 3, failure-rate-percent: 50, window: 20, minimum-calls: 10, open-for: 2s }
                        deployments:
                          - { provider: primary, model: m-primary }
                          - { provider: backup, model: m-backup }
                    """.formatted(primary.baseUrl(), backup.baseUrl(), FIRST_TOKEN_TIMEOUT.toMillis()))) {
                ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
                try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int c = 0; c < clients; c++) {
                        boolean stream = c % 2 == 0;
                        pool.submit(() -> {
                            while (System.nanoTime() < deadline) {
                                outcomes.add(hedge.call(stream));
                            }
                            return null;
                        });
                    }
                }
                report(seconds, clients, List.copyOf(outcomes));
                System.out.println("admin view: " + hedge.admin());
            }
        }
    }

    private static void report(int seconds, int clients, List<Outcome> outcomes) {
        long ok = outcomes.stream().filter(Outcome::ok).count();
        long[] latencies = outcomes.stream().mapToLong(Outcome::latencyNanos).sorted().toArray();
        Map<String, Long> servedBy = new TreeMap<>();
        Map<String, Long> attempts = new TreeMap<>();
        for (Outcome outcome : outcomes) {
            servedBy.merge(outcome.servedBy(), 1L, Long::sum);
            attempts.merge(outcome.attempts(), 1L, Long::sum);
        }
        System.out.printf("flap: %d s, %d clients (half streaming), %d requests, %.1f req/s%n", seconds, clients,
                outcomes.size(), outcomes.size() / (double) seconds);
        System.out.printf("success rate: %.3f %% (%d failed)%n", 100.0 * ok / Math.max(1, outcomes.size()),
                outcomes.size() - ok);
        System.out.printf("latency ms: p50 %.1f  p90 %.1f  p95 %.1f  p99 %.1f  max %.1f%n", ms(latencies, 0.50),
                ms(latencies, 0.90), ms(latencies, 0.95), ms(latencies, 0.99), ms(latencies, 1.0));
        System.out.println("served by: " + servedBy);
        System.out.println("attempts: " + attempts);
    }

    // ---- failover ---------------------------------------------------------------------------------------

    private static void failover(int runs) throws Exception {
        AtomicLong primaryFailedAt = new AtomicLong();
        try (FakeUpstream failing = FakeUpstream.start(); FakeUpstream backup = FakeUpstream.start()) {
            backup.fallback(request -> Fault.healthy(true, "m-backup", "Hello"));
            try (Hedge hedge = Hedge.start("""
                    providers:
                      - { name: dead, dialect: openai, base-url: "%s" }
                      - { name: failing, dialect: openai, base-url: "%s" }
                      - { name: backup, dialect: openai, base-url: "%s" }
                    models:
                    %s%s%s
                    """.formatted(DeadPort.baseUrl(), failing.baseUrl(), backup.baseUrl(),
                    failoverModel("refused", "dead"), failoverModel("unavailable", "failing"),
                    failoverModel("hanging", "failing")))) {
                // warm-up (JIT, connection pools); a cold first request may time out, which is not measured
                failing.fallback(request -> Fault.HTTP_503.script(true, "m"));
                for (int i = 0; i < 20; i++) {
                    try {
                        hedge.firstToken(i % 2 == 0 ? "unavailable" : "refused");
                    } catch (IllegalStateException e) {
                        System.err.println("warm-up: " + e.getMessage());
                    }
                }
                long[] refused = new long[runs];
                long[] unavailable = new long[runs];
                long[] hanging = new long[runs];
                for (int i = 0; i < runs; i++) {
                    long sent = System.nanoTime();
                    refused[i] = hedge.firstToken("refused") - sent;

                    failing.fallback(request -> {
                        primaryFailedAt.set(System.nanoTime());
                        return Fault.HTTP_503.script(true, "m");
                    });
                    long token = hedge.firstToken("unavailable");
                    unavailable[i] = token - primaryFailedAt.get();

                    failing.fallback(request -> {
                        primaryFailedAt.set(System.nanoTime());
                        return Script.hang();
                    });
                    token = hedge.firstToken("hanging");
                    hanging[i] = token - primaryFailedAt.get() - FIRST_TOKEN_TIMEOUT.toNanos();
                }
                System.out.printf("failover time, first failure -> first content token from the backup (%d runs, ms)%n", runs);
                print("connect refused (from the client's send: an upper bound)", refused);
                print("503 (from the primary answering 503)", unavailable);
                print("hang (from the first-token timeout of %d ms firing)".formatted(FIRST_TOKEN_TIMEOUT.toMillis()), hanging);
            }
        }
    }

    private static String failoverModel(String name, String provider) {
        return """
                  - name: %s
                    timeouts: { first-token: %dms, idle: 2s, total: 10s }
                    breaker: { consecutive-failures: 1000000, failure-rate-percent: 100, window: 64, minimum-calls: 64 }
                    deployments: [ { provider: %s, model: m }, { provider: backup, model: m-backup } ]
                """.formatted(name, FIRST_TOKEN_TIMEOUT.toMillis(), provider);
    }

    private static void print(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("  %-60s p50 %6.2f  p95 %6.2f  min %6.2f  max %6.2f%n", what, ms(sorted, 0.5),
                ms(sorted, 0.95), ms(sorted, 0), ms(sorted, 1));
    }

    private static double ms(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(quantile * sorted.length) - 1));
        return sorted[index] / 1e6;
    }

    // ---- a Hedge in this process --------------------------------------------------------------------------

    private record Hedge(HedgeApp app, Path dataDir, HttpClient http) implements AutoCloseable {

        static Hedge start(String yaml) throws IOException {
            Path dataDir = Files.createTempDirectory("hedge-bench-");
            HedgeConfig config = new ConfigLoader(name -> Optional.empty()).parse(
                    "server: { host: 127.0.0.1, port: 0 }\nauth: { master-key: " + KEY + " }\n" + yaml, Optional.empty());
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                    .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
            return new Hedge(HedgeApp.start(config, dataDir), dataDir, http);
        }

        HttpRequest request(String model, boolean stream) {
            return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/v1/chat/completions"))
                    .timeout(Duration.ofSeconds(30))
                    .header("authorization", "Bearer " + KEY)
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"model":"%s","stream":%s,"messages":[{"role":"user","content":"hi"}]}"""
                            .formatted(model, stream)))
                    .build();
        }

        Outcome call(boolean stream) {
            long start = System.nanoTime();
            try {
                HttpResponse<String> response = http.send(request("resilient", stream), HttpResponse.BodyHandlers.ofString());
                String body = response.body();
                boolean ok = response.statusCode() == 200 && body.contains("Hello there")
                        && (!stream || body.contains("data: [DONE]") && !body.contains("\"error\""));
                return new Outcome(ok, System.nanoTime() - start,
                        response.headers().firstValue("x-hedge-deployment").orElse("status " + response.statusCode()),
                        response.headers().firstValue("x-hedge-attempts").orElse("-"));
            } catch (IOException e) {
                return new Outcome(false, System.nanoTime() - start, "io error", "-");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(false, System.nanoTime() - start, "interrupted", "-");
            }
        }

        /** Streams from {@code model}; returns System.nanoTime() when the first content token arrived. */
        long firstToken(String model) throws IOException, InterruptedException {
            HttpResponse<Stream<String>> response = http.send(request(model, true), HttpResponse.BodyHandlers.ofLines());
            long at = -1;
            try (Stream<String> lines = response.body()) {
                Iterator<String> it = lines.iterator();
                while (it.hasNext()) {
                    String line = it.next();
                    if (at < 0 && line.startsWith("data: {") && line.contains("\"content\":\"H")) {
                        at = System.nanoTime();
                    }
                }
            }
            if (response.statusCode() != 200 || at < 0) {
                throw new IllegalStateException("model %s: no content (HTTP %d)".formatted(model, response.statusCode()));
            }
            return at;
        }

        String admin() {
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/admin/deployments"))
                        .header("authorization", "Bearer " + KEY).build(), HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }

        @Override
        public void close() throws IOException {
            app.close();
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
