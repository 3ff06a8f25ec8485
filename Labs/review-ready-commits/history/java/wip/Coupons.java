// Coupon codes, applied to a subtotal before tax: SAVE10 takes 10 percent off (rounded to the nearest cent),
// FIVEOFF takes 500 cents off; a total never goes below zero.
import java.util.Map;

public final class Coupons {
    private Coupons() {
    }

    /** A coupon takes {@code amount} percent off when {@code percent}, else {@code amount} cents. */
    private record Coupon(boolean percent, long amount) {
    }

    private static final Map<String, Coupon> COUPONS =
            Map.of("SAVE10", new Coupon(true, 10), "FIVEOFF", new Coupon(false, 500));

    static long applyCoupon(long cents, String code) {
        Coupon coupon = COUPONS.get(code);
        if (coupon == null) {
            throw new IllegalArgumentException("unknown coupon " + code);
        }
        if (coupon.percent()) {
            return cents - Math.floorDiv(cents * coupon.amount() + 50, 100);
        }
        return Math.max(cents - coupon.amount(), 0);
    }
}
