"""Plain-text hygiene shared by the services that keep what people type."""

import unicodedata


def printable(value) -> str:
    """Text without control characters (they break DOCX and XLSX exports and PDF rendering):
    line breaks and tabs stay, \\r\\n becomes \\n."""
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        ch
        for ch in text
        if ch in "\n\t"
        or (unicodedata.category(ch) not in {"Cc", "Cs"} and ch not in "\ufffe\uffff")
    )
