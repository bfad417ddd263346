package dev.hedge.api.error;

/** The error {@code type} values Hedge answers with; they are OpenAI's. */
public final class ErrorType {
    public static final String INVALID_REQUEST = "invalid_request_error";
    public static final String AUTHENTICATION = "authentication_error";
    public static final String PERMISSION = "permission_error";
    public static final String NOT_FOUND = "not_found_error";
    public static final String RATE_LIMIT = "rate_limit_error";
    public static final String INSUFFICIENT_QUOTA = "insufficient_quota";
    public static final String SERVER = "server_error";
    public static final String UPSTREAM = "upstream_error";
    public static final String TIMEOUT = "timeout_error";
    public static final String OVERLOADED = "overloaded_error";

    private ErrorType() {}
}
