/** Admission before a request goes upstream: rate limits and budget reservations (SPI; the store module provides the shared implementations). */
@NullMarked
package dev.hedge.core.admission;

import org.jspecify.annotations.NullMarked;
