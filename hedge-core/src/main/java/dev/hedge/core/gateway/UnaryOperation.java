package dev.hedge.core.gateway;

import dev.hedge.core.metering.TokenUsage;
import dev.hedge.core.provider.Provider;
import dev.hedge.core.provider.UpstreamCall;
import java.util.concurrent.CompletionStage;

/** An operation answered in one piece (chat without streaming, completions, embeddings). */
interface UnaryOperation<Req, Res> {

    /** The request as the deployment is sent it. */
    Req forUpstream(Req request, String upstreamModel);

    CompletionStage<Res> call(Provider provider, UpstreamCall<Req> call);

    /** The answer's usage as reported, or counted when the supplier reported none. */
    TokenUsage usage(Req request, Res response);

    /** The answer with {@code usage} filled in where the supplier left it out. */
    Res withUsage(Res response, TokenUsage usage);
}
