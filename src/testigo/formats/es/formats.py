"""Number formats for Spanish as written in Mexico: 11,202 and 3.5 (not 11.202 / 3,5)."""

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
