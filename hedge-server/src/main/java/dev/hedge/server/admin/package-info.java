/** Admin API routes (master key only), registered through {@link dev.hedge.server.HedgeServer.Builder#route}. */
@NullMarked
package dev.hedge.server.admin;

import org.jspecify.annotations.NullMarked;
