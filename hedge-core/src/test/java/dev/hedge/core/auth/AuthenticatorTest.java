package dev.hedge.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {

    private static final String KEY = "sk-hedge-0123456789abcdefghijklmnopqrstuvwxyzABCD";

    private final AtomicLong nanos = new AtomicLong();
    private final ExecutorService blocking = Executors.newSingleThreadExecutor();
    private final Store store = new Store();
    private final Authenticator authenticator = new Authenticator(Optional.empty(), store, blocking, nanos::get);

    @AfterEach
    void stop() {
        blocking.shutdownNow();
    }

    @Test
    void aKeyInSteadyUseIsReadAgainInTheBackgroundAndNoRequestWaitsForTheStore() throws Exception {
        assertThat(authenticate().toCompletableFuture().get(5, TimeUnit.SECONDS).keyName()).isEqualTo("app");
        settle();
        assertThat(store.reads).hasValue(1);

        CompletableFuture<Void> storeAnswers = new CompletableFuture<>();
        store.gate.set(storeAnswers);
        advance(Duration.ofMillis(4_500));
        // older than the refresh age: the cached caller comes back at once while the store is read behind it
        assertThat(authenticate().toCompletableFuture()).isCompleted();
        waitFor(() -> store.reads.get() == 2);
        storeAnswers.complete(null);
        settle();

        advance(Duration.ofMillis(1_500)); // six seconds after the first read: alive, because the refresh re-armed it
        assertThat(authenticate().toCompletableFuture()).isCompleted();
        assertThat(store.reads).hasValue(2);
    }

    @Test
    void aKeyNobodyUsedForFiveSecondsIsReadBeforeItAuthenticatesAgain() throws Exception {
        authenticate().toCompletableFuture().get(5, TimeUnit.SECONDS);
        settle();
        store.revoked = true;
        advance(Duration.ofSeconds(6));

        assertThat(authenticate().toCompletableFuture()).failsWithin(Duration.ofSeconds(5))
                .withThrowableThat().withMessageContaining("unknown or revoked");
        assertThat(store.reads).hasValue(2);
    }

    @Test
    void keysSharingARememberedHashesSlotEachFindTheirOwnKeyAndAnUnknownOneIsRefused() throws Exception {
        java.util.Map<String, VirtualKey> byHash = new java.util.concurrent.ConcurrentHashMap<>();
        List<String> secrets = new java.util.ArrayList<>();
        for (int i = 0; i < 64; i++) { // four times the slots: every slot is shared
            String secret = KeyHash.newKey();
            secrets.add(secret);
            byHash.put(KeyHash.of(secret), new VirtualKey("key_" + i, "app-" + i, KeyHash.prefix(secret),
                    KeyHash.of(secret), Optional.empty(), Set.of(), Instant.EPOCH, Optional.empty()));
        }
        KeyStore keys = new Store() {
            @Override
            public Optional<VirtualKey> findByHash(String hash) {
                return Optional.ofNullable(byHash.get(hash));
            }
        };
        Authenticator many = new Authenticator(Optional.of(dev.hedge.core.catalog.Secret.of("sk-admin-0123456789")), keys, blocking,
                nanos::get);
        String unknown = KeyHash.newKey();
        while ((unknown.hashCode() & 15) != (secrets.getFirst().hashCode() & 15)) {
            unknown = KeyHash.newKey();
        }
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < secrets.size(); i++) {
                assertThat(many.authenticate("Bearer " + secrets.get(i)).toCompletableFuture().get(5, TimeUnit.SECONDS)
                        .keyName()).isEqualTo("app-" + i);
            }
            assertThat(many.authenticate("Bearer " + unknown).toCompletableFuture()).failsWithin(Duration.ofSeconds(5))
                    .withThrowableThat().withMessageContaining("unknown or revoked");
            // the master key's own prefix, one character short and one too long, are not the master key
            assertThat(many.authenticate("Bearer sk-admin-0123456789").toCompletableFuture().get().admin()).isTrue();
            assertThat(many.authenticate("Bearer sk-admin-012345678").toCompletableFuture())
                    .failsWithin(Duration.ofSeconds(5));
            assertThat(many.authenticate("Bearer sk-admin-01234567890").toCompletableFuture())
                    .failsWithin(Duration.ofSeconds(5));
        }
    }

    private CompletionStage<dev.hedge.core.auth.Caller> authenticate() {
        return authenticator.authenticate("Bearer " + KEY);
    }

    /** Waits until the store's reads so far, and what the cache did with their results, are over. */
    private void settle() throws Exception {
        blocking.submit(() -> { }).get(5, TimeUnit.SECONDS);
    }

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("condition within 5 s").isNegative();
            Thread.sleep(1);
        }
    }

    /** One key, "app"; reads can be held at a gate and counted. */
    private static class Store implements KeyStore {
        final AtomicInteger reads = new AtomicInteger();
        final AtomicReference<CompletableFuture<Void>> gate = new AtomicReference<>(CompletableFuture.completedFuture(null));
        volatile boolean revoked;

        @Override
        public Optional<VirtualKey> findByHash(String hash) {
            reads.incrementAndGet();
            gate.get().join();
            return Optional.of(new VirtualKey("key_1", "app", KeyHash.prefix(KEY), KeyHash.of(KEY), Optional.empty(),
                    Set.of(), Instant.EPOCH, revoked ? Optional.of(Instant.EPOCH) : Optional.empty()));
        }

        @Override
        public void insert(VirtualKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<VirtualKey> list() {
            return List.of();
        }

        @Override
        public Optional<VirtualKey> revoke(String idOrName) {
            return Optional.empty();
        }
    }
}
