import java.time.LocalDate;

/** A strong test suite for Cart.java: every rule, on both sides of every threshold, through the public API only. */
public class CartTest extends MiniTest {
    static final LocalDate EXPIRY = LocalDate.of(2030, 6, 30);
    static final Cart.Coupon SUMMER = new Cart.Coupon("SUMMER", 10, EXPIRY);

    static Cart cartWith(Object... lines) {
        Cart cart = new Cart();
        for (int index = 0; index < lines.length; index += 3) {
            cart.add((String) lines[index], (Integer) lines[index + 1], (Integer) lines[index + 2]);
        }
        return cart;
    }

    static void testNewCartIsEmpty() {
        Cart cart = new Cart();
        assertEquals(0, cart.subtotal());
        assertEquals(0, cart.total());
        assertEquals(0, cart.quantity("apple"));
    }

    static void testQuantityDefaultsToOne() {
        Cart cart = new Cart();
        cart.add("lamp", 2000);
        assertEquals(1, cart.quantity("lamp"));
        assertEquals(2000, cart.lineTotal("lamp"));
    }

    static void testLineTotalIsPriceTimesQuantity() {
        Cart cart = cartWith("apple", 125, 3);
        assertEquals(375, cart.lineTotal("apple"));
        assertEquals(375, cart.subtotal());
    }

    static void testSubtotalAddsEveryLine() {
        Cart cart = cartWith("apple", 125, 3, "pear", 200, 1, "plum", 50, 2);
        assertEquals(375 + 200 + 100, cart.subtotal());
        assertEquals(675, cart.total());
    }

    static void testAddingAgainAddsToTheQuantity() {
        Cart cart = cartWith("apple", 125, 2, "apple", 125, 3);
        assertEquals(5, cart.quantity("apple"));
        assertEquals(625, cart.lineTotal("apple"));
    }

    static void testAddingAgainAtAnotherPriceIsRefused() {
        Cart cart = cartWith("apple", 125, 2);
        assertThrows(Cart.CartError.class, () -> cart.add("apple", 130, 1));
        assertEquals(2, cart.quantity("apple"));
    }

    static void testRemoveTakesTheWholeLine() {
        Cart cart = cartWith("apple", 125, 3, "pear", 200, 1);
        cart.remove("apple");
        assertEquals(0, cart.quantity("apple"));
        assertEquals(200, cart.subtotal());
        assertThrows(Cart.CartError.class, () -> cart.lineTotal("apple"));
    }

    static void testRemovingAnUnknownItemIsRefused() {
        assertThrows(Cart.CartError.class, () -> new Cart().remove("apple"));
    }

    static void testNoDiscountBelowTen() {
        assertEquals(900, cartWith("bolt", 100, 9).lineTotal("bolt"));
    }

    static void testTenPercentFromExactlyTen() {
        assertEquals(900, cartWith("bolt", 100, 10).lineTotal("bolt"));
        assertEquals(990, cartWith("bolt", 100, 11).lineTotal("bolt"));
    }

    static void testBelowFiftyStaysAtTenPercent() {
        assertEquals(4410, cartWith("bolt", 100, 49).lineTotal("bolt"));
    }

    static void testFifteenPercentFromExactlyFifty() {
        assertEquals(4250, cartWith("bolt", 100, 50).lineTotal("bolt"));
        assertEquals(5100, cartWith("bolt", 100, 60).lineTotal("bolt"));
    }

    static void testDiscountIsPerLineNotPerCart() {
        Cart cart = cartWith("bolt", 100, 6, "nut", 10, 6);
        assertEquals(600, cart.lineTotal("bolt"));
        assertEquals(660, cart.subtotal());
    }

    static void testSubtotalUsesDiscountedLines() {
        assertEquals(900 + 850 + 30, cartWith("bolt", 100, 10, "washer", 20, 50, "nut", 10, 3).subtotal());
    }

    static void testEachLineGetsItsOwnDiscount() {
        Cart cart = cartWith("bolt", 100, 10, "nut", 10, 3);
        assertEquals(900, cart.lineTotal("bolt"));
        assertEquals(30, cart.lineTotal("nut"));
    }

    static Cart lamp() {
        return cartWith("lamp", 2000, 1);
    }

    static void testCouponTakesItsPercentageOffTheTotal() {
        Cart cart = lamp();
        cart.applyCoupon(SUMMER, LocalDate.of(2030, 6, 1));
        assertEquals(2000, cart.subtotal());
        assertEquals(1800, cart.total());
    }

    static void testCouponUsesItsOwnPercentage() {
        Cart cart = lamp();
        cart.applyCoupon(new Cart.Coupon("BIG", 25, EXPIRY), LocalDate.of(2030, 6, 1));
        assertEquals(1500, cart.total());
    }

    static void testCouponIsGoodOnItsExpiryDate() {
        Cart cart = lamp();
        cart.applyCoupon(SUMMER, EXPIRY);
        assertEquals(1800, cart.total());
    }

    static void testCouponIsRefusedTheDayAfter() {
        Cart cart = lamp();
        assertThrows(Cart.CartError.class, () -> cart.applyCoupon(SUMMER, LocalDate.of(2030, 7, 1)));
        assertEquals(2000, cart.total());
    }

    static void testASecondCouponReplacesTheFirst() {
        Cart cart = lamp();
        cart.applyCoupon(new Cart.Coupon("BIG", 25, EXPIRY), LocalDate.of(2030, 6, 1));
        cart.applyCoupon(SUMMER, LocalDate.of(2030, 6, 1));
        assertEquals(1800, cart.total());
    }

    static void testTheSameCouponTwiceCountsOnce() {
        Cart cart = lamp();
        cart.applyCoupon(SUMMER, LocalDate.of(2030, 6, 1));
        cart.applyCoupon(SUMMER, LocalDate.of(2030, 6, 1));
        assertEquals(1800, cart.total());
    }

    static void testCouponAppliesAfterBulkDiscounts() {
        Cart cart = cartWith("bolt", 100, 10);
        cart.applyCoupon(SUMMER, LocalDate.of(2030, 6, 1));
        assertEquals(810, cart.total());
    }

    static int couponTotal(int price, int percent) {
        Cart cart = cartWith("item", price, 1);
        cart.applyCoupon(new Cart.Coupon("C", percent, EXPIRY), LocalDate.of(2030, 1, 1));
        return cart.total();
    }

    static void testHalfACentRoundsUpWithAnEvenCentBelow() {
        assertEquals(1005 - 101, couponTotal(1005, 10));
    }

    static void testHalfACentRoundsUpWithAnOddCentBelow() {
        assertEquals(1015 - 102, couponTotal(1015, 10));
    }

    static void testMoreThanHalfRoundsUp() {
        assertEquals(1007 - 101, couponTotal(1007, 10));
    }

    static void testLessThanHalfRoundsDown() {
        assertEquals(1003 - 100, couponTotal(1003, 10));
    }

    static void testBulkDiscountRoundsPerLine() {
        assertEquals(1050 - 105, cartWith("bolt", 105, 10).lineTotal("bolt"));
        assertEquals(5050 - 758, cartWith("bolt", 101, 50).lineTotal("bolt"));
    }

    static void assertRefused(int price, int quantity) {
        Cart cart = new Cart();
        assertThrows(Cart.CartError.class, () -> cart.add("item", price, quantity));
        assertEquals(0, cart.quantity("item"));
    }

    static void testZeroQuantityIsRefused() {
        assertRefused(100, 0);
    }

    static void testNegativeQuantityIsRefused() {
        assertRefused(100, -1);
    }

    static void testNegativePriceIsRefused() {
        assertRefused(-1, 1);
    }

    static void testAFreeItemIsFine() {
        Cart cart = cartWith("sticker", 0, 2);
        assertEquals(0, cart.subtotal());
        assertEquals(2, cart.quantity("sticker"));
    }

    static void testCartErrorIsAnIllegalArgumentException() {
        assertThrows(IllegalArgumentException.class, () -> new Cart().remove("nothing"));
    }

    public static void main(String[] args) {
        runAll(CartTest.class);
    }
}
