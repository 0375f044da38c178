"""Header synonyms, header-row search and sheet detection."""
from dataclasses import fields

import pytest

from tierlogic.model import Contact, Customer, Order, Product
from workbook.headers import (
    CONTACTS, CUSTOMERS, HEADER_SYNONYMS, ORDERS, PRODUCTS, SETTINGS, SHEET_NAMES, classify_sheets,
    find_header_row, fold_header, header_texts, kind_by_sheet_name, match_header_row,
)

# Fields the reader uses to build the dataclass fields rather than copying them.
READER_ONLY = {"birthday_kind", "customer_id", "lunar_birthday", "phone",  # an order's phone links, it is not kept
               "record_kind",  # an order sheet's 交易类型 makes a row an order or a contact
               "paid_date"}    # the order's date only where nothing says when it was made
MODEL = {CUSTOMERS: Customer, ORDERS: Order, CONTACTS: Contact, PRODUCTS: Product}


@pytest.mark.parametrize("kind", list(HEADER_SYNONYMS))
def test_synonym_fields_are_model_fields(kind):
    names = {f.name for f in fields(MODEL[kind])}
    assert set(HEADER_SYNONYMS[kind]) - READER_ONLY <= names


@pytest.mark.parametrize("kind", list(HEADER_SYNONYMS))
def test_no_header_means_two_fields(kind):
    seen: dict[str, str] = {}
    for name, words in HEADER_SYNONYMS[kind].items():
        for word in words:
            assert seen.setdefault(fold_header(word), name) == name, word


def test_no_sheet_name_means_two_kinds():
    folded = [fold_header(n) for names in SHEET_NAMES.values() for n in names]
    assert len(folded) == len(set(folded))


@pytest.mark.parametrize("text, expected", [
    ("  客户 名称 ", "客户名称"), ("（手动）级别", "手动级别"), ("客户级别(手动)", "客户级别手动"), ("【备注】", "备注"),
    ("Customer_Name", "customername"), ("ＷｅＣｈａｔ　ＩＤ", "wechatid"), ("生日：", "生日"), ("姓名*", "姓名"),
    ("公历/农历", "公历农历"), (None, ""), (12, "12"),
])
def test_fold_header(text, expected):
    assert fold_header(text) == expected


@pytest.mark.parametrize("kind, header, name", [
    (CUSTOMERS, "微信昵称", "name"), (CUSTOMERS, "备注名", "name"), (CUSTOMERS, "Customer", "name"),
    (CUSTOMERS, "备注", "notes"), (CUSTOMERS, "联系方式", "phone"), (CUSTOMERS, "微信号", "wechat"),
    (CUSTOMERS, "出生日期", "birthday"), (CUSTOMERS, "公历/农历", "birthday_kind"), (CUSTOMERS, "渠道", "source"),
    (CUSTOMERS, "买过竞品", "bought_similar"), (CUSTOMERS, "有购买习惯", "buying_ability"),
    (CUSTOMERS, "意向度", "interest"), (CUSTOMERS, "预计成交日期", "expected_close"),
    (CUSTOMERS, "首单日期", "first_purchase"), (CUSTOMERS, "最后购买", "last_purchase"),
    (CUSTOMERS, "下单次数", "purchase_count"), (CUSTOMERS, "消费总额", "total_amount"),
    (CUSTOMERS, "累计利润", "total_profit"), (CUSTOMERS, "维护成本", "maintenance_cost"),
    (CUSTOMERS, "上次联系", "last_contact"), (CUSTOMERS, "下次联系", "next_contact"),
    (CUSTOMERS, "跟进进度", "progress"), (CUSTOMERS, "客户级别（手动）", "manual_grade"),
    (CUSTOMERS, "免打扰", "do_not_disturb"), (CUSTOMERS, "已屏蔽", "do_not_disturb"), (CUSTOMERS, "称呼", "salutation"),
    (CUSTOMERS, "喜欢的产品", "favourite_product"), (CUSTOMERS, "Last Contact", "last_contact"),
    (ORDERS, "客户", "customer"), (ORDERS, "客户编号", "customer_id"), (ORDERS, "签收日期", "delivered_date"),
    (ORDERS, "快递单号", "tracking_no"), (CONTACTS, "联系方式", "channel"), (CONTACTS, "下次跟进", "next_date"),
    (PRODUCTS, "使用周期（天）", "usage_days"), (ORDERS, "金额(元)", "amount"), (ORDERS, "【状态】", "status"),
    # English exports (Shopify S24, S30)
    (CUSTOMERS, "Total Orders", "purchase_count"), (ORDERS, "Billing Name", "customer"),
    (ORDERS, "Customer Name", "customer"), (ORDERS, "Created at", "date"), (ORDERS, "Paid at", "paid_date"),
    (ORDERS, "Fulfilled at", "shipped_date"), (ORDERS, "Lineitem name", "product"),
    (ORDERS, "Lineitem quantity", "quantity"), (ORDERS, "Financial Status", "status"),
])
def test_synonyms(kind, header, name):
    assert match_header_row([[header]], 0, kind).columns == {name: 0}


@pytest.mark.parametrize("header", ["级别", "客户级别", "序号", ""])
def test_not_mapped(header):
    """A computed 级别 column must never read back as a manual grade."""
    assert match_header_row([[header]], 0, CUSTOMERS).columns == {}


@pytest.mark.parametrize("name, kind", [
    ("客户", CUSTOMERS), ("客户资料", CUSTOMERS), (" Customers ", CUSTOMERS), ("订单表", ORDERS), ("orders", ORDERS),
    ("跟进日志", CONTACTS), ("Contacts", CONTACTS), ("产品", PRODUCTS), ("设置", SETTINGS), ("Sheet1", None),
])
def test_kind_by_sheet_name(name, kind):
    assert kind_by_sheet_name(name) == kind


def test_header_row_is_the_best_of_the_first_rows():
    rows = [["2024 客户名单", "", ""], ["", "", ""], ["姓名", "电话", "生日"], ["张三", "138", "3月5日"]]
    header = find_header_row(rows, CUSTOMERS)
    assert (header.row, header.first_data_row) == (2, 3)
    assert header.columns == {"name": 0, "phone": 1, "birthday": 2}
    assert header.titles["phone"] == "电话"


def test_header_beyond_scan_is_not_found():
    rows = [[""]] * 20 + [["姓名"]]
    assert find_header_row(rows, CUSTOMERS) is None


def test_duplicate_header_first_wins():
    header = match_header_row([["姓名", "电话", "手机"]], 0, CUSTOMERS)
    assert header.columns == {"name": 0, "phone": 1}
    assert header.duplicates == (("手机", 2),)


def test_vertically_merged_header_belongs_to_the_lower_header_row():
    # 姓名 merged A1:A2; 联系方式 merged B1:C1 over 手机 / 微信 in row 2.
    rows = [["姓名", "联系方式", ""], ["", "手机", "微信"], ["张三", "138", "zs"]]
    merged = [((0, 0), (1, 0)), ((0, 1), (0, 2))]
    assert header_texts(rows, 1, merged) == ["姓名", "手机", "微信"]
    header = find_header_row(rows, CUSTOMERS, merged)
    assert (header.row, header.first_data_row) == (1, 2)
    assert header.columns == {"name": 0, "phone": 1, "wechat": 2}


def test_header_merged_down_pushes_data_start():
    rows = [["姓名", "电话"], ["", ""], ["张三", "138"]]
    header = find_header_row(rows, CUSTOMERS, [((0, 0), (1, 0))])
    assert (header.row, header.first_data_row) == (0, 2)


def test_classify_by_name_then_by_headers():
    sheets = {
        "说明": [["这是说明"]],
        "Sheet1": [["日期", "客户", "产品", "金额"]],
        "客户": [["姓名"]],
        "客户表": [["姓名"]],
        "设置": [["transit_days", "", 3]],
    }
    found, notices = classify_sheets(sheets)
    assert {k: m.sheet for k, m in found.items()} == {CUSTOMERS: "客户", ORDERS: "Sheet1", SETTINGS: "设置"}
    assert found[SETTINGS].header is None
    assert notices == ["已有客户表「客户」，忽略同类的表「客户表」", "按表头把「Sheet1」当作订单表"]


def test_classify_needs_required_columns_and_two_matches():
    found, _ = classify_sheets({"A": [["客户", "金额"]], "B": [["姓名"]], "C": [["备注", "电话"]]})
    assert found == {}  # A: an order without a date; B: one column; C: no name


def test_classify_prefers_the_stronger_sheet_for_a_kind():
    found, _ = classify_sheets({"A": [["姓名", "电话"]], "B": [["姓名", "电话", "微信", "生日"]]})
    assert found[CUSTOMERS].sheet == "B"


def test_a_second_customer_list_found_by_its_headers_is_named_not_silently_dropped():
    customers = [["姓名", "购买次数"], ["张三", 1]]
    vip = [["姓名", "手机", "购买次数"], ["王五", "13800138000", 9]]
    found, notices = classify_sheets({"客户": customers, "VIP客户": vip})
    assert found[CUSTOMERS].sheet == "客户"
    assert notices == ["「VIP客户」的表头也像客户表，但已用「客户」，没有读取它（两张表请合并成一张）"]
    # Two unnamed ones: the one with more known columns is read, the other named.
    found, notices = classify_sheets({"Sheet1": customers, "Sheet2": vip})
    assert found[CUSTOMERS].sheet == "Sheet2"
    assert notices == ["按表头把「Sheet2」当作客户表", "「Sheet1」的表头也像客户表，但已用「Sheet2」，没有读取它（两张表请合并成一张）"]


# Headers sellers and platforms really write (issue 16): none is an exact synonym, each is read by its words.
@pytest.mark.parametrize("kind, header, name", [
    (CUSTOMERS, "沟通进度", "progress"), (CUSTOMERS, "客户手机号", "phone"), (CUSTOMERS, "会员姓名", "name"),
    (CUSTOMERS, "客户昵称", "name"), (CUSTOMERS, "微信名", "name"), (CUSTOMERS, "旺旺名", "name"),
    (CUSTOMERS, "收货人", "name"), (CUSTOMERS, "客户生日", "birthday"), (CUSTOMERS, "上次到店时间", "last_contact"),
    (CUSTOMERS, "上次进站时间", "last_contact"), (CUSTOMERS, "上次消费时间", "last_purchase"),
    (CUSTOMERS, "下次回访", "next_contact"), (CUSTOMERS, "下次跟进时间", "next_contact"),
    (CUSTOMERS, "客户意向", "interest"), (CUSTOMERS, "消费次数", "purchase_count"),
    (CUSTOMERS, "客户农历生日", "lunar_birthday"), (CUSTOMERS, "累计消费金额", "total_amount"),
    (ORDERS, "订单创建时间", "date"), (ORDERS, "确认收货时间", "delivered_date"), (ORDERS, "买家会员名", "customer"),
    (ORDERS, "买家实付金额", "amount"), (ORDERS, "宝贝标题", "product"), (ORDERS, "宝贝总数量", "quantity"),
    (ORDERS, "收货人姓名", "customer"), (ORDERS, "卖家发货时间", "shipped_date"),
    (CONTACTS, "拜访时间", "date"), (CONTACTS, "沟通情况", "content"), (CONTACTS, "下次回访时间", "next_date"),
    # Round 4 (S25–S28) and headers like them: a count of orders, a total by another word, a lunar birthday in
    # brackets, the product a lead wants, an ERP's order date and settled amount.
    (CUSTOMERS, "累计消费单数", "purchase_count"), (CUSTOMERS, "订单总数", "purchase_count"),
    (CUSTOMERS, "成交总额", "total_amount"), (CUSTOMERS, "消费合计", "total_amount"),
    (CUSTOMERS, "生日（农历）", "lunar_birthday"), (CUSTOMERS, "出生日期(农历)", "lunar_birthday"),
    (CUSTOMERS, "意向产品", "favourite_product"), (CUSTOMERS, "产品偏好", "favourite_product"),
    (ORDERS, "交易时间", "date"), (ORDERS, "实际结算", "amount"), (ORDERS, "购买人", "customer"),
    (ORDERS, "联系人", "customer"), (ORDERS, "微信名", "customer"),
    # English books and CRM exports, matched folded (no spaces, lower case)
    (CUSTOMERS, "Last Order Date", "last_purchase"), (CUSTOMERS, "First Order Date", "first_purchase"),
    (CUSTOMERS, "Number of Orders", "purchase_count"), (CUSTOMERS, "Amount Spent", "total_amount"),
    (CUSTOMERS, "Lifetime Value", "total_amount"), (CUSTOMERS, "Next Follow-up Date", "next_contact"),
    (CUSTOMERS, "Last Contacted", "last_contact"), (CUSTOMERS, "Contact Person", "name"),
    (CONTACTS, "客户反馈", "content"), (CONTACTS, "Follow-up Date", "date"), (CONTACTS, "Notes", "content"),
    (CONTACTS, "Outcome", "result"), (CONTACTS, "Next Follow-up Date", "next_date"),
])
def test_headers_read_by_the_words_in_them(kind, header, name):
    matched = match_header_row([[header]], 0, kind)
    assert matched.columns == {name: 0} and matched.guessed == (name,)


@pytest.mark.parametrize("kind, header", [
    (CUSTOMERS, "序号"), (CUSTOMERS, "客户级别"), (CUSTOMERS, "跟进人"), (ORDERS, "订单编号"), (ORDERS, "买家留言"),
    (ORDERS, "收货地址"), (ORDERS, "买家支付宝账号"), (CONTACTS, "跟进人"), (CUSTOMERS, "快递公司"),
    # Round 3: a pet's columns (S21), one order's money (S23), a survey's free answers (S19), a staff column (S14).
    (CUSTOMERS, "宠物生日"), (CUSTOMERS, "宠物名称"), (ORDERS, "宠物姓名"), (CUSTOMERS, "最近消费金额"),
    (CUSTOMERS, "5、您最近一次购买护肤品是什么时候？"), (CUSTOMERS, "6、方便联系的时间"), (CONTACTS, "来源详情"),
    (CUSTOMERS, "累计销售月数"), (CUSTOMERS, "操作人"), (CUSTOMERS, "紧急联系人电话"), (CUSTOMERS, "您最近什么时候购买过？"),
    # Round 4: refunds beside the totals (S25), the product last bought (no date).
    (CUSTOMERS, "累计退款金额"), (CUSTOMERS, "累计退款订单数"), (CUSTOMERS, "退货次数"), (CUSTOMERS, "上次购买产品"),
    (ORDERS, "退款金额"), (ORDERS, "订单退款状态"), (CUSTOMERS, "Last Order Amount"),
])
def test_headers_that_name_no_field_are_listed_unused(kind, header):
    matched = match_header_row([[header]], 0, kind)
    assert matched.columns == {} and matched.unused == ((header, 0),)


def test_an_exact_synonym_wins_over_a_guess_further_left():
    matched = match_header_row([["客户手机号", "姓名", "手机"]], 0, CUSTOMERS)
    assert matched.columns == {"name": 1, "phone": 2} and matched.guessed == ()
    # The phone is taken: the other phone column fills a row whose 手机 is blank (said in 检查报告), not dropped.
    assert matched.fill_ins == {"phone": 0} and matched.unused == ()


# Issue 16: what real books and exports do with their headers.
@pytest.mark.parametrize("kind, header, name", [
    (CUSTOMERS, "意向级别", "interest"), (CUSTOMERS, "卡号", "id"), (CUSTOMERS, "回访日期", "last_contact"),
    (ORDERS, "购买日期", "date"), (ORDERS, "接待日期", "date"), (ORDERS, "卡号", "customer_id"),
])
def test_more_headers_read_by_their_words(kind, header, name):
    assert match_header_row([[header]], 0, kind).columns == {name: 0}


@pytest.mark.parametrize("kind, header", [
    (CUSTOMERS, "推荐人手机号"), (CUSTOMERS, "推荐人微信号"), (CUSTOMERS, "第一次跟进日期"), (ORDERS, "送修人"),
])
def test_another_persons_columns_and_follow_up_dates_are_not_customer_fields(kind, header):
    assert match_header_row([[header]], 0, kind).columns == {}


@pytest.mark.parametrize("header", [["客户名称", "联系人", "电话"], ["Company Name", "Contact Person", "Phone"],
                                    ["Contact Person", "Company", "Phone"]])
def test_a_contact_person_beside_a_company_is_not_the_customer(header):
    matched = match_header_row([header], 0, CUSTOMERS)
    person = header.index(next(t for t in header if t in ("联系人", "Contact Person")))
    assert matched.contact_person == (header[person], person) and matched.columns["name"] != person
    assert matched.duplicates == () and matched.unused == ()


def test_a_visible_column_beats_a_hidden_one_of_the_same_meaning():
    matched = match_header_row([["手机(旧)", "客户名称", "手机"]], 0, CUSTOMERS, hidden={0})
    assert matched.columns == {"name": 1, "phone": 2}
    assert matched.hidden == (("手机(旧)", 0),) and matched.duplicates == () and matched.unused == ()
    # Hidden alone, it is still read: the seller's data is data.
    assert match_header_row([["客户名称", "手机"]], 0, CUSTOMERS, hidden={1}).columns == {"name": 0, "phone": 1}


def test_a_contact_person_beside_a_company_is_not_the_customer():
    matched = match_header_row([["公司名称", "联系人", "联系电话"]], 0, CUSTOMERS)
    assert matched.columns == {"name": 0, "phone": 2} and matched.contact_person == ("联系人", 1)
    # Without a company column 联系人 is the customer's name, as before.
    assert match_header_row([["联系人", "电话"]], 0, CUSTOMERS).columns == {"name": 0, "phone": 1}


def test_province_city_district_side_by_side_are_one_region():
    matched = match_header_row([["客户名称", "省(*)", "市(*)", "区", "行业"]], 0, CUSTOMERS)
    assert matched.columns["region"] == 1 and matched.region_parts == (1, 2, 3)
    assert matched.unused == (("行业", 4),)


def test_an_empty_template_gives_way_to_a_filled_sheet():
    header = ["客户姓名", "手机号码", "购买次数"]
    filled = [header, ["吴一", "13900001101", 3]]
    found, notices = classify_sheets({"Sheet1": [header], "录入客户": filled})
    assert found[CUSTOMERS].sheet == "录入客户"
    assert notices == ["按表头把「录入客户」当作客户表",
                       "「Sheet1」只有表头、没有数据（空模板），读取「录入客户」 / Sheet1 is an empty template: 录入客户 is read"]
    # A sheet named 客户 that is only a template gives way too.
    found, notices = classify_sheets({"客户": [header], "录入客户": filled})
    assert found[CUSTOMERS].sheet == "录入客户"
    assert notices[0] == "「客户」只有表头、没有数据（空模板），读取「录入客户」 / 客户 is an empty template: 录入客户 is read"


def test_data_without_a_header_row_is_named():
    rows = [["蒋七", "13900001207", "面霜"], ["沈八", "13900001208", "面膜"], ["韩九", "13900001209", "精华"]]
    found, notices = classify_sheets({"客户": [["姓名", "手机"]], "Sheet2": rows})
    assert "Sheet2" not in {m.sheet for m in found.values()}
    assert notices == ["「Sheet2」有 3 行数据，但没有认得出的表头行，没有读取（请在第一行写上表头，如 姓名、手机）"
                       " / 3 rows of data without a header row: not read"]


def test_a_second_sheet_whose_kind_is_taken_is_read_as_a_kind_still_open():
    cars = [["客户名称", "联系电话", "上次进站时间", "下次保养时间"], ["马师傅", "13900002401", None, None]]
    work = [["接待日期", "客户名称", "客户电话", "合计金额"], [None, "马师傅", "13900002401", 680]]
    found, _ = classify_sheets({"车辆档案": cars, "工单": work})
    assert (found[CUSTOMERS].sheet, found[ORDERS].sheet) == ("车辆档案", "工单")


# Round 3 (S13–S23): the words of wholesalers, gyms, member systems, 企业微信, 问卷星, record tables and service logs.
@pytest.mark.parametrize("kind, header, field", [
    (CUSTOMERS, "累计拿货次数", "purchase_count"), (CUSTOMERS, "最后拿货时间", "last_purchase"),
    (CUSTOMERS, "累计销售额", "total_amount"), (CUSTOMERS, "总花费", "total_amount"),
    (CUSTOMERS, "最后签到时间", "last_contact"), (CUSTOMERS, "最后一次互动", "last_contact"),
    (CUSTOMERS, "添加时间", "last_contact"), (CUSTOMERS, "提交答卷时间", "last_contact"), (CUSTOMERS, "用户ID", "id"),
    (CUSTOMERS, "1、您的姓名：", "name"), (CUSTOMERS, "2、您的手机号码：", "phone"), (CUSTOMERS, "勿扰?", "do_not_disturb"),
    (CUSTOMERS, "最近购买？", "last_purchase"), (CUSTOMERS, "4、您对哪类产品感兴趣？", "favourite_product"),
    (ORDERS, "服务日期", "date"), (ORDERS, "服务价格", "amount"), (ORDERS, "服务项目", "product"),
    (ORDERS, "交易类型", "record_kind"), (CONTACTS, "签到时间", "date"), (ORDERS, "订单付款时间", "paid_date"),
])
def test_round_three_words(kind, header, field):
    assert match_header_row([[header]], 0, kind).columns == {field: 0}


@pytest.mark.parametrize("kind, headers, field, col", [
    (ORDERS, ["商品总价", "已支付的金额"], "amount", 1),   # what was paid, not the price before discounts (S18)
    (ORDERS, ["应付金额", "买家实付"], "amount", 1),
    (CUSTOMERS, ["最近消费金额", "累计消费金额"], "total_amount", 1),  # one order's money is no total (S23)
])
def test_the_more_specific_rule_wins_wherever_its_column_stands(kind, headers, field, col):
    matched = match_header_row([headers], 0, kind)
    assert matched.columns[field] == col and matched.unused == ((headers[1 - col], 1 - col),)


@pytest.mark.parametrize("headers", [["昵称", "姓名", "电话"], ["姓名", "昵称", "电话"]])
def test_a_real_name_beats_a_nickname_and_the_nickname_fills_in(headers):
    matched = match_header_row([headers], 0, CUSTOMERS)
    assert matched.columns["name"] == headers.index("姓名") and matched.fill_ins == {"name": headers.index("昵称")}
    assert matched.duplicates == () and matched.unused == ()
