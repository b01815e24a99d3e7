from __future__ import annotations

import json
import re
from pathlib import Path

from graph.model import Subgraph
from tests.viz.samples import XSS_EVIDENCE, XSS_NAME, sample_subgraph, star_subgraph
from viz import style
from viz.views import VIS_JS, iframe_snippet, render_view, save_view, script_json


def graph_data(page: str) -> dict:
    m = re.search(r'<script id="graph-data" type="application/json">(.*?)</script>', page, re.S)
    assert m, "graph data block missing"
    return json.loads(m.group(1))


def counts(page: str) -> tuple[int, int]:
    m = re.search(r'id="counts" data-shown="(\d+)" data-total="(\d+)"', page)
    assert m
    return int(m.group(1)), int(m.group(2))


def test_page_is_standalone_utf8_html_with_no_network_resources() -> None:
    page = render_view(sample_subgraph(), title="青禾市人工智能图谱")
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert "<title>青禾市人工智能图谱</title>" in page
    assert "vis-network" in page and "@license" in page  # inlined, licence header kept
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<link" not in page
    assert "bootstrap" not in page.lower()
    assert style.CJK_FONT_STACK in page  # not HTML-escaped inside <style>


def test_document_text_cannot_inject_markup() -> None:
    title = '<script>alert("t")</script>'
    page = render_view(sample_subgraph(), title=title, embed_snippet='<script>alert("s")</script>')
    assert XSS_NAME not in page
    assert "<svg onload" not in page
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;" in page
    # The data is escaped, not dropped: decoded JSON still carries the exact text for textContent.
    data = graph_data(page)
    assert any(["名称", XSS_NAME] in n["tip"] for n in data["nodes"])
    assert any(["证据", XSS_EVIDENCE] in e["tip"] for e in data["edges"])
    assert all(isinstance(n["id"], int) for n in data["nodes"])  # names never become DOM/vis ids


def test_script_json_has_no_markup_characters() -> None:
    text = script_json({"a": "</script><!-- & \u2028"})
    assert not set("<>&") & set(text)
    assert "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


def test_nodes_are_coloured_by_label_sized_by_degree_with_tooltips() -> None:
    sg = sample_subgraph()
    data = graph_data(render_view(sg, title="t"))
    by_label = {n["label"]: n for n in data["nodes"]}
    firm, person = by_label["远帆智能科技有限公司"], by_label["林安澜"]
    assert firm["color"] == style.LABEL_COLORS["Enterprise"]
    assert person["color"] == style.LABEL_COLORS["Person"]
    assert by_label["青禾市工业和信息化局"]["color"] == style.LABEL_COLORS["Agency"]
    assert firm["value"] > person["value"]  # degree 3 vs 1
    assert ["类型", "企业 (Enterprise)"] in firm["tip"]
    assert ["别名", "远帆智能"] in firm["tip"]
    assert "title" not in firm  # the tooltip is built as a DOM element in the page, never as HTML


def test_edges_carry_chinese_labels_and_evidence() -> None:
    data = graph_data(render_view(sample_subgraph(), title="t"))
    labels = {e["label"] for e in data["edges"]}
    assert {"负责·牵头", "负责·配合", "建设", "领导·理事长", "成员·副理事长单位", "支持", "位于"} <= labels
    lead = next(e for e in data["edges"] if e["label"] == "领导·理事长")
    assert ["证据", "林安澜与青禾市人工智能产业联盟的关系。"] in lead["tip"]
    assert ["文件", "doc:sample0001"] in lead["tip"]
    assert all(e["arrows"] == "to" for e in data["edges"])


def test_legend_lists_each_label_present_with_colour_and_count() -> None:
    page = render_view(sample_subgraph(), title="t")
    legend = page[page.index('<ul class="legend"') : page.index("</ul>")]
    assert f'background: {style.LABEL_COLORS["Agency"]}"></span>机构 <small>(Agency, 2)</small>' in legend
    assert "Province" not in legend  # absent labels are not listed


def test_cap_shows_n_of_m_and_keeps_hubs() -> None:
    page = render_view(star_subgraph(40, hubs=3), title="t", max_nodes=20)
    assert counts(page) == (20, 123)
    assert "showing 20 of 123 nodes" in page
    data = graph_data(page)
    assert len(data["nodes"]) == 20
    assert {"中心机构00", "中心机构01", "中心机构02"} <= {n["label"] for n in data["nodes"]}


def test_default_cap_is_500_and_total_from_caller() -> None:
    page = render_view(star_subgraph(200, hubs=3), title="t")
    assert counts(page) == (500, 603)
    assert counts(render_view(sample_subgraph(), title="t", total_nodes=9000)) == (9, 9000)


def test_physics_is_bounded_and_off_for_big_views() -> None:
    small = graph_data(render_view(sample_subgraph(), title="t"))["options"]["physics"]
    assert small["enabled"] is True
    assert 0 < small["stabilization"]["iterations"] <= 500
    big = graph_data(render_view(star_subgraph(100, hubs=4), title="t"))
    assert big["options"]["physics"]["enabled"] is False
    xs = {n["x"] for n in big["nodes"]}
    assert len(xs) > 300  # a real precomputed layout, not everything at the origin


def test_embed_snippet_is_shown_escaped() -> None:
    snippet = iframe_snippet('/views/agency-tasks?agency=市"工信局&limit=5', title="部门<任务>")
    assert snippet.startswith('<iframe src="/views/agency-tasks?agency=市&quot;工信局&amp;limit=5"')
    assert 'title="部门&lt;任务&gt;"' in snippet
    page = render_view(sample_subgraph(), title="t", embed_snippet=snippet)
    m = re.search(r'<textarea readonly id="embed-snippet">(.*?)</textarea>', page, re.S)
    assert m and m.group(1).startswith("&lt;iframe src=&#34;/views/agency-tasks")
    assert "<iframe" not in page
    assert 'id="embed-snippet"' not in render_view(sample_subgraph(), title="t")


def test_script_url_links_instead_of_inlining() -> None:
    page = render_view(sample_subgraph(), title="t", script_url="/static/viz/vis-network.min.js")
    assert '<script src="/static/viz/vis-network.min.js"></script>' in page
    assert "@license" not in page
    assert len(page) < 50_000


def test_empty_subgraph_renders_a_message() -> None:
    page = render_view(Subgraph(), title="空")
    assert counts(page) == (0, 0)
    assert "nothing to show" in page


def test_save_view_writes_utf8(tmp_path: Path) -> None:
    out = save_view(sample_subgraph(), tmp_path / "v.html", title="青禾")
    raw = out.read_bytes()
    assert "青禾市科学技术局".encode() in raw
    raw.decode("utf-8")  # would raise on any other encoding


def test_vendored_vis_network_is_safe_to_inline() -> None:
    js = VIS_JS.read_text(encoding="utf-8")
    assert "@license" in js[:2000] and "Apache 2.0" in js[:2000]
    assert not re.search(r"</script|<!--|<script", js, re.I)
    assert (VIS_JS.parent / "vis-network.LICENSE-MIT").is_file()
