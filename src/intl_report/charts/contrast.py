"""Contrast of colours as WCAG 2.1 measures it: relative luminance and contrast ratio.

The charts must reach 3:1 against their background and their neighbours (success criterion 1.4.11, non-text
contrast) and 4.5:1 for the text written on them (1.4.3). The formulas are WCAG 2.1's definitions of *relative
luminance* and *contrast ratio*, written here rather than taken from a package: they are a few lines, and the one
package made for them (``wcag-contrast-ratio``) has not been released since 2015.

>>> round(contrast_ratio("#0066CC", "white"), 2)
5.57
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

Colour = TypeVar("Colour")


def _rgb(colour) -> tuple[float, float, float]:
    """sRGB components in 0–1 of a hex string, a colour name or an RGB(A) tuple (alpha ignored)."""
    if isinstance(colour, str):
        named = {"white": "#FFFFFF", "black": "#000000"}
        text = named.get(colour.lower(), colour).lstrip("#")
        if len(text) == 3:
            text = "".join(2 * c for c in text)
        if len(text) not in (6, 8):
            raise ValueError(f"not a hex colour: {colour!r}")
        return tuple(int(text[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]
    red, green, blue = colour[:3]
    return float(red), float(green), float(blue)


def relative_luminance(colour) -> float:
    """WCAG 2.1 relative luminance, 0 (black) to 1 (white).

    The linearisation threshold is sRGB's 0.04045; WCAG 2.1 prints 0.03928, which gives the same value for every
    8-bit colour (no 8-bit component lies between the two).
    """

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in _rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first, second) -> float:
    """WCAG 2.1 contrast ratio of two colours, 1 (same luminance) to 21 (black on white); order does not matter."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def most_contrasting(background, candidates: Sequence[Colour]) -> Colour:
    """The candidate colour with the highest contrast ratio against ``background`` (the first one on a tie)."""
    return max(candidates, key=lambda colour: contrast_ratio(colour, background))
