import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Shopping-cart pricing, written differently from the reference but with exactly the same behaviour.
 *
 * <p>Lines are kept in a list in the order they were added, and rounding goes through BigDecimal. A test suite that
 * checks behaviour through the public API passes here; one that reflects on private fields does not.
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

    private final List<Object[]> entries = new ArrayList<>(); // {sku, price, count}
    private Coupon activeCoupon;

    private static int discount(int amount, int percent) {
        return new java.math.BigDecimal(amount).multiply(new java.math.BigDecimal(percent))
                .divide(new java.math.BigDecimal(100)).setScale(0, java.math.RoundingMode.HALF_UP).intValueExact();
    }

    private static int bulkPercent(int count) {
        if (count >= 50) {
            return 15;
        }
        return count >= 10 ? 10 : 0;
    }

    private Object[] find(String sku) {
        for (Object[] entry : entries) {
            if (entry[0].equals(sku)) {
                return entry;
            }
        }
        return null;
    }

    public void add(String sku, int unitPriceCents) {
        add(sku, unitPriceCents, 1);
    }

    public void add(String sku, int unitPriceCents, int quantity) {
        if (quantity <= 0) {
            throw new CartError("quantity must be at least 1, got " + quantity);
        }
        if (unitPriceCents < 0) {
            throw new CartError("unit price must be 0 cents or more, got " + unitPriceCents);
        }
        Object[] entry = find(sku);
        if (entry == null) {
            entries.add(new Object[] {sku, unitPriceCents, quantity});
        } else if ((int) entry[1] == unitPriceCents) {
            entry[2] = (int) entry[2] + quantity;
        } else {
            throw new CartError(sku + " is already in the cart at a different price");
        }
    }

    public void remove(String sku) {
        Object[] entry = find(sku);
        if (entry == null) {
            throw new CartError(sku + " is not in the cart");
        }
        entries.remove(entry);
    }

    public int quantity(String sku) {
        Object[] entry = find(sku);
        return entry == null ? 0 : (int) entry[2];
    }

    public int lineTotal(String sku) {
        Object[] entry = find(sku);
        if (entry == null) {
            throw new CartError(sku + " is not in the cart");
        }
        int gross = (int) entry[1] * (int) entry[2];
        return gross - discount(gross, bulkPercent((int) entry[2]));
    }

    public int subtotal() {
        int total = 0;
        for (Object[] entry : entries) {
            total += lineTotal((String) entry[0]);
        }
        return total;
    }

    public void applyCoupon(Coupon coupon, LocalDate today) {
        if (!(today.compareTo(coupon.expiresOn()) <= 0)) {
            throw new CartError("coupon " + coupon.code() + " expired on " + coupon.expiresOn());
        }
        activeCoupon = coupon;
    }

    public int total() {
        int amount = subtotal();
        if (activeCoupon != null) {
            amount -= discount(amount, activeCoupon.percentOff());
        }
        return amount;
    }
}
