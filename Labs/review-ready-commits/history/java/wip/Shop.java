// `java -cp out Shop` reads a cart, one line each: `item PRICE_CENTS QUANTITY`, `tax RATE_PERCENT`, `coupon CODE`;
// prints the total in cents.
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

public final class Shop {
    public static void main(String[] args) throws IOException {
        List<Cart.Line> lines = new ArrayList<>();
        int tax = 0;
        String coupon = null;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] parts = line.trim().split("\\s+");
            switch (parts[0]) {
                case "" -> {
                }
                case "item" -> lines.add(new Cart.Line(Long.parseLong(parts[1]), Integer.parseInt(parts[2])));
                case "tax" -> tax = Integer.parseInt(parts[1]);
                case "coupon" -> coupon = parts[1];
                default -> {
                    System.err.println("unknown line: " + line.trim());
                    System.exit(1);
                }
            }
        }
        long total = Cart.subtotal(lines);
        if (coupon != null) {
            total = Coupons.applyCoupon(total, coupon);
        }
        System.out.println(Cart.applyTax(total, tax));
    }
}
