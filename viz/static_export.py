"""The same subgraph as a PNG or SVG for printed reports, with a CJK font found on the system.

matplotlib (object API, no pyplot: safe to call from server threads) draws a networkx spring layout.
The font is looked up by file path, then fontconfig, then matplotlib's own scan; nothing is downloaded.
Without a CJK font the picture is still produced, with a warning (Chinese shows as boxes).
"""

from __future__ import annotations

import io
import math
import shutil
import subprocess
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D

from graph.model import Subgraph
from viz import style
from viz.layout import spring_positions
from viz.subset import ViewGraph, cap_subgraph
from viz.text import edge_label, legend_items, node_name, short

EDGE_LABELS_MAX = 120  # more edge labels than this are unreadable on a page
NODE_LABELS_MAX = 150  # above this only the best-connected nodes are named


class CJKFontMissing(RuntimeWarning):
    """No font with Chinese glyphs was found; install fonts-noto-cjk or fonts-wqy-microhei."""


def _fontconfig_cjk_files() -> list[str]:
    """Font files fontconfig says cover Chinese, preferred families first."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return []
    try:
        out = subprocess.run(
            [fc_list, ":lang=zh", "file", "family"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    found: list[tuple[int, str]] = []
    for line in out.splitlines():
        path, _, families = line.partition(":")
        rank = next(
            (i for i, fam in enumerate(style.CJK_FONT_FAMILIES) if fam in families), len(style.CJK_FONT_FAMILIES)
        )
        found.append((rank, path.strip()))
    return [p for _, p in sorted(found)]


def _matplotlib_cjk_files() -> list[str]:
    hints = ("cjk", "wqy", "droidsansfallback", "msyh", "simhei", "pingfang", "sourcehansans")
    return [f for f in font_manager.findSystemFonts() if any(h in Path(f).name.lower() for h in hints)]


@lru_cache(maxsize=1)
def find_cjk_font() -> str | None:
    """Path of a font file with Chinese glyphs, or None."""
    candidates = [*style.CJK_FONT_FILES, *_fontconfig_cjk_files(), *_matplotlib_cjk_files()]
    for path in candidates:
        if not path or not Path(path).is_file():
            continue
        try:
            FontProperties(fname=path).get_name()  # raises when matplotlib cannot read the file
        except (OSError, RuntimeError, ValueError):
            continue
        return path
    return None


@lru_cache(maxsize=1)
def _cjk_family() -> str | None:
    """The family name of the CJK font, registered with matplotlib so it can be asked for by name
    (SVG with real text then names it in font-family)."""
    path = find_cjk_font()
    if path is None:
        return None
    font_manager.fontManager.addfont(path)
    return FontProperties(fname=path).get_name()


def _font(size: float) -> FontProperties:
    family = _cjk_family()
    if family is None:
        warnings.warn(
            "no CJK font found (looked in viz.style.CJK_FONT_FILES, fontconfig and matplotlib's font list); "
            "Chinese text will show as boxes. Install fonts-noto-cjk or fonts-wqy-microhei.",
            CJKFontMissing,
            stacklevel=3,
        )
        return FontProperties(family="sans-serif", size=size)
    return FontProperties(family=[family, "sans-serif"], size=size)


def _figure(view: ViewGraph, title: str) -> Figure:
    n = len(view.nodes)
    side = min(24.0, max(8.0, 5.0 + 0.9 * math.sqrt(n)))
    fig = Figure(figsize=(side, side * 0.8), layout="constrained")
    ax = fig.add_subplot()
    ax.set_axis_off()
    if title:
        fig.suptitle(title, fontproperties=_font(16))
    if n == 0:
        ax.text(0.5, 0.5, "没有可显示的节点", ha="center", va="center", fontproperties=_font(14))
        return fig

    pos = spring_positions(view)
    top_degree = max(view.degree.values(), default=0) or 1
    # Marker area in points²; the same degree→size idea as the interactive view.
    sizes = {nid: 60.0 + 340.0 * math.sqrt(view.degree.get(nid, 0) / top_degree) for nid in pos}

    edge_font = _font(6.5)
    for e in view.edges:
        (x1, y1), (x2, y2) = pos[e.source], pos[e.target]
        ax.annotate(
            "",
            xy=(x2, y2),
            xytext=(x1, y1),
            arrowprops={
                "arrowstyle": "-|>",
                "color": "#9a9a9a",
                "lw": 0.7,
                "mutation_scale": 8,
                "shrinkA": math.sqrt(sizes[e.source]) / 2,
                "shrinkB": math.sqrt(sizes[e.target]) / 2 + 1,
            },
            zorder=1,
        )
        if len(view.edges) <= EDGE_LABELS_MAX:
            ax.text(
                (x1 + x2) / 2,
                (y1 + y2) / 2,
                edge_label(e),
                fontproperties=edge_font,
                color="#555555",
                ha="center",
                va="center",
                zorder=2,
                bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7},
            )

    ids = list(pos)
    colors = {nd.id: style.label_color(nd.label) for nd in view.nodes}
    ax.scatter(
        [pos[i][0] for i in ids],
        [pos[i][1] for i in ids],
        s=[sizes[i] for i in ids],
        c=[colors[i] for i in ids],
        edgecolors="#333333",
        linewidths=0.5,
        zorder=3,
    )

    named = sorted(view.nodes, key=lambda nd: (-view.degree.get(nd.id, 0), nd.id))[:NODE_LABELS_MAX]
    node_font = _font(8 if n <= 60 else 6.5)
    for nd in named:
        x, y = pos[nd.id]
        ax.annotate(
            short(node_name(nd), style.LABEL_MAX_CHARS),
            (x, y),
            xytext=(0, math.sqrt(sizes[nd.id]) / 2 + 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontproperties=node_font,
            zorder=4,
        )

    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=8,
            markerfacecolor=item.color,
            markeredgecolor="#333333",
            label=f"{item.name} {item.label} ({item.count})",
        )
        for item in legend_items(view.nodes)
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), prop=_font(8), frameon=False)
    if len(view.nodes) < view.total_nodes:
        ax.text(
            0.0,
            -0.02,
            f"显示 {len(view.nodes)} / {view.total_nodes} 个节点（按连接数）",
            transform=ax.transAxes,
            fontproperties=_font(8),
            color="#a94400",
            va="top",
        )
    ax.margins(0.08)
    return fig


def _save(fig: Figure, fmt: str, **kwargs: Any) -> bytes:
    buf = io.BytesIO()
    with warnings.catch_warnings():
        if _cjk_family() is None:  # already warned once; not once per missing glyph
            warnings.filterwarnings("ignore", message="Glyph .* missing from font", category=UserWarning)
        fig.savefig(buf, format=fmt, facecolor="white", **kwargs)
    return buf.getvalue()


def render_png(subgraph: Subgraph, *, title: str = "", max_nodes: int = style.MAX_NODES, dpi: int = 150) -> bytes:
    """PNG bytes of the subgraph (capped to the best-connected `max_nodes`)."""
    fig = _figure(cap_subgraph(subgraph, max_nodes), title)
    return _save(fig, "png", dpi=dpi, metadata={"Software": "aikg"})


def render_svg(
    subgraph: Subgraph, *, title: str = "", max_nodes: int = style.MAX_NODES, text_as_paths: bool = True
) -> bytes:
    """SVG bytes. Text as glyph paths by default, so Chinese prints without the font installed;
    text_as_paths=False keeps real <text> (searchable, needs a CJK font where it is viewed)."""
    fig = _figure(cap_subgraph(subgraph, max_nodes), title)
    with matplotlib.rc_context({"svg.fonttype": "path" if text_as_paths else "none"}):
        return _save(fig, "svg", metadata={"Date": None})
