// The unit tests of Cart: `java RunTests.java` runs them.
import java.util.List;

public class CartTest {
    static void testSubtotal() {
        assertEquals(800, Cart.subtotal(List.of(new Cart.Line(250, 2), new Cart.Line(100, 3))));
    }

    static void testTax() {
        assertEquals(1190, Cart.applyTax(1000, 19));
    }

    static void testTaxRoundsToTheNearestCent() {
        assertEquals(1189, Cart.applyTax(999, 19));
        assertEquals(1191, Cart.applyTax(1001, 19));
    }

    private static void assertEquals(long expected, long actual) {
        if (expected != actual) {
            throw new AssertionError("expected " + expected + ", got " + actual);
        }
    }
}
