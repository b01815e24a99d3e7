"""The same subgraph as a PNG or SVG for printed reports, with a CJK font found on the system.

matplotlib (object API, no pyplot: safe to call from server threads) draws the force layout of viz.layout.
The font is looked up by file path, then fontconfig, then matplotlib's own scan; nothing is downloaded.
Without a CJK font the picture is still produced, with a warning (Chinese shows as boxes).
"""

from __future__ import annotations

import io
import math
import shutil
import struct
import subprocess
import warnings
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Affine2D

from graph.model import Subgraph
from viz import style
from viz.layout import spring_positions
from viz.subset import ViewGraph, cap_subgraph
from viz.text import edge_label, legend_items, node_name, short

EDGE_LABELS_MAX = 120  # more edge labels than this are unreadable on a page
NODE_LABELS_MAX = 150  # above this only the best-connected nodes are named
ARROW_LENGTH = 4.0  # arrowhead size in points
ARROW_HALF_WIDTH = 1.8


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

    _draw_edges(fig, ax, view, pos, sizes)

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
            in_layout=False,  # inside the axes' margins; measuring 150 labels doubled the layout time
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
    # Equal aspect: an edge's direction on the page is its direction in the layout, so arrowheads built
    # in points (below) point along their lines.
    ax.set_aspect("equal", adjustable="datalim")
    return fig


def _draw_edges(fig: Figure, ax: Any, view: ViewGraph, pos: dict[str, tuple[float, float]],
                sizes: dict[str, float]) -> None:
    """All edges as one line collection and all arrowheads as one path collection.

    One `annotate` per edge cost ~4 ms each (matplotlib clips every arrow against both markers):
    2-3 s for 800 edges. Lines here run centre to centre under the opaque node markers; each
    arrowhead is a small triangle in points, placed at its target and pushed back by the target's radius.
    """
    edges = [e for e in view.edges if e.source != e.target]
    if not edges:
        return
    src = np.array([pos[e.source] for e in edges])
    dst = np.array([pos[e.target] for e in edges])
    ax.add_collection(LineCollection(np.stack([src, dst], axis=1), colors="#9a9a9a", linewidths=0.7, zorder=1))
    vec = dst - src
    length = np.hypot(vec[:, 0], vec[:, 1])
    unit = vec / np.where(length > 0, length, 1.0)[:, None]
    back = np.sqrt([sizes[e.target] for e in edges]) / 2 + 1.0  # points from the target's centre to the tip
    tip = -unit * back[:, None]
    base = tip - unit * ARROW_LENGTH
    side = np.stack([-unit[:, 1], unit[:, 0]], axis=1) * ARROW_HALF_WIDTH
    # One closed triangle per edge (tip, two base corners, back to the tip), all made in one numpy step.
    heads = np.stack([tip, base + side, base - side, tip], axis=1)
    codes = np.array([MplPath.MOVETO, MplPath.LINETO, MplPath.LINETO, MplPath.CLOSEPOLY], dtype=MplPath.code_type)
    points = Affine2D().scale(1 / 72) + fig.dpi_scale_trans  # points → pixels at whatever dpi is saved
    ax.add_collection(PathCollection([MplPath(h, codes) for h in heads], offsets=dst, offset_transform=ax.transData,
                                     transform=points, facecolors="#9a9a9a", edgecolors="none", zorder=2))
    if len(view.edges) <= EDGE_LABELS_MAX:
        edge_font = _font(6.5)
        for e in view.edges:
            (x1, y1), (x2, y2) = pos[e.source], pos[e.target]
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
                in_layout=False,  # at edge midpoints, always inside the axes
            )


@contextmanager
def _glyph_warnings_once() -> Iterator[None]:
    with warnings.catch_warnings():
        if _cjk_family() is None:  # already warned once; not once per missing glyph
            warnings.filterwarnings("ignore", message="Glyph .* missing from font", category=UserWarning)
        yield


def _save(fig: Figure, fmt: str, **kwargs: Any) -> bytes:
    buf = io.BytesIO()
    with _glyph_warnings_once():
        fig.savefig(buf, format=fmt, facecolor="white", **kwargs)
    return buf.getvalue()


def _png(fig: Figure, dpi: int) -> bytes:
    """Draw once on an Agg canvas and encode the pixels as an opaque RGB PNG.

    savefig drew the figure twice (a layout pass, then the picture) and Pillow's encoder tries five row
    filters on every row: at 500 nodes (3600×2880 px) encoding alone was ~40% of the time. Rows of a
    mostly white drawing compress well unfiltered, at zlib level 1 faster and no bigger. Same pixels.
    """
    fig.set_dpi(dpi)
    fig.set_facecolor("white")
    canvas = FigureCanvasAgg(fig)
    with _glyph_warnings_once():
        canvas.draw()  # runs the constrained layout, then draws
    rgba = np.asarray(canvas.buffer_rgba())
    return png_bytes(rgba[..., :3], dpi, {"Software": "aikg"})


def png_bytes(rgb: np.ndarray, dpi: int, text: dict[str, str] | None = None) -> bytes:
    """A PNG (8-bit RGB, every row unfiltered, zlib level 1) of an height×width×3 uint8 array."""
    height, width, _ = rgb.shape
    rows = np.zeros((height, 1 + 3 * width), dtype=np.uint8)  # each row: filter byte 0, then its pixels
    # Copied straight in through a view of the pixel part: reshaping the RGB slice of RGBA first would copy
    # the whole image once more.
    rows[:, 1:].reshape(height, width, 3)[...] = rgb
    per_metre = round(dpi / 0.0254)
    chunks = [
        (b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)),  # 8 bits, truecolour, no interlace
        (b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
        *((b"tEXt", f"{key}\0{value}".encode("latin-1")) for key, value in (text or {}).items()),
        (b"IDAT", zlib.compress(rows, 1)),
        (b"IEND", b""),
    ]
    out = [b"\x89PNG\r\n\x1a\n"]
    for kind, data in chunks:
        out += [struct.pack(">I", len(data)), kind, data, struct.pack(">I", zlib.crc32(kind + data))]
    return b"".join(out)


def render_png(subgraph: Subgraph, *, title: str = "", max_nodes: int = style.MAX_NODES, dpi: int = 150) -> bytes:
    """PNG bytes of the subgraph (capped to the best-connected `max_nodes`)."""
    return _png(_figure(cap_subgraph(subgraph, max_nodes), title), dpi)


def render_svg(
    subgraph: Subgraph, *, title: str = "", max_nodes: int = style.MAX_NODES, text_as_paths: bool = True
) -> bytes:
    """SVG bytes. Text as glyph paths by default, so Chinese prints without the font installed;
    text_as_paths=False keeps real <text> (searchable, needs a CJK font where it is viewed)."""
    fig = _figure(cap_subgraph(subgraph, max_nodes), title)
    with matplotlib.rc_context({"svg.fonttype": "path" if text_as_paths else "none"}):
        return _save(fig, "svg", metadata={"Date": None})
