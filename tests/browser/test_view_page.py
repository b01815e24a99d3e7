"""A rendered view in a real browser: offline, drawn, no errors, no script from document text."""

from __future__ import annotations

from tests.browser.conftest import screenshot
from tests.viz.samples import XSS_NAME, sample_subgraph, star_subgraph
from viz.views import VIS_JS, iframe_snippet, render_view, save_view, view_csp

READY = "() => window.aikgView && window.aikgView.ready"

# Pixels of the vis canvas that are painted (vis leaves the background transparent).
INK = """() => {
  const c = document.querySelector('#graph canvas');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let ink = 0;
  for (let i = 3; i < d.length; i += 4) if (d[i] > 0) ink++;
  return {ink: ink, w: c.width, h: c.height};
}"""

# Screen position of the node whose tooltip names `name`.
NODE_XY = """(name) => {
  const data = JSON.parse(document.getElementById('graph-data').textContent);
  const node = data.nodes.find(n => n.tip.some(kv => kv[1] === name));
  const net = window.aikgView.network;
  const p = net.canvasToDOM(net.getPositions([node.id])[node.id]);
  const r = document.querySelector('#graph canvas').getBoundingClientRect();
  return {x: r.left + p.x, y: r.top + p.y};
}"""


def test_view_is_offline_drawn_and_inert(static_server, page_and_log) -> None:  # type: ignore[no-untyped-def]
    base, folder = static_server
    page, log = page_and_log
    save_view(sample_subgraph(), folder / "view.html", title="青禾市人工智能 <b>图谱</b>")

    page.goto(f"{base}/view.html")
    page.wait_for_function(READY, timeout=20_000)
    page.wait_for_function("() => window.aikgView.stabilized", timeout=20_000)
    ink = page.evaluate(INK)
    assert ink["w"] > 300 and ink["h"] > 300
    assert ink["ink"] > 2_000, f"the canvas looks blank: {ink}"
    assert page.inner_text("h1") == "青禾市人工智能 <b>图谱</b>"  # shown as text
    assert "9 个节点" in page.inner_text("#counts")
    assert page.locator("#legend li").count() == 7

    # Hover the hostile node: its tooltip shows the name as text and creates no element.
    xy = page.evaluate(NODE_XY, XSS_NAME)
    page.mouse.move(xy["x"], xy["y"])
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    tooltip = page.inner_text("div.vis-tooltip")
    assert XSS_NAME in tooltip and "企业 (Enterprise)" in tooltip
    font = page.evaluate("() => getComputedStyle(document.querySelector('div.vis-tooltip')).fontFamily")
    assert "Noto Sans CJK SC" in font  # our stack, not vis-network's injected verdana
    screenshot(page, "view-sample.png")

    assert page.locator("img").count() == 0
    assert page.locator("svg").count() == 0
    assert page.evaluate("() => document.querySelectorAll('script').length") == 3  # vis, data, ours
    log.assert_clean()
    assert any(u.endswith("/view.html") for u in log.requests)
    assert len(log.requests) == 1  # everything is inline


def test_big_view_draws_without_physics(static_server, page_and_log) -> None:  # type: ignore[no-untyped-def]
    base, folder = static_server
    page, log = page_and_log
    save_view(star_subgraph(120, hubs=5), folder / "big.html", title="大图")
    page.goto(f"{base}/big.html")
    page.wait_for_function(READY, timeout=30_000)
    assert page.evaluate("() => window.aikgView.nodes") == 500
    assert "显示 500 / 605 个节点" in page.inner_text("#counts")
    assert page.evaluate(INK)["ink"] > 2_000
    assert page.evaluate("() => window.aikgView.network.physics.options.enabled") is False
    screenshot(page, "view-big.png")
    log.assert_clean()


def test_view_embeds_in_an_iframe(static_server, page_and_log) -> None:  # type: ignore[no-untyped-def]
    base, folder = static_server
    page, log = page_and_log
    save_view(sample_subgraph(), folder / "view.html", title="嵌入")
    snippet = iframe_snippet("view.html", title="嵌入视图", height=500)
    report = f'<!doctype html><meta charset="utf-8"><title>报告</title><h1>报告</h1>{snippet}'
    (folder / "report.html").write_text(report, encoding="utf-8")
    page.goto(f"{base}/report.html")
    frame = page.frame_locator("iframe").first
    frame.locator("#graph canvas").wait_for(timeout=20_000)
    inner = next(f for f in page.frames if f.url.endswith("/view.html"))
    inner.wait_for_function(READY, timeout=20_000)
    assert inner.evaluate(INK)["ink"] > 2_000
    screenshot(page, "view-embedded.png")
    log.assert_clean()


def _server(html: str, csp: str):  # type: ignore[no-untyped-def]
    def serve(route) -> None:  # type: ignore[no-untyped-def]
        if route.request.url.endswith("/viz/vis.js"):
            route.fulfill(path=str(VIS_JS), content_type="text/javascript")
        else:
            route.fulfill(body=html, content_type="text/html; charset=utf-8", headers={"Content-Security-Policy": csp})

    return serve


def test_view_runs_under_its_strict_csp(page_and_log) -> None:  # type: ignore[no-untyped-def]
    page, log = page_and_log
    for inline in (True, False):
        html = render_view(sample_subgraph(), title="CSP", script_url=None if inline else "/viz/vis.js")
        csp = view_csp(html)
        assert csp.count("'sha256-") == (2 if inline else 1)

        page.route("http://127.0.0.1:9/**", _server(html, csp))  # never reaches the network: answered here
        page.goto("http://127.0.0.1:9/view.html")
        page.wait_for_function(READY, timeout=20_000)
        assert page.evaluate(INK)["ink"] > 2_000
        page.unroute("http://127.0.0.1:9/**")
    log.assert_clean()  # a CSP violation would be a console error
