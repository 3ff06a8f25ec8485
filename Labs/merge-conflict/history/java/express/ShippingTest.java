// The unit tests of Shipping: `java RunTests.java` runs them.
public class ShippingTest {
    static void testInternationalRate() {
        assertEquals(8.00, Shipping.shippingCost(2, "international"));
    }

    static void testDomesticRate() {
        assertEquals(15.00, Shipping.shippingCost(10, "domestic"));
    }

    static void testExpressDoublesAndAddsSurcharge() {
        assertEquals(29.00, Shipping.shippingCost(3, "international", true));
    }

    private static void assertEquals(double expected, double actual) {
        if (expected != actual) {
            throw new AssertionError("expected " + expected + ", got " + actual);
        }
    }
}
