// Shipping costs for the shop: `java -cp out Shipping` reads WEIGHT ZONE [express] lines and prints each cost.
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

public class Shipping {
    static final Map<String, Double> RATE_PER_KG = Map.of("domestic", 1.50, "international", 4.00);

    /** The cost in euros of shipping a parcel of {@code weightKg} kilograms to {@code zone}. */
    static double shippingCost(double weightKg, String zone) {
        double cost = weightKg * RATE_PER_KG.get(zone);
        return Math.round(cost * 100) / 100.0;
    }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] parts = line.trim().split("\\s+");
            if (parts[0].isEmpty()) {
                continue;
            }
            double cost = shippingCost(Double.parseDouble(parts[0]), parts[1]);
            out.append(String.format(Locale.ROOT, "%.2f%n", cost));
        }
        System.out.print(out);
    }
}
