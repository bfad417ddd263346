/** The model list (GET /v1/models). */
@NullMarked
package dev.hedge.api.models;

import org.jspecify.annotations.NullMarked;
