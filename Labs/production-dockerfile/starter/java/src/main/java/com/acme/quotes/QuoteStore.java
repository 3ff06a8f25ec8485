// Prices come from the company's private pricing library (downloaded from the private repository).
package com.acme.quotes;

import com.acme.pricing.PriceBook;
import java.util.Optional;
import java.util.OptionalLong;

final class QuoteStore {
    private final PriceBook book;

    QuoteStore(String databaseUrl) {
        book = new PriceBook(databaseUrl);
    }

    /** The quote for {@code sku} as JSON, or empty when there is none. */
    Optional<String> quote(String sku) {
        OptionalLong price = book.lookup(sku);
        if (price.isEmpty()) {
            return Optional.empty();
        }
        String quoted = "\"" + sku.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        return Optional.of("{\"sku\":" + quoted + ",\"price_cents\":" + price.getAsLong() + "}");
    }
}
