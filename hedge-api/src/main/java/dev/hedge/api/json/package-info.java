/** The shared Jackson configuration for wire types. */
@NullMarked
package dev.hedge.api.json;

import org.jspecify.annotations.NullMarked;
