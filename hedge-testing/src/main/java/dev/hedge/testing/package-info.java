/**
 * Test kit: a scripted, fault-injecting fake upstream that speaks HTTP for real, and fixtures in OpenAI's
 * shapes. Used by Hedge's own tests; usable by anyone testing against Hedge.
 */
@NullMarked
package dev.hedge.testing;

import org.jspecify.annotations.NullMarked;
