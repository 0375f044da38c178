"""`tierbook calendar` and 导出提醒: the .ics file a phone imports, read back by icalendar, vobject and libical."""
from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import icalendar
import openpyxl
import pytest
import vobject

from macros import ribbon
from tierbook.cli import EXIT_OK, EXIT_REFUSED, main
from tierlogic.model import Book, Customer, LunarBirthday
from tierlogic.reminders import reminders, window_plan
from tierlogic.settings import Settings, SettingError, with_values
from workbook.ics import calendar_bytes, write_calendar
from workbook.filereader import read_sheets
from workbook.refresh import load

from .fake_xlwings import FakeBook

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)
ZHAO_TEXT = "赵敏，生日快乐！谢谢您一路的支持，愿您新的一岁平安喜乐、心想事成～"


def messy_book(path: Path, contacts: tuple[list, ...] = ()) -> Path:
    """A hand-made 微商 book: a title row over the headers, nicknames, a 合计 row, dates and amounts as typed, a
    reminder time typed as a time cell. No book in tests/ had 赵敏 and 黄强, so this one is made here."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "我的客户"
    ws.append(["2026 老客户登记（自用）"])
    ws.merge_cells("A1:H1")
    ws.append([])
    ws.append(["序号", "微信昵称", "手机号", "微信号", "生日", "购买次数", "勿扰", "备注"])
    ws.append([1, "赵敏", "139 0000 1111", "zhaomin_88", "农历十月廿二", None, None, "想要面膜"])
    ws.append([2, "黄强", "13800002222", "hq_2020", "1988.3.5", 1, "", "老客户"])
    ws.append([3, "王芳", "13700003333", None, "农历十月廿二", "2次", "√", "不要再发了"])  # do not disturb
    ws.append([None, "合计", None, None, None, 3])
    orders = wb.create_sheet("订单")
    orders.append(["下单日期", "客户", "产品", "数量", "金额", "状态", "签收日期"])
    orders.append(["2026.10.30", "黄强", "面膜", 1, "¥128.00", "已签收", "2026/11/1"])
    log = wb.create_sheet("跟进记录")
    log.append(["日期", "客户", "渠道", "内容"])
    log.append(["2026年11月5日", "黄强", "微信", "问收到没有，说很好用"])  # 已签收 answered
    for row in contacts:
        log.append(row)
    products = wb.create_sheet("产品")
    products.append(["产品", "使用周期（天）", "价格"])
    products.append(["面膜", 30, "128元"])
    settings = wb.create_sheet("设置")
    settings.append(["设置项", "说明", "值"])
    settings.append(["reminder_time", "手机日历提醒时间", time(8, 30)])
    settings["C2"].number_format = "h:mm"
    wb.save(path)
    return path


def export(path: Path, today: date = TODAY, days: int = 60, now: datetime = NOW) -> Path:
    target = path.with_name(f"{path.stem}-提醒.ics")
    write_calendar(load(path, today), today, days, now, target)
    return target


def events_by_summary(ics: Path) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(ics.read_bytes())
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


@pytest.fixture(scope="module")
def messy(tmp_path_factory) -> tuple[Path, Path]:
    book = messy_book(tmp_path_factory.mktemp("messy") / "客户.xlsx")
    return book, export(book)


def test_the_messy_book_gives_zhao_mins_lunar_birthday_and_huang_qiangs_refill(messy):
    events = events_by_summary(messy[1])
    zhao = events["祝福 赵敏：生日（农历十月廿二）"]
    assert zhao.decoded("DTSTART") == date(2026, 11, 30)  # lunar 2026-10-22, by lunar_python, zhdate and borax
    assert ZHAO_TEXT in str(zhao["DESCRIPTION"]) and "13900001111" in str(zhao["DESCRIPTION"])  # the phone as read: spaces dropped
    huang = events["联系 黄强（S）：预计用完，询问使用体验"]
    assert huang.decoded("DTSTART") == date(2026, 11, 28)  # delivered 11-01 + 30 days of 面膜 − 3 lead days
    description = str(huang["DESCRIPTION"])
    assert "建议：询问使用体验，提醒复购" in description and "手机：13800002222" in description
    assert "微信：hq_2020" in description


def test_the_window_is_today_to_today_plus_days_both_included_and_reaches_past_the_due_lists_week(messy, tmp_path):
    huang = events_by_summary(messy[1])["联系 黄强（S）：复购未达成，问问为什么没再买"]
    assert huang.decoded("DTSTART") == date(2026, 12, 28)  # 35 days ahead: 待办's 7 days would not reach it
    book = shutil.copyfile(messy[0], tmp_path / "客户.xlsx")
    for days, has_birthday in ((7, True), (6, False)):  # 赵敏's birthday is today + 7
        assert ("祝福 赵敏：生日（农历十月廿二）" in events_by_summary(export(book, days=days))) is has_birthday


def test_every_event_has_what_rfc_5545_and_a_phone_need(messy):
    calendar = icalendar.Calendar.from_ical(messy[1].read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) > 5
    for event in events:
        assert all(event.get(name) is not None for name in ("DTSTART", "SUMMARY", "UID", "DTSTAMP"))
        assert event.decoded("DTSTAMP") == NOW
        (alarm,) = event.walk("VALARM")
        assert alarm.decoded("TRIGGER") == timedelta(hours=8, minutes=30)  # 设置 reminder_time, a time cell
        assert str(alarm["ACTION"]) == "DISPLAY"
    assert len({str(e["UID"]) for e in events}) == len(events)


def test_lines_are_folded_at_75_octets_not_characters(messy):
    raw = messy[1].read_bytes()
    lines = raw.split(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert max(len(line) for line in lines) <= 75
    assert any(len(line.decode("utf-8", "ignore")) < 40 and len(line) > 70 for line in lines)  # Chinese: 3 octets


def test_an_independent_parser_reads_the_same_events(messy):
    ours = events_by_summary(messy[1])
    parsed = vobject.readOne(messy[1].read_text(encoding="utf-8"))
    theirs = {e.summary.value: e for e in parsed.vevent_list}
    assert theirs.keys() == ours.keys()
    for summary, event in theirs.items():
        assert event.uid.value == str(ours[summary]["UID"])
        assert event.dtstart.value == ours[summary].decoded("DTSTART")
        assert event.description.value == str(ours[summary]["DESCRIPTION"])
        assert [a.trigger.value for a in event.valarm_list] == [timedelta(hours=8, minutes=30)]


def test_do_not_disturb_customers_are_left_out(messy):
    assert not any("王芳" in summary or "王芳" in str(e["DESCRIPTION"]) for summary, e in events_by_summary(messy[1]).items())


def test_the_workbook_is_only_read(tmp_path):
    book = messy_book(tmp_path / "客户.xlsx")
    before = book.read_bytes()
    assert main(["calendar", str(book), "--today", TODAY.isoformat()]) == EXIT_OK
    assert book.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["客户-提醒.ics", "客户.xlsx"]


def test_uids_are_stable_and_a_done_task_disappears(tmp_path):
    first = export(messy_book(tmp_path / "a.xlsx"))
    again = export(messy_book(tmp_path / "b.xlsx"), now=NOW + timedelta(hours=5))
    uids = {s: str(e["UID"]) for s, e in events_by_summary(first).items()}
    assert {s: str(e["UID"]) for s, e in events_by_summary(again).items()} == uids
    # 11-26: 黄强 was asked how the 面膜 is going, so 预计用完 is done; the birthday keeps its UID.
    asked = messy_book(tmp_path / "c.xlsx", contacts=(["2026-11-26", "黄强", "微信", "问用得怎么样"],))
    later = events_by_summary(export(asked, today=date(2026, 11, 26)))
    assert "联系 黄强（S）：预计用完，询问使用体验" not in later
    assert str(later["祝福 赵敏：生日（农历十月廿二）"]["UID"]) == uids["祝福 赵敏：生日（农历十月廿二）"]


def test_an_overdue_task_moves_to_today_and_keeps_its_uid(messy, tmp_path):
    summary = "联系 黄强（S）：预计用完，询问使用体验"
    book = shutil.copyfile(messy[0], tmp_path / "客户.xlsx")
    late = events_by_summary(export(book, today=date(2026, 11, 30)))[summary]  # nobody asked him on 11-28
    on_time = events_by_summary(messy[1])[summary]
    assert late.decoded("DTSTART") == date(2026, 11, 30) and str(late["UID"]) == str(on_time["UID"])
    assert "逾期：2 天（应在 2026-11-28）" in str(late["DESCRIPTION"])


def greeting_days(customers: tuple[Customer, ...], today: date, days: int) -> dict[str, list[date]]:
    found: dict[str, list[date]] = {}
    for event in reminders(window_plan(Book(customers), today, days, Settings()), Settings()):
        if event.summary.startswith("祝福") and "生日" in event.summary:
            found.setdefault(event.summary, []).append(event.day)
    return found


@pytest.mark.parametrize("today, expected", [
    (date(2025, 6, 30), date(2025, 8, 1)),    # 2025 has a 闰六月: that month, not 六月初八 (2025-07-02)
    (date(2026, 7, 10), date(2026, 7, 21)),   # 2026 has none: the ordinary 六月初八
])
def test_a_leap_month_birthday_lands_where_spec_says(today, expected):
    born = Customer("c", "周洁", birthday=LunarBirthday(6, 8, leap=True))
    assert greeting_days((born,), today, 40) == {"祝福 周洁：生日（农历闰六月初八）": [expected]}  # zhdate, borax agree


def test_a_day_30_birthday_lands_on_the_29th_in_a_short_month():
    # Lunar 2026: 十月 has 30 days (三十 = 2026-12-08), 腊月 has 29 (廿九 = 2027-02-05, 除夕).
    born = (Customer("a", "钱进", birthday=LunarBirthday(10, 30)), Customer("b", "孙悦", birthday=LunarBirthday(12, 30)))
    assert greeting_days(born, TODAY, 80) == {"祝福 钱进：生日（农历十月三十）": [date(2026, 12, 8)],
                                              "祝福 孙悦：生日（农历腊月三十）、除夕": [date(2027, 2, 5)]}


def test_a_birthday_is_one_greeting_event_not_also_a_follow_up(messy):
    on_30 = [s for s, e in events_by_summary(messy[1]).items() if e.decoded("DTSTART") == date(2026, 11, 30)]
    assert on_30 == ["祝福 赵敏：生日（农历十月廿二）"]


def test_a_festival_for_the_group_is_one_event_with_every_name():
    customers = tuple(Customer(f"k{i}", name) for i, name in enumerate(("甲一", "乙二", "丙三")))
    events = reminders(window_plan(Book(customers), date(2026, 12, 22), 0, Settings()), Settings())
    (event,) = [e for e in events if e.summary.startswith("祝福")]
    assert event.summary == "祝福 群发/朋友圈：冬至（3 位）" and event.day == date(2026, 12, 22)
    assert "名单（3 位）：丙三、乙二、甲一" in event.description  # the greeting list's order
    assert "大家，冬至快乐！" in event.description


def test_hostile_text_survives_both_parsers():
    name = "王,小;二\\\x07\r\n🙂" + "长" * 60
    events = reminders(window_plan(Book((Customer("k", name),)), TODAY, 0, Settings()), Settings())
    raw = calendar_bytes(events, "客户-提醒", NOW)
    assert max(len(line) for line in raw.split(b"\r\n")) <= 75
    clean = "王,小;二\\\n🙂" + "长" * 60
    (event,) = icalendar.Calendar.from_ical(raw).walk("VEVENT")
    assert str(event["SUMMARY"]).startswith(f"联系 {clean}（F）")
    assert vobject.readOne(raw.decode("utf-8")).vevent.summary.value == str(event["SUMMARY"])


_LIBICAL = """
import json, sys
import gi
gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib as I
calendar = I.Component.new_from_string(open(sys.argv[1], encoding="utf-8").read())
valid = bool(I.restriction_check(calendar))
events, event = [], calendar.get_first_component(I.ComponentKind.VEVENT_COMPONENT)
while event:
    alarm = event.get_first_component(I.ComponentKind.VALARM_COMPONENT)
    trigger = alarm.get_first_property(I.PropertyKind.TRIGGER_PROPERTY).get_trigger()
    events.append([event.get_uid(), event.get_summary(), event.get_dtstart().as_ical_string(),
                   event.count_components(I.ComponentKind.VALARM_COMPONENT), trigger.get_duration().as_int()])
    event = calendar.get_next_component(I.ComponentKind.VEVENT_COMPONENT)
print(json.dumps({"valid": valid, "errors": calendar.count_errors(), "events": events}))
"""


def system_python(*typelibs: str) -> str:
    """Debian's Python, which has the GObject bindings; skip when it lacks one of `typelibs` ("ICalGLib:3.0")."""
    python = shutil.which("python3", path="/usr/bin")
    probe = "import gi\n" + "".join(f"gi.require_version{tuple(t.split(':'))}\n" for t in typelibs)
    if python is None or subprocess.run([python, "-c", probe], capture_output=True).returncode:
        pytest.skip(f"not installed: {', '.join(typelibs)} (Debian: python3-gi and the gir1.2 packages)")
    return python


def libical_reads(ics: Path) -> dict:
    """The file as libical reads it (the iCalendar library of Evolution), through its GObject bindings."""
    done = subprocess.run([system_python("ICalGLib:3.0"), "-c", _LIBICAL, str(ics)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_libical_the_library_of_evolution_reads_every_event(messy):
    read = libical_reads(messy[1])
    assert read["valid"] and read["errors"] == 0
    ours = icalendar.Calendar.from_ical(messy[1].read_bytes()).walk("VEVENT")
    assert read["events"] == [[str(e["UID"]), str(e["SUMMARY"]), e.decoded("DTSTART").strftime("%Y%m%d"), 1, 30600]
                              for e in ours]


_EDS_IMPORT = """
import json, sys
import gi
gi.require_version("EDataServer", "1.2")
gi.require_version("ECal", "2.0")
gi.require_version("ICalGLib", "3.0")
from gi.repository import ECal, EDataServer, ICalGLib as I
registry = EDataServer.SourceRegistry.new_sync(None)
# A local calendar: wait 1 s at most for it to go online (with 0 the call never returned here).
client = ECal.Client.connect_sync(registry.ref_builtin_calendar(), ECal.ClientSourceType.EVENTS, 1, None)
counts = []
for path in sys.argv[1:]:  # as Evolution's importer hands a calendar file to its store
    client.receive_objects_sync(I.Component.new_from_string(open(path, encoding="utf-8").read()), 0, None)
    counts.append(len(client.get_object_list_as_comps_sync("#t", None)[1]))
stored = {c.get_uid(): [c.get_dtstart().get_value().as_ical_string(), len(c.get_alarm_uids())]
          for c in client.get_object_list_as_comps_sync("#t", None)[1]}
print(json.dumps({"counts": counts, "stored": stored}))
"""


def evolution_imports(tmp_path: Path, *files: Path) -> dict:
    """Import the files one after the other into evolution-data-server's personal calendar (the store of Evolution
    and GNOME Calendar), in a session bus and a home of its own."""
    python = system_python("EDataServer:1.2", "ECal:2.0", "ICalGLib:3.0")
    if shutil.which("dbus-run-session") is None:
        pytest.skip("dbus-run-session is not installed")
    home = {f"XDG_{kind}_HOME": str(tmp_path / "home" / kind.lower()) for kind in ("DATA", "CONFIG", "CACHE")}
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path / "home"), **home}
    done = subprocess.run(["dbus-run-session", "--", python, "-c", _EDS_IMPORT, *map(str, files)],
                          capture_output=True, text=True, check=True, env=env, timeout=300)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_evolution_imports_it_and_a_second_import_updates_instead_of_duplicating(messy, tmp_path):
    book = shutil.copyfile(messy[0], tmp_path / "客户.xlsx")
    late = export(book, today=date(2026, 11, 30))
    first = {str(e["UID"]) for e in events_by_summary(messy[1]).values()}
    second = {str(e["UID"]) for e in events_by_summary(late).values()}
    result = evolution_imports(tmp_path, messy[1], messy[1], late)
    assert result["counts"] == [len(first), len(first), len(first | second)]
    huang = str(events_by_summary(late)["联系 黄强（S）：预计用完，询问使用体验"]["UID"])
    assert huang in first and result["stored"][huang] == ["20261130", 1]  # moved to the day it is overdue on
    assert all(alarms == 1 for _, alarms in result["stored"].values())


def test_the_ribbon_button_writes_the_same_file_beside_the_open_workbook(messy, tmp_path):
    book_path = messy_book(tmp_path / "客户.xlsx")
    book = FakeBook(read_sheets(book_path)[0])
    book.fullname = str(book_path)
    assert ribbon.dispatch("export_reminders", book, TODAY) == {"客户-提醒.ics": ()}
    written = events_by_summary(tmp_path / "客户-提醒.ics")
    assert {s: (str(e["UID"]), str(e["DESCRIPTION"])) for s, e in written.items()} == \
        {s: (str(e["UID"]), str(e["DESCRIPTION"])) for s, e in events_by_summary(messy[1]).items()}
    assert "已导出 15 条提醒" in book.app.status_bar and book.app.alerts == []


def test_the_ribbon_asks_for_a_saved_workbook_first(messy):
    book = FakeBook(read_sheets(messy[0])[0])
    book.fullname = "工作簿1"
    assert ribbon.dispatch("export_reminders", book, TODAY) == {}
    (prompt, _), = book.app.alerts
    assert "请先把工作簿保存到这台电脑上" in prompt and "Save the workbook" in prompt


def test_out_must_be_an_ics_file_so_the_workbook_is_never_overwritten(messy):
    before = messy[0].read_bytes()
    assert main(["calendar", str(messy[0]), "--today", TODAY.isoformat(), "--out", str(messy[0])]) == EXIT_REFUSED
    assert messy[0].read_bytes() == before


@pytest.mark.parametrize("typed, kept", [("9:30", "09:30"), ("09:30:00", "09:30"), ("1899-12-30 07:05:00", "07:05")])
def test_reminder_time_reads_as_typed_or_as_a_time_cell(typed, kept):
    assert with_values(Settings(), {"reminder_time": typed}).reminder_time == kept


@pytest.mark.parametrize("typed", ["25:00", "早上", "0.375"])
def test_a_reminder_time_that_is_not_a_time_is_refused(typed):
    with pytest.raises(SettingError, match="应为一天中的时间"):
        with_values(Settings(), {"reminder_time": typed})
