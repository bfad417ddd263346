/**
 * The shared Jackson configuration for wire types, and the hand-made serializers it writes the chat path's
 * types with (the request sent upstream, the completion, the streamed chunk and what they contain).
 */
@NullMarked
package dev.hedge.api.json;

import org.jspecify.annotations.NullMarked;
