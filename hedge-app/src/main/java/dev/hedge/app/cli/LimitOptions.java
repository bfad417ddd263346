package dev.hedge.app.cli;

import dev.hedge.app.admin.KeyAdmin;
import dev.hedge.core.admission.Limits;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** {@code --budget-usd --budget-period --rpm --tpm}, for keys and teams. */
public final class LimitOptions {

    @Option(names = "--budget-usd", paramLabel = "USD", description = "Spending limit in US dollars (up to 6 decimals).")
    @Nullable BigDecimal budgetUsd;

    @Option(names = "--budget-period", paramLabel = "PERIOD",
            description = "When the budget starts afresh: daily, monthly (default) or total (never; UTC).")
    @Nullable String budgetPeriod;

    @Option(names = "--rpm", paramLabel = "N", description = "At most N requests in any 60 seconds.")
    @Nullable Integer rpm;

    @Option(names = "--tpm", paramLabel = "N", description = "At most N tokens in any 60 seconds.")
    @Nullable Integer tpm;

    Limits toLimits() {
        return new KeyAdmin.LimitsInput(Optional.ofNullable(budgetUsd), Optional.ofNullable(budgetPeriod),
                rpm == null ? OptionalInt.empty() : OptionalInt.of(rpm),
                tpm == null ? OptionalInt.empty() : OptionalInt.of(tpm)).toLimits("--");
    }
}
