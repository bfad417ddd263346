package dev.hedge.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A loopback port that was free a moment ago and that nobody listens on: connecting to it is refused. */
public final class DeadPort {
    private DeadPort() {}

    /** A port on 127.0.0.1 that refuses connections (unless another process takes it meanwhile). */
    public static int reserve() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:PORT/v1} for a fresh dead port. */
    public static String baseUrl() {
        return "http://127.0.0.1:" + reserve() + "/v1";
    }
}
