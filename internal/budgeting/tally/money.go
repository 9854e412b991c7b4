package tally

import (
	"math/big"
	"strings"
)

var symbols = map[string]string{"GBP": "£", "USD": "$", "EUR": "€", "CAD": "CA$"}

// FormatMoney writes an amount of minor units for people: "£40,000" for
// currencies with a common symbol, "40,000 PLN" for the others, with two
// decimals only when the amount is not whole.
func FormatMoney(minor, scale int64, currency string) string {
	return FormatRat(new(big.Rat).SetFrac64(minor, scale), currency)
}

// FormatRat writes an exact amount of currency units, rounded to cents for
// display only.
func FormatRat(r *big.Rat, currency string) string {
	neg := r.Sign() < 0
	s := new(big.Rat).Abs(r).FloatString(2)
	s = strings.TrimSuffix(s, ".00")
	whole, frac, _ := strings.Cut(s, ".")
	s = groupDigits(whole)
	if frac != "" {
		s += "." + frac
	}
	if neg {
		s = "-" + s
	}
	cur := strings.ToUpper(currency)
	if sym, ok := symbols[cur]; ok {
		if neg {
			return "-" + sym + s[1:]
		}
		return sym + s
	}
	if cur == "" {
		return s
	}
	return s + " " + cur
}

func groupDigits(s string) string {
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	head := len(s) % 3
	if head > 0 {
		b.WriteString(s[:head])
	}
	for i := head; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}
