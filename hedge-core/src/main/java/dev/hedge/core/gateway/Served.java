package dev.hedge.core.gateway;

/**
 * Which deployment answered a request.
 *
 * @param deployment {@code provider/model} of the deployment that committed
 * @param attempts how many upstream attempts the request took, the committed one included
 */
public record Served(String deployment, int attempts) {}
