import java.time.LocalDate;

/**
 * Your tests for Cart.java. Ladder grades them by running them against broken versions of Cart.java.
 *
 * <p>Run them with:  javac -d out *.java && java -cp out CartTest
 * Each test is a {@code static void test...()} method: arrange a cart, act on it, and assert what the README says
 * must happen. MiniTest (MiniTest.java) runs them all and gives you assertEquals, assertTrue and assertThrows.
 */
public class CartTest extends MiniTest {
    static void testNewCartIsEmpty() {
        assertEquals(0, new Cart().subtotal());
    }

    // TODO stage 1: a line's total is unit price x quantity; adding an item twice adds to its quantity;
    //               removing an item takes the whole line out.

    // TODO stage 2: bulk discounts (per line, at 10 and at 50 items) and coupons (expiry date, one at a time).
    //               A coupon is new Cart.Coupon("SUMMER", 10, LocalDate.of(2030, 6, 30)).

    // TODO stage 3: rounding of half cents, and the quantities and prices the cart must refuse
    //               (assertThrows(Cart.CartError.class, () -> ...)).

    public static void main(String[] args) {
        runAll(CartTest.class);
    }
}
