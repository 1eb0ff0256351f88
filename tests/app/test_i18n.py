"""Translations: every shown text goes through tr(), the shipped .ts files are current and
translated, and the Korean translation reaches the main window's menus and docks."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDockWidget

from app import i18n

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app"
I18N = ROOT / "resources" / "i18n"
SHIPPED = [I18N / f"studio_{lang}.ts" for lang in i18n.TRANSLATED]
BIN = Path(sys.executable).parent

# calls whose string arguments are shown to the user
TEXT_CALLS = {
    "setText", "setToolTip", "setStatusTip", "setWhatsThis", "setWindowTitle",
    "setPlaceholderText", "setTitle", "setIconText", "setLabelText", "setInformativeText",
    "setDetailedText", "addAction", "addMenu", "addTab", "insertTab", "setTabText", "addItems",
    "setHeaderLabels", "setHorizontalHeaderLabels", "setVerticalHeaderLabels", "showMessage",
    "setItemText", "setPrefix", "setSuffix", "setSpecialValueText", "addButton",
    "QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox", "QToolButton",
    "QAction", "QMenu", "QToolBar", "QDockWidget", "QMessageBox",
    "getOpenFileName", "getOpenFileNames", "getSaveFileName", "getExistingDirectory",
    "getText", "getItem", "getInt", "getDouble",
    "show_error", "show_message", "show_report",
}  # fmt: skip
ONE_TEXT_ARG = {"addItem": 0, "insertItem": 1}  # the text's position; user data is not shown
MESSAGE_BOXES = {"information", "warning", "critical", "question", "about"}
ALLOWED = {"…", "...", ":", "D0"}  # marks and level names, the same in every language
# not words: HTML tags, file patterns (*.json), names (the same in every language)
NOT_WORDS = re.compile(r"<[^>]*>|\*\.[\w*]+|EfficientDet Studio|PySide6|Python|Qt\b")
LETTERS = re.compile(r"[^\W\d_]")


def _has_words(text: str) -> bool:
    return text.strip() not in ALLOWED and bool(LETTERS.search(NOT_WORDS.sub("", text)))


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        if func.attr in MESSAGE_BOXES:
            owner = func.value
            is_box = isinstance(owner, ast.Name) and owner.id == "QMessageBox"
            return "QMessageBox" if is_box else ""
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _literal_problem(node: ast.expr) -> str | None:
    """Why ``node`` (an argument, or part of one) shows untranslated text; None when it does
    not. f-strings count when their literal parts have letters."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return repr(node.value) if _has_words(node.value) else None
    if isinstance(node, ast.JoinedStr):
        parts = "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
        return "f-string " + ast.unparse(node) if _has_words(parts) else None
    children: list[ast.expr] = []
    if isinstance(node, ast.IfExp):
        children = [node.body, node.orelse]
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        children = [node.left, node.right]
    elif isinstance(node, (ast.List, ast.Tuple)):
        children = list(node.elts)
    for child in children:
        found = _literal_problem(child)
        if found:
            return found
    return None


def untranslated(source: str, filename: str) -> list[str]:
    """``file:line: text`` for each shown text in ``source`` that does not go through tr()."""
    out = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        if name in ONE_TEXT_ARG:
            args = node.args[ONE_TEXT_ARG[name] :][:1]
        elif name in TEXT_CALLS:
            args = [*node.args, *(k.value for k in node.keywords)]
        else:
            continue
        for arg in args:
            problem = _literal_problem(arg)
            if problem:
                out.append(f"{filename}:{node.lineno}: {name}({problem})")
    return out


def test_the_static_check_reports_untranslated_texts():
    snippet = (
        "from app.i18n import tr\n"
        'QLabel("Hello")\n'
        'box.setToolTip(f"{n} boxes")\n'
        'QMessageBox.warning(self, tr("Title"), "Untranslated text")\n'
        'combo.addItem(tr("All"), "all")\n'
        'combo.insertItem(0, "Some")\n'
        'QLabel(tr("Fine"))\n'
        'QLabel(":")\n'
        'QLabel("<h2>EfficientDet Studio</h2>")\n'
        'dialog.getOpenFileName(self, tr("File"), "", tr("Weights") + " (*.pt)")\n'
        'bar.setIconText(f"{text} ({key})")\n'
    )
    found = untranslated(snippet, "snippet.py")
    assert found == [
        "snippet.py:2: QLabel('Hello')",
        "snippet.py:3: setToolTip(f-string f'{n} boxes')",
        "snippet.py:4: QMessageBox('Untranslated text')",
        "snippet.py:6: insertItem('Some')",
    ]


def test_every_shown_text_in_app_goes_through_tr():
    found = []
    for path in sorted(APP.rglob("*.py")):
        found += untranslated(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert not found, f"{len(found)} texts are not translatable:\n" + "\n".join(found)


# -- the .ts files ---------------------------------------------------------------------
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}|%n")


def _messages(ts: Path) -> list[ET.Element]:
    return ET.parse(ts).getroot().findall("./context/message")


def translation_problems(ts: Path) -> list[str]:
    """What is left to translate in ``ts``: unfinished, empty, or missing a placeholder."""
    out = []
    for msg in _messages(ts):
        source = msg.findtext("source") or ""
        tr = msg.find("translation")
        forms = [f.text or "" for f in tr.findall("numerusform")] if tr is not None else []
        texts = forms if msg.get("numerus") == "yes" else [tr.text or "" if tr is not None else ""]
        if tr is None or tr.get("type") in ("unfinished", "vanished", "obsolete"):
            out.append(f"unfinished: {source!r}")
        elif not texts or not all(t.strip() for t in texts):
            out.append(f"empty: {source!r}")
        else:
            for mark in sorted(set(PLACEHOLDER.findall(source))):
                if not all(mark in t for t in texts):
                    out.append(f"{mark} missing: {source!r}")
    return out


@pytest.mark.parametrize("ts", SHIPPED, ids=lambda p: p.name)
def test_every_message_is_translated(ts):
    assert ts.is_file(), f"{ts} is missing: run make translations"
    problems = translation_problems(ts)
    head = "\n".join(problems[:20])
    assert not problems, f"{ts.name}: {len(problems)} messages to fix (first 20):\n{head}"


def test_the_problem_list_names_unfinished_and_missing_placeholders(tmp_path):
    ts = tmp_path / "studio_ko.ts"
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?><TS version="2.1" language="ko"><context>'
        "<name></name>"
        '<message><source>Open</source><translation type="unfinished"></translation></message>'
        "<message><source>Saved {n} boxes</source><translation>저장됨</translation></message>"
        '<message numerus="yes"><source>%n images</source><translation>'
        "<numerusform>%n 이미지</numerusform></translation></message>"
        "<message><source>Quit</source><translation>종료</translation></message>"
        "</context></TS>",
        encoding="utf-8",
    )
    assert translation_problems(ts) == ["unfinished: 'Open'", "{n} missing: 'Saved {n} boxes'"]


def _lupdate(ts: Path) -> None:
    files = [str(p) for p in sorted(APP.rglob("*.py"))]
    cmd = [str(BIN / "pyside6-lupdate"), *files, "-locations", "none", "-no-obsolete"]
    subprocess.run([*cmd, "-ts", str(ts)], check=True, capture_output=True, timeout=300)


def _sources(ts: Path) -> set[tuple[str, str]]:
    return {(m.findtext("source") or "", m.findtext("comment") or "") for m in _messages(ts)}


@pytest.mark.skipif(not (BIN / "pyside6-lupdate").exists(), reason="pyside6-lupdate not found")
def test_the_shipped_ts_files_cover_every_tr_call(tmp_path):
    fresh = tmp_path / "studio_ko.ts"
    shutil.copy(SHIPPED[0], fresh)
    _lupdate(fresh)
    wanted = _sources(fresh)
    assert len(wanted) > 100  # lupdate found the app's texts
    for ts in SHIPPED:
        missing = sorted(wanted - _sources(ts))
        assert not missing, (
            f"{ts.name} lacks {len(missing)} texts (run make translations): {missing[:20]}"
        )


def tr_sources(source: str, filename: str) -> tuple[set[tuple[str, str]], list[str]]:
    """The (text, disambiguation) of every ``tr("...")`` and ``QT_TRANSLATE_NOOP("", "...")``
    in ``source`` as Python reads them, and ``file:line`` of calls lupdate cannot read (the
    text is not a literal, e.g. an f-string)."""
    found, unreadable = set(), []
    for node in ast.walk(ast.parse(source, filename=filename)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        args = node.args
        if node.func.id == "QT_TRANSLATE_NOOP":
            args = args[1:]
        elif node.func.id != "tr":
            continue
        if not args:
            continue
        text = args[0]
        if isinstance(text, ast.Constant) and isinstance(text.value, str):
            comment = args[1] if len(args) > 1 else None
            note = comment.value if isinstance(comment, ast.Constant) and comment.value else ""
            found.add((text.value, note))
        elif isinstance(text, ast.JoinedStr):
            unreadable.append(f"{filename}:{node.lineno}")
    return found, unreadable


def test_tr_sources_reads_texts_as_python_does():
    snippet = 'tr("a " "b\\u00d7")\ntr(f"{n} boxes")\nQT_TRANSLATE_NOOP("", "c")\ntr("d", "menu")\n'
    found, unreadable = tr_sources(snippet, "s.py")
    assert found == {("a b\u00d7", ""), ("c", ""), ("d", "menu")} and unreadable == ["s.py:2"]


def test_every_tr_text_is_in_the_shipped_ts_files():
    wanted, unreadable = set(), []
    for path in sorted(APP.rglob("*.py")):
        found, bad = tr_sources(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
        wanted |= found
        unreadable += bad
    assert not unreadable, f"tr() of an f-string (lupdate cannot read it): {unreadable}"
    assert len(wanted) > 100
    for ts in SHIPPED:
        missing = sorted(wanted - _sources(ts))
        assert not missing, (
            f"{ts.name} lacks {len(missing)} texts (run make translations): {missing[:20]}"
        )


# -- at run time -----------------------------------------------------------------------
def test_the_system_language_picks_korean_or_simplified_chinese():
    assert i18n.resolve("system", QLocale("ko_KR")) == "ko"
    assert i18n.resolve("system", QLocale("zh_CN")) == "zh_CN"
    assert i18n.resolve("system", QLocale("zh")) == "zh_CN"
    assert i18n.resolve("system", QLocale("zh_TW")) is None
    assert i18n.resolve("system", QLocale("de_DE")) is None
    assert i18n.resolve("en") is None and i18n.resolve("zh_CN") == "zh_CN"
    assert [code for code, _ in i18n.LANGUAGES] == ["system", "en", "ko", "zh_CN"]


HANGUL = re.compile("[\uac00-\ud7a3]")


@pytest.fixture
def korean(qapp, tmp_path):
    """The Korean translation, built from the shipped .ts, installed for one test."""
    release = BIN / "pyside6-lrelease"
    if not release.exists():
        pytest.skip("pyside6-lrelease not found")
    qm = tmp_path / "studio_ko.qm"
    subprocess.run(
        [str(release), "-silent", str(I18N / "studio_ko.ts"), "-qm", str(qm)],
        check=True,
        timeout=120,
    )
    before = set(qapp.findChildren(QTranslator))
    assert i18n.install_translator(qapp, "ko", tmp_path) == "ko"
    yield
    for translator in set(qapp.findChildren(QTranslator)) - before:
        qapp.removeTranslator(translator)
        translator.deleteLater()


def test_english_needs_no_translator(qapp, tmp_path):
    before = set(qapp.findChildren(QTranslator))
    assert i18n.install_translator(qapp, "en", tmp_path) is None
    assert i18n.install_translator(qapp, "ko", tmp_path / "absent") is None
    assert set(qapp.findChildren(QTranslator)) == before


def test_the_main_window_speaks_korean(qtbot, korean, tmp_path):
    from app.main_window import MainWindow

    folder = tmp_path / "images"
    folder.mkdir()
    for n in range(2):
        QImage(64, 48, QImage.Format.Format_RGB32).save(str(folder / f"im{n}.png"))
    w = MainWindow(str(folder))
    qtbot.addWidget(w)
    english = [
        f"{name}: {a.text()!r}"
        for name, menu in w.menus.items()
        for a in [menu.menuAction(), *menu.actions()]
        if not a.isSeparator() and a.text() and not HANGUL.search(a.text())
    ]
    docks = [d.windowTitle() for d in w.findChildren(QDockWidget)]
    assert len(docks) == 8 and w.findChild(QDockWidget, "dock_Classes") is not None
    english += [f"dock: {t!r}" for t in docks if not HANGUL.search(t)]
    assert not english, f"{len(english)} menu entries or docks are not in Korean: {english}"
    w.close()


def test_qt_standard_buttons_follow_the_language(korean):
    assert HANGUL.search(QCoreApplication.translate("QPlatformTheme", "Cancel"))
