package dev.hedge.bench;

import dev.hedge.core.admission.Admission;
import dev.hedge.core.auth.Authenticator;
import dev.hedge.core.auth.Caller;
import dev.hedge.core.auth.KeyHash;
import dev.hedge.core.auth.KeyStore;
import dev.hedge.core.auth.VirtualKey;
import dev.hedge.core.catalog.Secret;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Who may call, and may they now: the virtual-key check every request passes (hash + cache hit) and the
 * admission decision (rate limits, budget reservation).
 *
 * <p>Admission on this branch is {@link Admission#UNLIMITED}: the limiter and budget implementations arrive
 * with the ledger work (branch {@code ledger}). ---- Add their benchmarks here when they land: the RPM/TPM
 * limiter's acquire, the budget reservation and its settle, locally and against Redis. ----
 */
@State(Scope.Benchmark)
public class AdmissionBenchmark extends HotPathBenchmark {

    private static final String KEY = "sk-hedge-oXCguUnAjNhwu2n3TU7E2hu2y3fX8vfBjanbWyrboxc";

    private Authenticator authenticator;
    private final String header = "Bearer " + KEY;

    @Setup
    public void setUp() {
        VirtualKey key = new VirtualKey("key_bench", "bench", KEY.substring(0, 13), KeyHash.of(KEY), Optional.empty(),
                Set.of(), Instant.EPOCH, Optional.empty());
        authenticator = new Authenticator(Optional.of(Secret.of("sk-admin-bench")), new MapKeyStore(Map.of(key.hash(), key)),
                Runnable::run);
        authenticator.authenticate(header).toCompletableFuture().join();
    }

    /** SHA-256 of a key, as each request's lookup needs. */
    @Benchmark
    public String hashKey() {
        return KeyHash.of(KEY);
    }

    /** A virtual key found in the cache: what nearly every request costs. */
    @Benchmark
    public Caller authenticateCached() {
        return authenticator.authenticate(header).toCompletableFuture().join();
    }

    /** An in-memory key store: the benchmark measures the cache path, not SQLite. */
    private record MapKeyStore(Map<String, VirtualKey> keys) implements KeyStore {
        @Override
        public Optional<VirtualKey> findByHash(String hash) {
            return Optional.ofNullable(keys.get(hash));
        }

        @Override
        public void insert(VirtualKey key) {
            throw new UnsupportedOperationException("read-only");
        }

        @Override
        public List<VirtualKey> list() {
            return List.copyOf(keys.values());
        }

        @Override
        public Optional<VirtualKey> revoke(String idOrName) {
            throw new UnsupportedOperationException("read-only");
        }
    }
}
