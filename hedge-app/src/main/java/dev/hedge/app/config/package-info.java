/** Configuration: the YAML file (kebab-case keys, ${ENV} references), checked key by key with errors that name the key, and the zero-configuration discovery of suppliers from environment variables. */
@NullMarked
package dev.hedge.app.config;

import org.jspecify.annotations.NullMarked;
