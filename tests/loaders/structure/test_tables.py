"""Table reader: header columns, rows, and what structure makes of task and event tables (invented documents)."""

from __future__ import annotations

from loaders.normalize import normalize
from loaders.segment import segment
from loaders.structure import DocStructure, parse_structure
from loaders.structure.tables import cells, column_kind, find_tables


def structure_of(text: str, hints: dict[str, str] | None = None) -> DocStructure:
    """The structure of a text split once, as the pipeline does."""
    return parse_structure(segment(text), hints)


TASK_TABLE = """某县数字经济发展行动方案
二、重点任务
序号 | 重点工作 | 主要内容 | 牵头单位 | 配合单位 | 完成时限
1 | 数据要素流通工程 | 建设县级数据交易服务平台，推动公共数据开放 | 县数据局 | 县财政局、县商务局 | 2025年底
2 | 智能制造升级工程 | 推动规上企业数字化改造 | 县工信局 | 县科技局，县发改局 | 持续推进
三、保障措施
"""

EVENT_TABLE = """某市机器人学会2024年工作总结
全年举办活动如下：
序号\t活动名称\t举办时间\t主办单位\t承办单位\t协办单位
1\t2024某市具身智能创新大赛\t5月\t某市科学技术局\t某市机器人学会、某理工大学\t某某智能装备有限公司
2\t机器人产业供需对接会\t10月\t某市工业和信息化局\t某市机器人学会\t
此外，学会还组织了多场技术沙龙。
"""

RESP_TABLE = """名称\t责任单位
智慧交通示范项目\t区交通局、区公安分局
"""



def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for raw in text.split("\n"):
        if raw.strip():
            out.append((pos, pos + len(raw)))
        pos += len(raw) + 1
    return out


def test_column_kinds_come_from_header_words() -> None:
    assert column_kind("序号") == "index"
    assert column_kind("主要内容") == "content"  # not a task column although tasks end with 内容 elsewhere
    assert column_kind("重点工作") == "task"
    assert column_kind("牵头单位") == "lead"
    assert column_kind("配合 单位") == "co"
    assert column_kind("承办单位") == "host"
    assert column_kind("活动名称") == "event"
    assert column_kind("备案编号说明文字很长") is None


def test_cells_keep_offsets_inside_the_line() -> None:
    text = "甲\t乙单位 \t 丙"
    got = cells(text, 0, len(text))
    assert [c.text for c in got] == ["甲", "乙单位", "丙"]
    assert all(text[c.start : c.end] == c.text for c in got)
    assert cells("没有分隔符的一行", 0, 8) == []


def test_find_tables_reads_header_and_rows() -> None:
    text = normalize(TASK_TABLE).text
    (table,) = find_tables(text, _lines(text))
    assert table.column("task") == 1 and table.column("lead") == 3 and table.column("deadline") == 5
    assert len(table.rows) == 2
    assert table.rows[1][3].text == "县工信局"


def test_task_table_gives_tasks_with_lead_and_co_units() -> None:
    text = normalize(TASK_TABLE).text
    s = structure_of(text)
    got = {t.title: [(u.name, u.role) for u in t.units] for t in s.tasks}
    assert got["数据要素流通工程"] == [("县数据局", "lead"), ("县财政局", "co"), ("县商务局", "co")]
    assert got["智能制造升级工程"] == [("县工信局", "lead"), ("县科技局", "co"), ("县发改局", "co")]
    for t in s.tasks:
        for u in t.units:
            assert text[u.start : u.end] == u.name and "\t" not in u.name  # never across a cell boundary
    assert not s.events


def test_event_table_gives_events_with_organizer_roles() -> None:
    text = normalize(EVENT_TABLE).text
    s = structure_of(text)
    assert [e.name for e in s.events] == ["2024某市具身智能创新大赛", "机器人产业供需对接会"]
    first, second = s.events
    assert [u.name for u in first.organizers] == ["某市科学技术局"]
    assert [u.name for u in first.co_organizers] == ["某市机器人学会", "某理工大学"]
    assert [u.name for u in first.assistants] == ["某某智能装备有限公司"]
    assert first.time == "5月"
    assert text[first.name_start : first.name_end] == first.name
    assert "供需对接会" in text[second.start : second.end]
    assert [u.name for u in second.organizers] == ["某市工业和信息化局"]
    assert not s.tasks


def test_responsible_column_with_a_name_column_is_a_task_table() -> None:
    s = structure_of(RESP_TABLE)
    assert [(t.title, [u.name for u in t.units]) for t in s.tasks] == [("智慧交通示范项目", ["区交通局", "区公安分局"])]


CONTINUED_TABLE = """某市智能制造2025年重点工作分工表
序号 | 单位名称 | 2025年重点工作任务 |
1 | 市发展改革委 | 推动星河先进计算中心开工建设，加大政策支持力度。 |
发挥产业基金作用，培育一批龙头企业。 | ||
2 | 市教委 | 支持云帆大学、星海理工大学加强人工智能学科建设；推进人工智能同传统学科结合。 |
三、保障措施
"""


def test_a_row_continued_below_a_merged_unit_cell_is_another_task_of_that_unit() -> None:
    tasks = structure_of(normalize(CONTINUED_TABLE).text).tasks
    got = {t.title: [u.name for u in t.units] for t in tasks}
    assert got.get("发挥产业基金作用，培育一批龙头企业") == ["市发展改革委"]
    assert any(title.startswith("推动星河先进计算中心") and units == ["市发展改革委"] for title, units in got.items())
    assert any(title.startswith("支持云帆大学") and units == ["市教委"] for title, units in got.items())
    assert not any(title.startswith("三、") or "保障措施" in title for title in got)


def test_names_inside_a_task_written_as_a_sentence_are_entities() -> None:
    from graph.model import Document
    from loaders.pipeline import extract_text

    ex = extract_text(normalize(CONTINUED_TABLE).text, Document(id="doc:t", path="t.txt"))
    names = {e.name: e.type.value for e in ex.entities}
    assert names.get("云帆大学") == "Institution"
    assert sum(1 for t in names.values() if t == "Task") >= 3
