package dev.hedge.bench;

import java.nio.charset.StandardCharsets;

/** The payloads the load harness sends and its mock answers with, shared by the micro-benchmarks. */
public final class Wire {

    /** The chat request of {@code benchmarks/load/chat.lua} and {@code loadgen.mjs}. */
    public static final byte[] CHAT_REQUEST = ("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":"
            + "\"You are terse.\"},{\"role\":\"user\",\"content\":\"Say hello in five words.\"}],\"max_tokens\":32}")
            .getBytes(StandardCharsets.UTF_8);

    /** The mock upstream's chat.completion (about 650 bytes, with usage). */
    public static final byte[] COMPLETION = ("{\"id\":\"chatcmpl-mock0000000000000000000000\",\"object\":\"chat.completion\","
            + "\"created\":1741569952,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
            + "\"assistant\",\"content\":\"Hello! A fixed answer from the benchmark mock upstream, about as long as a short "
            + "reply.\",\"refusal\":null,\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{"
            + "\"prompt_tokens\":19,\"completion_tokens\":28,\"total_tokens\":47,\"prompt_tokens_details\":{\"cached_tokens\""
            + ":0,\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
            + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}},\"service_tier\":\"default\","
            + "\"system_fingerprint\":\"fp_mock\"}").getBytes(StandardCharsets.UTF_8);

    /** One of the mock upstream's stream events, as it arrives on the wire. */
    public static final byte[] CHUNK_EVENT = ("data: {\"id\":\"chatcmpl-mock\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1741569952,\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_mock\",\"choices\":"
            + "[{\"index\":0,\"delta\":{\"content\":\"tok7 \"},\"logprobs\":null,\"finish_reason\":null}]}\n\n")
            .getBytes(StandardCharsets.UTF_8);

    private Wire() {}
}
