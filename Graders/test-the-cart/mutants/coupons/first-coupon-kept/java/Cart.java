import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Shopping-cart pricing: line totals, bulk discounts, coupons and rounding to the cent.
 *
 * <p>All amounts are integers in cents, so that 0.1 + 0.2 never costs anyone a cent.
 */
public class Cart {
    /** A request the cart refuses: a bad quantity or price, an unknown item, an expired coupon. */
    public static class CartError extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public CartError(String message) {
            super(message);
        }
    }

    /** A percentage off the whole cart, usable up to and including {@code expiresOn}. */
    public record Coupon(String code, int percentOff, LocalDate expiresOn) {}

    // Bulk discounts per line, largest first: {minimum quantity, percent off}.
    private static final int[][] BULK_TIERS = {{50, 15}, {10, 10}};

    /** {@code percent}% of {@code amountCents}, rounded to the nearest cent; exact halves round up. */
    static int percentOf(int amountCents, int percent) {
        return (amountCents * percent + 50) / 100;
    }

    private static final class Line {
        final int unitPriceCents;
        int quantity;

        Line(int unitPriceCents, int quantity) {
            this.unitPriceCents = unitPriceCents;
            this.quantity = quantity;
        }
    }

    private final Map<String, Line> lines = new LinkedHashMap<>();
    private Coupon coupon = null;

    /** Adds one of an item. */
    public void add(String sku, int unitPriceCents) {
        add(sku, unitPriceCents, 1);
    }

    /** Adds {@code quantity} of an item; adding an item already in the cart adds to its quantity. */
    public void add(String sku, int unitPriceCents, int quantity) {
        if (quantity < 1) {
            throw new CartError("quantity must be at least 1, got " + quantity);
        }
        if (unitPriceCents < 0) {
            throw new CartError("unit price must be 0 cents or more, got " + unitPriceCents);
        }
        Line line = lines.get(sku);
        if (line == null) {
            lines.put(sku, new Line(unitPriceCents, quantity));
            return;
        }
        if (line.unitPriceCents != unitPriceCents) {
            throw new CartError(sku + " is already in the cart at a different price");
        }
        line.quantity += quantity;
    }

    /** Takes an item out of the cart entirely. */
    public void remove(String sku) {
        if (!lines.containsKey(sku)) {
            throw new CartError(sku + " is not in the cart");
        }
        lines.remove(sku);
    }

    /** How many of {@code sku} the cart holds (0 when none). */
    public int quantity(String sku) {
        Line line = lines.get(sku);
        return line != null ? line.quantity : 0;
    }

    /** Unit price times quantity, less the line's bulk discount. */
    public int lineTotal(String sku) {
        Line line = lines.get(sku);
        if (line == null) {
            throw new CartError(sku + " is not in the cart");
        }
        int gross = line.unitPriceCents * line.quantity;
        for (int[] tier : BULK_TIERS) {
            if (line.quantity >= tier[0]) {
                return gross - percentOf(gross, tier[1]);
            }
        }
        return gross;
    }

    /** The sum of the line totals, before any coupon. */
    public int subtotal() {
        return lines.keySet().stream().mapToInt(this::lineTotal).sum();
    }

    /** Uses {@code coupon} for this cart from now on, replacing any coupon applied before. */
    public void applyCoupon(Coupon coupon, LocalDate today) {
        if (today.isAfter(coupon.expiresOn())) {
            throw new CartError("coupon " + coupon.code() + " expired on " + coupon.expiresOn());
        }
        if (this.coupon == null) {
            this.coupon = coupon;
        }
    }

    /** What the customer pays: the subtotal less the coupon's discount. */
    public int total() {
        int subtotal = subtotal();
        if (coupon == null) {
            return subtotal;
        }
        return subtotal - percentOf(subtotal, coupon.percentOff());
    }
}
