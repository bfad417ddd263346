package dev.hedge.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BuffersTest {

    private static final byte[] BODY = "{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aWrappedArrayIsTheBuffersContentWithoutACopy() {
        byte[] bytes = BODY.clone();
        Buffer wrapped = Buffers.wrap(bytes);
        assertThat(wrapped.getBytes()).isEqualTo(BODY);
        bytes[0] = '[';
        assertThat(wrapped.getByte(0)).as("the same array").isEqualTo((byte) '[');
        assertThat(Buffers.wrap(new byte[0]).length()).isZero();
    }

    @Test
    void aBufferFilledExactlyGivesItsOwnArrayAndAnyOtherACopy() {
        Buffer exact = Buffer.buffer(BODY.length).appendBytes(BODY);
        byte[] own = Buffers.bytes(exact);
        assertThat(own).isEqualTo(BODY);
        assertThat(Buffers.bytes(exact)).as("no copy").isSameAs(own);

        Buffer roomy = Buffer.buffer(1024).appendBytes(BODY);
        assertThat(Buffers.bytes(roomy)).isEqualTo(BODY).hasSize(BODY.length);

        Buffer grown = Buffer.buffer(4).appendBytes(BODY); // grown past its first size
        assertThat(Buffers.bytes(grown)).isEqualTo(BODY).hasSize(BODY.length);

        Buffer part = Buffer.buffer(BODY.length).appendBytes(BODY).slice(1, BODY.length);
        assertThat(Buffers.bytes(part)).isEqualTo(java.util.Arrays.copyOfRange(BODY, 1, BODY.length));
    }
}
