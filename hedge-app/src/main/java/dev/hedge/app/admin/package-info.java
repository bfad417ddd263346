/** Managing keys, teams, budgets and limits: shared by the {@code hedge keys}/{@code teams} commands and the admin API. */
@NullMarked
package dev.hedge.app.admin;

import org.jspecify.annotations.NullMarked;
