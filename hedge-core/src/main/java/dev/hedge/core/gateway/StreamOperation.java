package dev.hedge.core.gateway;

import dev.hedge.api.usage.Usage;
import dev.hedge.core.provider.Provider;
import dev.hedge.core.provider.UpstreamCall;
import dev.hedge.core.provider.UpstreamStream;
import dev.hedge.core.tokens.OutputTokens;
import dev.hedge.core.tokens.PromptTokens;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/** An operation answered as a stream of chunks (chat and completions with {@code stream: true}). */
interface StreamOperation<Req, C> {

    /**
     * The request as the deployment is sent it.
     *
     * @param askUsage whether to ask the supplier for usage in the stream
     */
    Req forUpstream(Req request, String upstreamModel, boolean askUsage);

    CompletionStage<UpstreamStream<C>> call(Provider provider, UpstreamCall<Req> call);

    /** Whether the client asked for a usage chunk. */
    boolean clientWantsUsage(Req request);

    /** Whether the chunk carries output (the commit point is the first such chunk). */
    boolean hasContent(C chunk);

    @Nullable Usage usage(C chunk);

    /** Whether the chunk is only there to carry usage (no choices). */
    boolean isUsageOnly(C chunk);

    C withoutUsage(C chunk);

    /** Adds the chunk's generated text (content, tool arguments) to the count of the output. */
    void appendOutput(C chunk, OutputTokens output);

    /** A usage-only chunk shaped like {@code last}. */
    C usageChunk(C last, Usage usage);

    /** The request's prompt tokens, to be counted for a supplier that reports no usage. */
    PromptTokens prompt();

    /** A count of the output tokens of the answer to {@code request}, fed by {@link #appendOutput}. */
    OutputTokens outputTokens(Req request);
}
