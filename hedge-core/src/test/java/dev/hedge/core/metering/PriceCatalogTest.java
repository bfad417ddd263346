package dev.hedge.core.metering;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PriceCatalogTest {

    private final PriceCatalog catalog = PriceCatalog.builtIn();

    @Test
    void coversTheCommonSuppliersWithChatAndEmbeddingModels() {
        Set<String> suppliers = catalog.entries().stream().map(PriceCatalog.Entry::supplier).collect(Collectors.toSet());
        assertThat(suppliers).contains("openai", "azure-openai", "anthropic", "gemini", "mistral");
        for (String supplier : suppliers) {
            assertThat(catalog.supplier(supplier)).as(supplier).anyMatch(e -> e.mode().equals("chat"));
        }
        assertThat(catalog.entries()).filteredOn(e -> e.mode().equals("embedding"))
                .extracting(PriceCatalog.Entry::supplier)
                .contains("openai", "azure-openai", "gemini", "mistral");
    }

    @Test
    void everyEntryNamesItsSourceAndDateAndPricesInputAndOutput() {
        assertThat(catalog.entries()).allSatisfy(entry -> {
            assertThat(entry.source()).as(entry.model()).isNotBlank();
            assertThat(entry.asOf()).as(entry.model()).matches("\\d{4}-\\d{2}-\\d{2}");
            assertThat(entry.prices().inputPerMtok()).as(entry.model()).isPresent();
            if (entry.mode().equals("chat")) {
                assertThat(entry.prices().outputPerMtok()).as(entry.model()).isPresent();
            }
        });
    }

    @Test
    void anthropicPricesCacheReadsAndWritesSeparately() {
        Prices sonnet = catalog.find("anthropic", "claude-sonnet-4-5").orElseThrow().prices();
        assertThat(sonnet.inputPerMtok()).contains(new BigDecimal("3"));
        assertThat(sonnet.cachedInputPerMtok()).contains(new BigDecimal("0.3"));
        assertThat(sonnet.cacheWritePerMtok()).contains(new BigDecimal("3.75"));
        assertThat(sonnet.outputPerMtok()).contains(new BigDecimal("15"));
        assertThat(catalog.find("gemini", "gemini-2.5-flash").orElseThrow().prices().reasoningPerMtok()).isPresent();
    }
}
