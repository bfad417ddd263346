package dev.hedge.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

/** Bodies between byte arrays and Vert.x buffers without the copies Vert.x's own conversions make. */
final class Buffers {

    private Buffers() {}

    /**
     * {@code bytes} as a buffer over the same array ({@code Buffer.buffer(byte[])} copies it); the caller does not
     * change them afterwards.
     */
    static Buffer wrap(byte[] bytes) {
        return BufferInternal.buffer(Unpooled.wrappedBuffer(bytes));
    }

    /**
     * The bytes of {@code buffer}: its own array when the buffer fills it exactly (a body read into a buffer of its
     * declared length), else a copy. The caller owns {@code buffer} and does not use it afterwards.
     */
    static byte[] bytes(Buffer buffer) {
        ByteBuf bytes = ((BufferInternal) buffer).getByteBuf();
        if (bytes.hasArray() && bytes.arrayOffset() == 0 && bytes.readerIndex() == 0
                && bytes.readableBytes() == bytes.array().length) {
            return bytes.array();
        }
        return buffer.getBytes();
    }
}
