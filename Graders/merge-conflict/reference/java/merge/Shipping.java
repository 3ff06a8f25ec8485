// Shipping costs for the shop: `java -cp out Shipping` reads WEIGHT ZONE [express] lines and prints each cost.
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

public class Shipping {
    static final Map<String, Double> RATE_PER_KG = Map.of("domestic", 1.20, "international", 4.00);
    static final double MINIMUM_CHARGE = 4.00;
    static final double EXPRESS_SURCHARGE = 5.00;

    /** The cost in euros of shipping a parcel at the standard price, never less than the minimum charge. */
    static double shippingCost(double weightKg, String zone) {
        return shippingCost(weightKg, zone, false);
    }

    /**
     * The cost in euros of shipping a parcel: never less than the minimum charge, and express costs double that
     * standard price plus a surcharge.
     */
    static double shippingCost(double weightKg, String zone, boolean express) {
        double cost = Math.max(weightKg * RATE_PER_KG.get(zone), MINIMUM_CHARGE);
        if (express) {
            cost = cost * 2 + EXPRESS_SURCHARGE;
        }
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
            boolean express = parts.length > 2 && parts[2].equals("express");
            double cost = shippingCost(Double.parseDouble(parts[0]), parts[1], express);
            out.append(String.format(Locale.ROOT, "%.2f%n", cost));
        }
        System.out.print(out);
    }
}
