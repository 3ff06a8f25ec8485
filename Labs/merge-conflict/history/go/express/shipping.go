// Shipping costs for the shop: `./shipping` reads WEIGHT ZONE [express] lines and prints each cost.
package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
)

var ratePerKg = map[string]float64{"domestic": 1.50, "international": 4.00}

const expressSurcharge = 5.00

// shippingCost is the cost in euros of shipping a parcel; express costs double the standard price plus a surcharge.
func shippingCost(weightKg float64, zone string, express bool) float64 {
	cost := weightKg * ratePerKg[zone]
	if express {
		cost = cost*2 + expressSurcharge
	}
	return math.Round(cost*100) / 100
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		parts := strings.Fields(in.Text())
		if len(parts) == 0 {
			continue
		}
		weight, err := strconv.ParseFloat(parts[0], 64)
		if err != nil {
			fmt.Fprintln(os.Stderr, "shipping:", err)
			os.Exit(1)
		}
		express := len(parts) > 2 && parts[2] == "express"
		fmt.Fprintf(out, "%.2f\n", shippingCost(weight, parts[1], express))
	}
}
