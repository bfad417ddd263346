/** The hedge command's subcommands (picocli). */
@NullMarked
package dev.hedge.app.cli;

import org.jspecify.annotations.NullMarked;
