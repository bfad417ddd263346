package dev.hedge.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Makes and hashes virtual keys. A key is {@code sk-hedge-} followed by 43 characters carrying 256 random
 * bits, so a plain SHA-256 is a safe and fast hash to store and look up by (no salt or stretching needed for
 * random, high-entropy secrets).
 */
public final class KeyHash {

    public static final String KEY_PREFIX = "sk-hedge-";
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final int RANDOM_CHARS = 43; // 62^43 > 2^256
    private static final SecureRandom RANDOM = new SecureRandom();
    /** One digest per thread: looking SHA-256 up among the security providers cost more than hashing a key. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    });

    private KeyHash() {}

    /** A new random key. */
    public static String newKey() {
        StringBuilder key = new StringBuilder(KEY_PREFIX.length() + RANDOM_CHARS).append(KEY_PREFIX);
        for (int i = 0; i < RANDOM_CHARS; i++) {
            key.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return key.toString();
    }

    /** The lowercase hex SHA-256 of {@code key}. */
    public static String of(String key) {
        return HexFormat.of().formatHex(SHA_256.get().digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    /** The first characters of a key, safe to show in lists. */
    public static String prefix(String key) {
        return key.substring(0, Math.min(key.length(), KEY_PREFIX.length() + 4));
    }

    /**
     * Compares two secrets in time independent of where they differ (it depends on {@code presented}'s length
     * only), without copying either.
     */
    public static boolean constantTimeEquals(String presented, String secret) {
        int diff = presented.length() ^ secret.length();
        int secretLength = secret.length();
        for (int i = 0; i < presented.length(); i++) {
            diff |= presented.charAt(i) ^ (i < secretLength ? secret.charAt(i) : 0);
        }
        return diff == 0;
    }
}
