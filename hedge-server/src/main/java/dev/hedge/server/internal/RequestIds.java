package dev.hedge.server.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids: {@code req_}, then 11 hex digits of the epoch millisecond and 13 of randomness (24 in all).
 * Ids made later sort later, so the ledger's indexes on them take each new row at their right edge instead of on
 * a random page: a commit rewrites a few pages, not one per row and index.
 */
final class RequestIds {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final int TIME_DIGITS = 11;
    private static final int RANDOM_DIGITS = 13;

    private RequestIds() {}

    static String next() {
        return next(System.currentTimeMillis(), ThreadLocalRandom.current().nextLong());
    }

    static String next(long epochMillis, long random) {
        char[] id = new char[4 + TIME_DIGITS + RANDOM_DIGITS];
        id[0] = 'r';
        id[1] = 'e';
        id[2] = 'q';
        id[3] = '_';
        for (int i = 0; i < TIME_DIGITS; i++) {
            id[4 + i] = HEX[(int) ((epochMillis >>> ((TIME_DIGITS - 1 - i) * 4)) & 0xF)];
        }
        for (int i = 0; i < RANDOM_DIGITS; i++) {
            id[4 + TIME_DIGITS + i] = HEX[(int) ((random >>> (i * 4)) & 0xF)];
        }
        return new String(id);
    }
}
