/** The supplier SPI: a {@link dev.hedge.core.provider.Provider} sends one upstream call in its dialect and answers in OpenAI's shape; failures are {@link dev.hedge.core.provider.ProviderException}s that say whether another attempt may help. */
@NullMarked
package dev.hedge.core.provider;

import org.jspecify.annotations.NullMarked;
