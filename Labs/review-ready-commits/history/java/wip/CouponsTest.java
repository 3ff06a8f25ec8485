// The unit tests of Coupons: `java RunTests.java` runs them.
public class CouponsTest {
    static void testPercent() {
        assertEquals(1800, Coupons.applyCoupon(2000, "SAVE10"));
        assertEquals(1798, Coupons.applyCoupon(1998, "SAVE10"));
    }

    static void testFixedNeverBelowZero() {
        assertEquals(1500, Coupons.applyCoupon(2000, "FIVEOFF"));
        assertEquals(0, Coupons.applyCoupon(300, "FIVEOFF"));
    }

    static void testUnknown() {
        try {
            Coupons.applyCoupon(100, "FREE");
        } catch (IllegalArgumentException expected) {
            return;
        }
        throw new AssertionError("an unknown coupon must be refused");
    }

    private static void assertEquals(long expected, long actual) {
        if (expected != actual) {
            throw new AssertionError("expected " + expected + ", got " + actual);
        }
    }
}
