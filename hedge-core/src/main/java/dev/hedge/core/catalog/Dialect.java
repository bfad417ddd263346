package dev.hedge.core.catalog;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The wire protocol a supplier speaks. */
public enum Dialect {
    /** OpenAI's API and every server that copies it: OpenAI, Mistral, vLLM, llama.cpp server, Ollama. */
    OPENAI("openai"),
    /** Azure OpenAI deployments and Azure AI Foundry's model inference endpoint. */
    AZURE_OPENAI("azure-openai"),
    /** Anthropic's Messages API. */
    ANTHROPIC("anthropic"),
    /** Google's Gemini generateContent API. */
    GEMINI("gemini"),
    /** Models running inside Hedge (GGUF chat through llama.cpp, ONNX embeddings). */
    LOCAL("local");

    private final String configName;

    Dialect(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration, e.g. {@code azure-openai}. */
    public String configName() {
        return configName;
    }

    public static Optional<Dialect> parse(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(d -> d.configName.equals(wanted)).findFirst();
    }

    /** The configuration names, for error messages. */
    public static String names() {
        return Arrays.stream(values()).map(Dialect::configName).collect(Collectors.joining(", "));
    }
}
