"""How people are named on documents (ГОСТ Р 7.0.97-2016 п. 5.23: initials before the surname)."""

from __future__ import annotations


def initials_name(user) -> str:
    """«М. П. Иванова» — the form of a signature block and of the public /verify page."""
    if user is None:
        return ""
    if user.is_former:
        return user.get_full_name()  # «Бывший участник»
    return initials_of(" ".join(p for p in (user.last_name, user.first_name, user.patronymic) if p))


def initials_of(full_name: str) -> str:
    """«Иванова Мария Петровна» → «М. П. Иванова»; a one-word name stays as it is.

    The /verify page uses this on the printed name, so it needs no account."""
    words = full_name.split()
    if len(words) < 2:
        return " ".join(words)
    surname, given = words[0], words[1:]
    return " ".join([*(f"{w[0]}." for w in given), surname])


def full_name(user) -> str:
    """The full name in the nominative as printed on a document: «Иванова Мария Петровна»."""
    return user.get_full_name() if user is not None else ""
