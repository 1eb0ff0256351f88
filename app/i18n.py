"""Translation of the user interface (Qt Linguist: .ts sources in resources/i18n, .qm built).

Every user-visible string goes through ``tr``; pyside6-lupdate collects the calls into one
context. Placeholders are named and filled after translation:
``tr("{n} images").format(n=n)``, never an f-string inside ``tr``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``text`` in the interface language (``n`` picks a plural form for ``%n``)."""
    return QCoreApplication.translate("", text, disambiguation, n)
