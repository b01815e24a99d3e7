"""Fourth held-out check: the extractor on eight original documents from regions no other corpus covers.

tests/loaders/corpus4/ holds the documents and a gold (gold.json, format of ../shared/gold/seeds.json)
written blind from the texts, before the extractor was run on them:

- changchun_ai_action_plan.txt        Changchun 市政府办公厅 notice + plan, "（一）实施…行动" tasks, one
                                      "（责任单位：…）" list per task, relative names (市政数局, 市投促局,
                                      长春新区管委会), focus sentences for 新区/高新区/汽开区
- foshan_ai_manufacturing_plan.txt    Foshan plan, GBK-encoded, measures ending in "（X牵头，Y、Z配合）",
                                      one with two lead units and "市教育局及各区政府配合"
- wenzhou_suggestion_reply.html       Wenzhou reply to a 人大 suggestion as a web page (nav, breadcrumb,
                                      发布时间/来源/浏览次数, share, footer), 文号, "林晓东代表：", 我局会同…,
                                      signature + date, contact and 抄送 lines
- dalian_ai_alliance_founded.txt      Dalian alliance founding news: "理事长：" roster with
                                      "单位职务　姓名" lines and a "选举姓名（单位职务）为联盟监事长" variant
- yunnan_ai_manufacturing_notice.txt  Yunnan provincial 专项行动 notice from four departments, task table
                                      with " | " separators (序号/重点任务/牵头单位/配合单位/完成时限)
- xinjiang_ai_meeting.txt             Xinjiang meeting news with many "单位+职务+姓名" phrases, including
                                      names with a middle dot (艾力·买买提)
- quanzhou_ai_matchmaking_trad.txt    Quanzhou news in Traditional script with inline pinyin 業(yè) and
                                      Taiwan vocabulary (人工智慧, 軟體, 資訊, 數位, 演算法, 網路, 晶片)
- wuhu_ai_platforms_news.txt          Wuhu news on enterprises building platforms: BUILDS, LOCATED_IN
                                      and FOCUSES_ON in varied phrasings (牵头组建, 联合…打造, 签约共建,
                                      承建运营, 合作设立; 设在/落户/选址; 主攻/重点开展/聚焦/以…为特色)

The shared scorer is run on `aikg extract` output; its SUMMARY numbers must not fall below the
floors measured when the corpus was made (minus a small margin). Raise the floors as rules improve.
"""

from __future__ import annotations

import importlib.util
import io
import json
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent / "corpus4"
GOLD = CORPUS / "gold.json"
SCORER = Path(__file__).resolve().parents[3] / "shared" / "eval" / "score.py"
REPO = Path(__file__).resolve().parents[2]

# Measured on the first run against the blind gold (no gold edits afterwards):
# entity_p=0.894 entity_r=0.894 entity_f1=0.894 relation_r=0.79 relation_p=0.962 meta=0.979 (46/47).
# The rules have since been improved on this corpus, so it is no longer blind. The floors sit a little below
# the scores measured after that work: falling below one is a regression.
FLOORS = {
    "entity_p": 0.93,
    "entity_r": 0.93,
    "entity_f1": 0.93,
    "relation_r": 0.87,
    "relation_p": 0.97,
    "meta": 0.95,
}


def _documents() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.is_file() and p.name != "gold.json")


def _load_scorer():
    if not SCORER.is_file():
        pytest.skip(f"shared scorer not found at {SCORER} (the shared/ folder sits beside the repo)")
    spec = importlib.util.spec_from_file_location("shared_score_corpus4", SCORER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _extract(paths: list[Path], out: Path) -> None:
    exe = Path(sys.executable).with_name("aikg")
    cmd = [str(exe)] if exe.is_file() else [sys.executable, "-m", "api.cli"]
    proc = subprocess.run([*cmd, "extract", *map(str, paths)], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out.write_text(proc.stdout, encoding="utf-8")


def test_corpus4_has_gold_for_every_document() -> None:
    docs = {p.name for p in _documents()}
    gold = {g["doc"] for g in json.loads(GOLD.read_text(encoding="utf-8"))}
    assert docs == gold
    assert len(docs) >= 8


def test_corpus4_gbk_document_is_really_gbk() -> None:
    raw = (CORPUS / "foshan_ai_manufacturing_plan.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "佛山市" in raw.decode("gbk")


def test_corpus4_gold_relations_name_gold_entities() -> None:
    """Every relation endpoint in the gold (except DOC/ANY and FOCUSES_ON domains) is a gold entity."""
    for g in json.loads(GOLD.read_text(encoding="utf-8")):
        names = {n for e in g["entities"] for n in [e["name"], *e.get("aliases", [])]}
        for r in g["relations"]:
            ends = [r["from"], r["to"], *r.get("alt_to", [])] if r["type"] != "FOCUSES_ON" else [r["from"]]
            for end in ends:
                assert end in {"DOC", "ANY"} or end in names, (g["doc"], r)


def test_corpus4_score_stays_above_floors(tmp_path: Path) -> None:
    scorer = _load_scorer()
    out = tmp_path / "corpus4.jsonl"
    docs = _documents()
    _extract(docs, out)
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(docs)

    buf = io.StringIO()
    with redirect_stdout(buf):
        summary = scorer.score(str(GOLD), str(out), verbose=True)
    report = buf.getvalue()

    low = {k: (summary[k], floor) for k, floor in FLOORS.items() if summary[k] < floor}
    assert not low, f"below floor (got, floor): {low}\n\n{report}"
