"""Translation of the user interface (Qt Linguist: .ts sources in resources/i18n, .qm built).

Every user-visible string goes through ``tr``; pyside6-lupdate collects the calls into one
context. Placeholders are named and filled after translation:
``tr("{n} images").format(n=n)``, never an f-string inside ``tr``.
"""

from __future__ import annotations

from pathlib import Path

import PySide6
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QTranslator,
)

# The .qm files built from resources/i18n/*.ts (the same place in the frozen bundle: resources/
# is bundled whole next to the app package).
I18N_DIR = Path(__file__).resolve().parents[1] / "resources" / "i18n"

# QSettings "language" values and their names, each in its own language ("System" is shown
# translated: tr(name)).
LANGUAGES = (
    ("system", QT_TRANSLATE_NOOP("", "System")),
    ("en", "English"),
    ("ko", "한국어"),
    ("zh_CN", "简体中文"),
)
TRANSLATED = ("ko", "zh_CN")

RESTART_NOTE = QT_TRANSLATE_NOOP("", "The language changes when the app starts next.")


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``text`` in the interface language (``n`` picks a plural form for ``%n``)."""
    return QCoreApplication.translate("", text, disambiguation, n)


def resolve(language: str, locale: QLocale | None = None) -> str | None:
    """The translation for a "language" setting: "ko", "zh_CN" or None (English); "system"
    follows ``locale`` (default: the system's)."""
    if language in TRANSLATED:
        return language
    if language != "system":
        return None
    loc = locale or QLocale.system()
    if loc.language() == QLocale.Language.Korean:
        return "ko"
    if (
        loc.language() == QLocale.Language.Chinese
        and loc.script() != QLocale.Script.TraditionalHanScript
    ):
        return "zh_CN"  # zh_CN, zh_SG, zh_Hans*, plain zh
    return None


def install_translator(
    app: QCoreApplication, language: str, directory: Path = I18N_DIR
) -> str | None:
    """Install the studio's translation for ``language`` (a "language" setting) and Qt's own
    (standard dialog buttons) into ``app``; returns the language installed, None for English
    (or when its .qm file is missing)."""
    lang = resolve(language)
    if lang is None:
        return None
    studio = QTranslator()
    if not studio.load(str(directory / f"studio_{lang}.qm")):
        return None
    qtbase = QTranslator()
    qt_dirs = (  # Qt's own, then the wheel's (the frozen bundle keeps PySide6/Qt/translations)
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
        str(Path(PySide6.__file__).parent / "Qt" / "translations"),
    )
    found = any(qtbase.load(f"qtbase_{lang}", d) for d in qt_dirs)
    for translator in (studio, qtbase) if found else (studio,):
        translator.setParent(app)  # kept as long as the application
        app.installTranslator(translator)
    return lang
