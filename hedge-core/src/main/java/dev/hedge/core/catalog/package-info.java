/** What Hedge serves: providers (supplier accounts), deployments (a model at a provider, with prices and limits) and public models (a name clients send, mapped to deployments with a policy). */
@NullMarked
package dev.hedge.core.catalog;

import org.jspecify.annotations.NullMarked;
