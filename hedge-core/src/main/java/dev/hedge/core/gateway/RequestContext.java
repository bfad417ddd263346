package dev.hedge.core.gateway;

import dev.hedge.core.auth.Caller;
import dev.hedge.core.provider.Cancellation;
import java.util.concurrent.Executor;

/**
 * What the gateway needs to know about a request besides its body.
 *
 * @param requestId unique id, returned to the client as {@code x-request-id}
 * @param caller who sent it
 * @param executor where the request's state lives: every callback of this request runs on it (a server
 *     passes the connection's event loop in a {@link SerialExecutor}: inline when already on that thread, yet a
 *     task submitted while another runs follows it, which queues the listener's report behind the server's
 *     write of an answer)
 * @param cancellation raised when the client goes away; the gateway then stops the upstream call
 * @param startNanos the ticker reading when the request arrived
 */
public record RequestContext(
        String requestId, Caller caller, Executor executor, Cancellation cancellation, long startNanos) {}
