/** Money: prices per token class and costs, in integer micro-dollars. */
@NullMarked
package dev.hedge.core.metering;

import org.jspecify.annotations.NullMarked;
