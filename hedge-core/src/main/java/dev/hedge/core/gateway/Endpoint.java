package dev.hedge.core.gateway;

/** The API operation a request asks for. */
public enum Endpoint {
    CHAT("chat.completions"),
    COMPLETIONS("completions"),
    EMBEDDINGS("embeddings");

    private final String label;

    Endpoint(String label) {
        this.label = label;
    }

    /** A stable name for logs and metrics. */
    public String label() {
        return label;
    }
}
