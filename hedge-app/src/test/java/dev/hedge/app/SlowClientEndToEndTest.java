package dev.hedge.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading a stream holds the supplier back through Hedge: Hedge stops reading the supplier
 * instead of buffering the answer, and relays all of it, in order, once the client reads again.
 */
class SlowClientEndToEndTest {

    /**
     * 80,000 chunks of about 1 KB: more than the sockets between the supplier and the client hold, even with
     * loopback's receive buffers grown to their 32 MB maximum.
     */
    private static final int CHUNKS = 80_000;
    private static final String FILLER = "x".repeat(900);

    private Vertx vertx;
    private HttpServer supplier;
    private TestHedge hedge;
    private final AtomicInteger written = new AtomicInteger();
    private final AtomicBoolean finished = new AtomicBoolean();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        supplier = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(request -> request.body().onSuccess(ignored -> {
                    HttpServerResponse response = request.response().setChunked(true)
                            .putHeader("content-type", "text/event-stream");
                    pump(response);
                }));
        supplier.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        hedge = TestHedge.start(TestHedge.oneFakeModel("http://127.0.0.1:" + supplier.actualPort() + "/v1"));
    }

    @AfterEach
    void stop() throws Exception {
        hedge.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aClientThatStopsReadingHoldsTheSupplierBackAndThenGetsEveryChunk() throws Exception {
        try (Socket client = new Socket()) {
            client.setReceiveBufferSize(16 * 1024);
            client.connect(new InetSocketAddress("127.0.0.1", hedge.port()), 5_000);
            client.setSoTimeout(30_000);
            TestHedge.writeChatRequest(client, """
                    {"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"hi"}]}""");

            int stalledAt = awaitStall();
            assertThat(finished).as("the supplier finished although the client read nothing").isFalse();
            assertThat(stalledAt).as("chunks the supplier wrote before it was held back").isLessThan(CHUNKS);

            String events = readChunkedBody(new BufferedInputStream(client.getInputStream()));
            int next = 0;
            for (String event : events.split("\n\n")) {
                if (event.contains("\"content\":\"" + FILLER)) {
                    assertThat(event).contains("\"content\":\"" + FILLER + next + "\"");
                    next++;
                }
            }
            assertThat(next).isEqualTo(CHUNKS);
            assertThat(events).endsWith("data: [DONE]\n\n");
            assertThat(finished).isTrue();
        }
    }

    /** Writes chunks while the connection takes them, resuming when it drains; then {@code [DONE]}. */
    private void pump(HttpServerResponse response) {
        while (written.get() < CHUNKS) {
            if (response.writeQueueFull()) {
                response.drainHandler(ignored -> pump(response));
                return;
            }
            int index = written.getAndIncrement();
            response.write("data: {\"id\":\"chatcmpl-slow\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                    + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + FILLER + index
                    + "\"},\"finish_reason\":null}]}\n\n");
        }
        response.end("data: {\"id\":\"chatcmpl-slow\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                // the supplier's usage, as OpenAI sends it when asked: without it Hedge would count 80,000 chunks'
                // text itself, which is not what this test is about
                + "data: {\"id\":\"chatcmpl-slow\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                + "\"model\":\"gpt-4o-mini\",\"choices\":[],\"usage\":{\"prompt_tokens\":8,"
                + "\"completion_tokens\":" + (CHUNKS * 113) + ",\"total_tokens\":" + (CHUNKS * 113 + 8) + "}}\n\n"
                + "data: [DONE]\n\n").onComplete(ignored -> finished.set(true));
    }

    /** Waits until the supplier has written nothing for a second, and returns how many chunks it wrote. */
    private int awaitStall() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int seen = -1;
        long stillSince = System.nanoTime();
        while (System.nanoTime() < deadline && !finished.get()) {
            int now = written.get();
            if (now != seen) {
                seen = now;
                stillSince = System.nanoTime();
            } else if (now > 0 && System.nanoTime() - stillSince > TimeUnit.SECONDS.toNanos(1)) {
                return now;
            }
            Thread.sleep(20);
        }
        return written.get();
    }

    /** The response's body, de-chunked, after its head (which must say 200 and chunked). */
    private static String readChunkedBody(InputStream in) throws IOException {
        String head = line(in);
        assertThat(head).startsWith("HTTP/1.1 200");
        boolean chunked = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            chunked |= header.equalsIgnoreCase("transfer-encoding: chunked");
        }
        assertThat(chunked).as("chunked response").isTrue();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
            body.write(in.readNBytes(size));
            assertThat(line(in)).isEmpty();
        }
        return body.toString(StandardCharsets.UTF_8);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed after: " + line);
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
