// The unit tests of Shipping: `java RunTests.java` runs them.
public class ShippingTest {
    static void testInternationalRate() {
        assertEquals(8.00, Shipping.shippingCost(2, "international"));
    }

    static void testDomesticRate() {
        assertEquals(12.00, Shipping.shippingCost(10, "domestic"));
    }

    static void testMinimumCharge() {
        assertEquals(4.00, Shipping.shippingCost(1, "domestic"));
    }

    static void testExpressDoublesAndAddsSurcharge() {
        assertEquals(29.00, Shipping.shippingCost(3, "international", true));
    }

    static void testExpressOnAParcelAtTheMinimum() {
        assertEquals(13.00, Shipping.shippingCost(1, "domestic", true));
    }

    private static void assertEquals(double expected, double actual) {
        if (expected != actual) {
            throw new AssertionError("expected " + expected + ", got " + actual);
        }
    }
}
