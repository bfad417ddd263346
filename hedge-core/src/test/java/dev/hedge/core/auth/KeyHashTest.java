package dev.hedge.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class KeyHashTest {

    @Test
    void hashesAsSha256InLowercaseHex() {
        // FIPS 180-2's test vector for "abc"; the empty string's hash
        assertThat(KeyHash.of("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(KeyHash.of("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void theDigestKeptPerThreadCarriesNothingFromOneKeyToTheNext() throws Exception {
        String key = KeyHash.newKey();
        String expected = KeyHash.of(key);
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            List<Future<Boolean>> results = threads.invokeAll(Collections.nCopies(8, () -> {
                for (int i = 0; i < 2_000; i++) {
                    KeyHash.of(KeyHash.newKey());
                    if (!KeyHash.of(key).equals(expected)) {
                        return false;
                    }
                }
                return true;
            }));
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        }
    }

    @Test
    void constantTimeEqualsIsPlainEqualityOfTheTwoStrings() {
        assertThat(KeyHash.constantTimeEquals("sk-hedge-abc", "sk-hedge-abc")).isTrue();
        assertThat(KeyHash.constantTimeEquals("", "")).isTrue();
        assertThat(KeyHash.constantTimeEquals("sk-hedge-abd", "sk-hedge-abc")).isFalse();
        assertThat(KeyHash.constantTimeEquals("tk-hedge-abc", "sk-hedge-abc")).isFalse();
        assertThat(KeyHash.constantTimeEquals("sk-hedge-ab", "sk-hedge-abc")).isFalse();
        assertThat(KeyHash.constantTimeEquals("sk-hedge-abc", "sk-hedge-ab")).isFalse();
        assertThat(KeyHash.constantTimeEquals("sk-hedge-ab\u0000", "sk-hedge-ab")).isFalse();
        assertThat(KeyHash.constantTimeEquals("", "x")).isFalse();
        assertThat(KeyHash.constantTimeEquals("x", "")).isFalse();
    }
}
