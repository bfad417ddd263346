package dev.hedge.core.gateway;

import dev.hedge.core.metering.TokenUsage;
import dev.hedge.core.provider.Provider;
import dev.hedge.core.provider.Relayed;
import dev.hedge.core.provider.UpstreamCall;
import java.util.concurrent.CompletionStage;

/** An operation answered in one piece (chat without streaming, completions, embeddings). */
interface UnaryOperation<Req, Res> {

    /** The request as the deployment is sent it. */
    Req forUpstream(Req request, String upstreamModel);

    /** The answer, with the supplier's bytes for it when they may go to the client as they are. */
    CompletionStage<Relayed<Res>> call(Provider provider, UpstreamCall<Req> call);

    /**
     * The answer's usage as reported, or counted when the supplier reported none: at once, or on the token counter's
     * {@linkplain dev.hedge.core.tokens.TokenCounter#aside() aside} executor when the prompt or the answer is long.
     */
    CompletionStage<TokenUsage> usage(Req request, Res response);

    /**
     * The answer with {@code usage} filled in where the supplier left it out; {@code response} itself when
     * nothing was missing (its source bytes then still hold).
     */
    Res withUsage(Res response, TokenUsage usage);
}
