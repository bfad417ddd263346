package dev.hedge.server;

import dev.hedge.core.auth.Caller;
import java.util.concurrent.CompletionStage;

/**
 * An extra JSON endpoint (the admin API and the like): given the authenticated caller, the rest of the path
 * after the route's prefix and the body, it answers a status and a value written as JSON. A failed stage
 * with a {@link dev.hedge.core.gateway.GatewayException} answers that error.
 */
@FunctionalInterface
public interface JsonRoute {

    CompletionStage<JsonReply> handle(Caller caller, String rest, byte[] body);

    /** What a route answers. */
    record JsonReply(int status, Object body) {
        public static JsonReply ok(Object body) {
            return new JsonReply(200, body);
        }
    }
}
