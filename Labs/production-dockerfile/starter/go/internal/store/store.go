// Package store answers quotes. Prices come from the company's private pricing module (downloaded from the
// private module proxy).
package store

import "acme.internal/pricing/v2"

// Quote is the price of one SKU.
type Quote struct {
	SKU        string `json:"sku"`
	PriceCents int64  `json:"price_cents"`
}

// Store looks prices up in the price book.
type Store struct {
	book *pricing.PriceBook
}

// New opens the price book at databaseURL.
func New(databaseURL string) *Store {
	return &Store{book: pricing.NewPriceBook(databaseURL)}
}

// Quote is the quote for sku, and false when there is none.
func (s *Store) Quote(sku string) (Quote, bool) {
	price, ok := s.book.Lookup(sku)
	if !ok {
		return Quote{}, false
	}
	return Quote{SKU: sku, PriceCents: price}, true
}
