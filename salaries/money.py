"""How the salaries page writes amounts: whole pounds, halves rounded up."""

import math


def whole_pounds(value: float) -> int:
    return math.floor(value + 0.5)


def pounds(value: float) -> str:
    """£41,288 for 41,287.5."""
    return f"£{whole_pounds(value):,}"
