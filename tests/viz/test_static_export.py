from __future__ import annotations

import io
import re

import numpy as np
import pytest
from matplotlib.ft2font import FT2Font
from matplotlib.image import imread

from graph.model import Subgraph
from tests.viz.samples import XSS_NAME, sample_subgraph, star_subgraph
from viz import static_export
from viz.static_export import CJKFontMissing, find_cjk_font, render_png, render_svg
from viz.subset import cap_subgraph


@pytest.fixture
def cjk_font() -> str:
    path = find_cjk_font()
    if path is None:
        pytest.skip("no CJK font on this machine (apt-get install fonts-wqy-microhei)")
    return path


def test_png_is_a_drawn_picture(cjk_font: str) -> None:
    png = render_png(sample_subgraph(), title="青禾市")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    img = imread(io.BytesIO(png))
    assert img.shape[0] > 600 and img.shape[1] > 800
    rgb = img[..., :3]
    assert (rgb < 0.9).any(axis=-1).mean() > 0.01  # more than 1% of pixels are ink, not background
    # The Agency red is drawn.
    red = np.all(np.abs(rgb - np.array([0xD6, 0x27, 0x28]) / 255) < 0.02, axis=-1)
    assert red.sum() > 50


def test_svg_draws_chinese_with_the_cjk_font_glyphs(cjk_font: str) -> None:
    svg = render_svg(sample_subgraph(), title="青禾").decode()
    assert svg.lstrip().startswith("<?xml")
    font = FT2Font(cjk_font)
    for ch in "青禾局联盟":
        glyph_id = f'id="{font.postscript_name}-{font.get_char_index(ord(ch)):x}"'
        assert glyph_id in svg, f"glyph for {ch} not drawn from {cjk_font}"


def test_svg_text_mode_keeps_chinese_as_escaped_text(cjk_font: str) -> None:
    svg = render_svg(sample_subgraph(), title="青禾<b>", text_as_paths=False).decode()
    assert "青禾市科学技术局" in svg and "负责·牵头" in svg and "领导·理事长" in svg
    assert re.search(r"font-family: '[^']+'", svg)
    assert FT2Font(cjk_font).family_name in svg
    assert XSS_NAME not in svg and "<b>" not in svg
    assert "&lt;img src=x" in svg


def test_capped_export_says_so(cjk_font: str) -> None:
    svg = render_svg(star_subgraph(50, hubs=2), max_nodes=30, text_as_paths=False).decode()
    assert "显示 30 / 102 个节点" in svg


def test_empty_subgraph_still_renders(cjk_font: str) -> None:
    assert render_png(Subgraph()).startswith(b"\x89PNG")
    assert "没有可显示的节点" in render_svg(Subgraph(), text_as_paths=False).decode()


def test_missing_font_warns_and_still_renders(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(static_export.style, "CJK_FONT_FILES", [])
    monkeypatch.setattr(static_export, "_fontconfig_cjk_files", list)
    monkeypatch.setattr(static_export, "_matplotlib_cjk_files", list)
    static_export.find_cjk_font.cache_clear()
    static_export._cjk_family.cache_clear()
    try:
        with pytest.warns(CJKFontMissing, match="fonts-wqy-microhei"):
            png = render_png(sample_subgraph())
        assert png.startswith(b"\x89PNG")
    finally:
        static_export.find_cjk_font.cache_clear()
        static_export._cjk_family.cache_clear()


def test_png_encoder_round_trips_pixels_and_metadata() -> None:
    rgb = np.random.default_rng(3).integers(0, 256, size=(7, 5, 3), dtype=np.uint8)
    png = static_export.png_bytes(rgb, 150, {"Software": "aikg"})
    decoded = imread(io.BytesIO(png))
    assert decoded.shape == (7, 5, 3)
    assert np.array_equal(np.rint(decoded * 255).astype(np.uint8), rgb)
    assert b"tEXtSoftware\x00aikg" in png
    assert b"pHYs" + (5906).to_bytes(4, "big") * 2 + b"\x01" in png  # 150 dpi in pixels per metre


def test_png_has_the_pixels_matplotlib_would_save(cjk_font: str) -> None:
    """The single-draw path and the faster encoder change the time, not the picture."""
    view = cap_subgraph(star_subgraph(30, hubs=3), 500)
    ours = imread(io.BytesIO(static_export._png(static_export._figure(view, "星形"), dpi=60)))
    buf = io.BytesIO()
    static_export._figure(view, "星形").savefig(buf, format="png", dpi=60, facecolor="white")
    theirs = imread(io.BytesIO(buf.getvalue()))
    assert theirs.shape[:2] == ours.shape[:2]
    assert np.array_equal(theirs[..., :3], ours)
