package dev.hedge.core.gateway;

import dev.hedge.api.json.Json;
import org.jspecify.annotations.Nullable;

/**
 * A complete (non-streamed) answer and who served it.
 *
 * @param source the supplier's JSON for {@code body} when it may go to the client as it is (see
 *     {@link dev.hedge.core.provider.Relayed}), else null
 */
public record Reply<T>(T body, byte @Nullable [] source, Served served) {

    /** The JSON the client is sent: the supplier's own when it may be relayed, else the body written. */
    public byte[] json() {
        return source != null ? source : Json.write(body);
    }
}
