import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Shopping-cart pricing, written differently from the reference but with exactly the same behaviour.
 *
 * <p>Prices and quantities live in two maps and discounts are worked out in hundredths of a cent until the last
 * step. A test suite that checks behaviour through the public API passes here; one that compares source text does
 * not.
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

    private static final TreeMap<Integer, Integer> TIERS = new TreeMap<>(Map.of(10, 10, 50, 15));

    private final Map<String, Integer> prices = new LinkedHashMap<>();
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private Coupon coupon;

    private static int roundHalfUp(long hundredths) {
        return (int) Math.floorDiv(hundredths + 50, 100);
    }

    public void add(String sku, int unitPriceCents) {
        add(sku, unitPriceCents, 1);
    }

    public void add(String sku, int unitPriceCents, int quantity) {
        if (!(quantity >= 1)) {
            throw new CartError("quantity must be at least 1, got " + quantity);
        }
        if (unitPriceCents < 0) {
            throw new CartError("unit price must be 0 cents or more, got " + unitPriceCents);
        }
        if (prices.containsKey(sku) && prices.get(sku) != unitPriceCents) {
            throw new CartError(sku + " is already in the cart at a different price");
        }
        prices.put(sku, unitPriceCents);
        counts.merge(sku, quantity, Integer::sum);
    }

    public void remove(String sku) {
        if (prices.remove(sku) == null) {
            throw new CartError(sku + " is not in the cart");
        }
        counts.remove(sku);
    }

    public int quantity(String sku) {
        return counts.getOrDefault(sku, 0);
    }

    public int lineTotal(String sku) {
        if (!prices.containsKey(sku)) {
            throw new CartError(sku + " is not in the cart");
        }
        int count = counts.get(sku);
        int gross = prices.get(sku) * count;
        Map.Entry<Integer, Integer> tier = TIERS.floorEntry(count);
        return tier == null ? gross : gross - roundHalfUp((long) gross * tier.getValue());
    }

    public int subtotal() {
        return prices.keySet().stream().reduce(0, (sum, sku) -> sum + lineTotal(sku), Integer::sum);
    }

    public void applyCoupon(Coupon coupon, LocalDate today) {
        if (today.toEpochDay() > coupon.expiresOn().toEpochDay()) {
            throw new CartError("coupon " + coupon.code() + " expired on " + coupon.expiresOn());
        }
        this.coupon = coupon;
    }

    public int total() {
        int subtotal = subtotal();
        return coupon == null ? subtotal : subtotal - roundHalfUp((long) subtotal * coupon.percentOff());
    }
}
