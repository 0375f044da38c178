"""The built add-in and demo workbook, checked with tools that did not build them: defusedxml, zipfile, olevba, the reader."""
from __future__ import annotations

import re
import zipfile
from datetime import date

import pytest
from defusedxml import ElementTree
from oletools.olevba import VBA_Parser

from macros import build_addin, ribbon
from macros.config import xlwings_conf_entries, xlwings_conf_lines
from workbook.filereader import read_workbook

NS = "{http://schemas.microsoft.com/office/2009/07/customui}"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    outdir = tmp_path_factory.mktemp("dist")
    assert build_addin.main([str(outdir)]) == 0
    return outdir / build_addin.ADDIN_NAME, outdir / build_addin.DEMO_NAME


def vba_modules(path) -> dict[str, str]:
    """Module name → source, as olevba extracts it, with CRLF folded and attribute lines dropped."""
    parser = VBA_Parser(str(path))
    try:
        return {name.rsplit(".", 1)[0]: _plain(code) for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def _plain(code) -> str:
    text = code.decode("latin-1") if isinstance(code, bytes) else code
    lines = text.replace("\r\n", "\n").split("\n")
    return "\n".join(line for line in lines if not line.startswith("Attribute VB_")).strip()


def buttons(xml: bytes) -> list:
    root = ElementTree.fromstring(xml)
    assert root.tag == f"{NS}customUI"
    return root.findall(f".//{NS}button")


def test_custom_ui_names_one_callback_and_every_python_button():
    xml = build_addin.CUSTOM_UI.read_bytes()
    root = ElementTree.fromstring(xml)
    tab = root.find(f"{NS}ribbon/{NS}tabs/{NS}tab")
    assert tab.get("label") == "客户分层"
    found = buttons(xml)
    assert [b.get("label") for b in found] == ["刷新待办", "祝福名单", "本周跟进表", "导出提醒", "重新分级", "检查数据"]
    assert {b.get("tag") for b in found} == set(ribbon.BUTTONS)
    assert all(b.get("size") == "large" and b.get("imageMso") for b in found)
    procedures = set(re.findall(r"^Sub (\w+)\(control As IRibbonControl\)", _plain(build_addin.ribbon_source()), re.M))
    assert {b.get("onAction") for b in found} == {"OnAction"} <= procedures


def test_the_callback_runs_dispatch_with_the_tag():
    source = _plain(build_addin.ribbon_source())
    assert "RunPython \"import macros.ribbon as r; r.dispatch('\" & control.Tag & \"')\"" in source
    assert source.isascii()


@pytest.mark.parametrize("which", [0, 1], ids=["xlam", "demo-xlsm"])
def test_package_carries_our_ribbon(built, which):
    with zipfile.ZipFile(built[which]) as package:
        assert package.read(build_addin.CUSTOM_UI_PART) == build_addin.CUSTOM_UI.read_bytes()
        rels = ElementTree.fromstring(package.read("_rels/.rels"))
        ribbons = [r for r in rels if r.get("Type") == build_addin.RIBBON_REL_TYPE]
        assert [r.get("Target") for r in ribbons] == [build_addin.CUSTOM_UI_PART]
        content_types = package.read("[Content_Types].xml").decode()
    assert 'ContentType="application/vnd.ms-office.vbaProject"' in content_types
    assert re.search(r'PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.(addin|sheet).macroEnabled.main\+xml"',
                     content_types)


@pytest.mark.parametrize("which", [0, 1], ids=["xlam", "demo-xlsm"])
def test_olevba_reads_our_module_back_exactly(built, which):
    modules = vba_modules(built[which])
    assert modules[build_addin.RIBBON_MODULE] == _plain(build_addin.ribbon_source())
    assert build_addin.QUICKSTART_RIBBON_MODULE not in modules
    # RunPython comes from xlwings' own VBA inside the same project.
    assert re.search(r"^Public Function RunPython\(PythonCommand As String\)", modules["xlwings"], re.M)


def test_pyopenvba_finds_the_project_consistent(built):
    from pyopenvba import ExcelFile, check_file

    for path in built:
        assert check_file(path).issues == ()
        with ExcelFile(path) as book:
            assert book.validate() == []
            assert "Office" in {r.name for r in book.references()}  # IRibbonControl's type library


def test_demo_workbook_holds_the_demo_shop(built):
    book, settings, report = read_workbook(built[1], date(2026, 11, 23))
    assert len(book.customers) == 40 and book.orders and book.contacts and not report.problems


def test_xlwings_conf_for_windows_and_mac():
    assert xlwings_conf_lines(r"C:\py\pythonw.exe", "win32", r"C:\shop") == [
        r'"INTERPRETER_WIN","C:\py\pythonw.exe"', '"UDF MODULES","macros.udfs"', r'"PYTHONPATH","C:\shop"']
    assert xlwings_conf_entries("/usr/local/bin/python3", "darwin", "/Users/me/shop")[0] == (
        "INTERPRETER_MAC", "/usr/local/bin/python3")
    with pytest.raises(ValueError):
        xlwings_conf_lines("/usr/bin/python3", "linux")
    with pytest.raises(ValueError):
        xlwings_conf_lines('C:\\a"b', "win32")
