/**
 * The shared Jackson configuration for wire types, the hand-made serializers it writes the chat path's types
 * with (the request sent upstream, the completion, the streamed chunk and what they contain), and the typed
 * one-pass reader of a client's chat request ({@link dev.hedge.api.json.Json#readChatRequest}).
 */
@NullMarked
package dev.hedge.api.json;

import org.jspecify.annotations.NullMarked;
