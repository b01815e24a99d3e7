"""How the graph looks: colours per label, Chinese names of labels and relationship types, fonts.

Data only, shared by the interactive views and the static export so both read the same.
"""

from __future__ import annotations

from graph.model import DOCUMENT_LABEL, Label, RelType

# Colour-blind-friendly-ish palette (Tableau 20 family); one colour per node label.
LABEL_COLORS: dict[str, str] = {
    Label.PROVINCE: "#1f77b4",
    Label.CITY: "#4e9fd6",
    Label.DISTRICT: "#9ecae9",
    Label.AGENCY: "#d62728",
    Label.ENTERPRISE: "#ff7f0e",
    Label.PLATFORM: "#2ca02c",
    Label.ALLIANCE: "#9467bd",
    Label.INSTITUTION: "#8c564b",
    Label.PERSON: "#e377c2",
    Label.TASK: "#bcbd22",
    Label.EVENT: "#17becf",
    Label.DOMAIN: "#7f7f7f",
    DOCUMENT_LABEL: "#393b79",
}
DEFAULT_COLOR = "#c7c7c7"

LABEL_NAMES: dict[str, str] = {
    Label.PROVINCE: "省",
    Label.CITY: "市",
    Label.DISTRICT: "区县",
    Label.AGENCY: "机构",
    Label.ENTERPRISE: "企业",
    Label.PLATFORM: "平台",
    Label.ALLIANCE: "联盟/协会",
    Label.INSTITUTION: "高校/院所",
    Label.PERSON: "人物",
    Label.TASK: "任务",
    Label.EVENT: "活动",
    Label.DOMAIN: "领域",
    DOCUMENT_LABEL: "文件",
}

REL_NAMES: dict[str, str] = {
    RelType.RESPONSIBLE_FOR: "负责",
    RelType.LEADS: "领导",
    RelType.WORKS_FOR: "任职",
    RelType.SUPPORTS: "支持",
    RelType.LOCATED_IN: "位于",
    RelType.BUILDS: "建设",
    RelType.MEMBER_OF: "成员",
    RelType.COOPERATES_WITH: "合作",
    RelType.ORGANIZES: "主办",
    RelType.FOCUSES_ON: "聚焦",
    RelType.ISSUED_BY: "发布",
    RelType.MENTIONS: "提及",
    RelType.DEFINES: "定义",
    # Derived links drawn by the analytics views (not stored relationships).
    "LINKED": "关联",
    "SHARES_TASKS": "共同任务",
}

# Machine roles written by the extractor, shown in Chinese; other roles (理事长…) are already Chinese.
ROLE_NAMES: dict[str, str] = {"lead": "牵头", "co": "配合"}

# CSS font stack so Chinese labels show on Linux (Noto / WenQuanYi) and Windows (YaHei).
CJK_FONT_STACK = '"Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif'

# Font families (fontconfig names) and file names tried, in order, for static export.
CJK_FONT_FAMILIES = ["Noto Sans CJK SC", "WenQuanYi Micro Hei", "Source Han Sans SC", "Droid Sans Fallback"]
CJK_FONT_FILES = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
]

MAX_NODES = 500  # default cap of a view; the highest-degree nodes are kept
PHYSICS_MAX_NODES = 300  # above this the browser gets a precomputed layout and no physics
LABEL_MAX_CHARS = 24  # longer names are shortened on the canvas (full name in the tooltip)
EVIDENCE_MAX_CHARS = 400


def label_color(label: str) -> str:
    return LABEL_COLORS.get(label, DEFAULT_COLOR)


def label_name(label: str) -> str:
    return LABEL_NAMES.get(label, label)


def rel_name(rel_type: str) -> str:
    return REL_NAMES.get(rel_type, rel_type)


def role_name(role: str) -> str:
    return ROLE_NAMES.get(role, role)
