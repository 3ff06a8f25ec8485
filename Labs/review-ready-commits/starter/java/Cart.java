// A shopping cart's arithmetic, in whole cents.
import java.util.List;

public final class Cart {
    private Cart() {
    }

    /** One line of a cart: a price in cents and a quantity. */
    record Line(long priceCents, int quantity) {
    }

    static long lineTotal(long priceCents, int quantity) {
        return priceCents * quantity;
    }

    /** The sum of the lines. */
    static long subtotal(List<Line> lines) {
        long total = 0;
        for (Line line : lines) {
            total += lineTotal(line.priceCents(), line.quantity());
        }
        return total;
    }

    /** The amount with {@code ratePercent} tax added, in whole cents. */
    static long applyTax(long cents, int ratePercent) {
        return cents * (100 + ratePercent) / 100;
    }
}
