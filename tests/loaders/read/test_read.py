"""Read stage: encodings, formats, web boilerplate, limits and clear errors — on our own small documents."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from loaders.errors import ExtractionError
from loaders.read import DEFAULT_MAX_BYTES, decode_text, read_document, strip_boilerplate

SAMPLES = Path(__file__).resolve().parents[1] / "samples"

SIMPLIFIED = "东川市人工智能产业发展行动方案\n由市工业和信息化局牵头，市科技局配合，建设算力中心。\n"
TRADITIONAL = "西山市人工智慧產業聯盟成立\n聯盟理事長由星河科技有限公司董事長擔任，會員單位超過一百家。\n"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# ------------------------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SIMPLIFIED.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + SIMPLIFIED.encode("utf-8"), "utf-8-sig"),
        (SIMPLIFIED.encode("utf-16"), "utf-16-le"),  # Python writes a little-endian BOM
        (b"\xfe\xff" + SIMPLIFIED.encode("utf-16-be"), "utf-16-be"),
        (SIMPLIFIED.encode("gbk"), "gb18030"),
        (SIMPLIFIED.encode("gb18030"), "gb18030"),
    ],
)
def test_simplified_text_in_any_encoding(tmp_path: Path, data: bytes, encoding: str) -> None:
    doc = read_document(_write(tmp_path, "plan.txt", data))
    assert doc.text == SIMPLIFIED.strip("\n")
    assert doc.encoding == encoding
    assert doc.format == "text"
    assert doc.content == data  # the document id hashes the bytes as read


def test_big5_text(tmp_path: Path) -> None:
    data = TRADITIONAL.encode("big5")
    doc = read_document(_write(tmp_path, "alliance.txt", data))
    assert doc.encoding == "big5"
    assert doc.text == TRADITIONAL.strip("\n")


def test_short_big5_that_gb18030_also_decodes(tmp_path: Path) -> None:
    # these Big5 bytes are valid GB18030 too (as gibberish): the reading that looks like text must win
    data = "中關村數智人工智能產業聯盟正式成立".encode("big5")
    data.decode("gb18030")  # precondition: the tie really exists
    assert read_document(_write(tmp_path, "short.txt", data)).encoding == "big5"


def test_gbk_text_is_not_mistaken_for_big5(tmp_path: Path) -> None:
    data = "会议由市工信局主持，联盟理事长出席。".encode("gbk")
    assert read_document(_write(tmp_path, "gbk.txt", data)).encoding == "gb18030"


def test_undecodable_bytes(tmp_path: Path) -> None:
    data = b"plan \x80\xff\xfe\x81\x20\xa1 more \xff\x80 text"
    with pytest.raises(ExtractionError, match="cannot decode"):
        read_document(_write(tmp_path, "broken.txt", data))


def test_broken_utf16_after_bom(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match="cannot decode.*utf-16"):
        decode_text(b"\xff\xfe" + "方案".encode("utf-16-le") + b"\x00\xd8")  # a lone surrogate


# ------------------------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n "])
def test_empty_document(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(ExtractionError, match="empty document"):
        read_document(_write(tmp_path, "empty.txt", data))


def test_only_boilerplate_is_empty(tmp_path: Path) -> None:
    data = "当前位置：首页 > 新闻中心 > 工作动态\n打印本页 关闭窗口\n".encode()
    with pytest.raises(ExtractionError, match="empty document"):
        read_document(_write(tmp_path, "nav.txt", data))


def test_binary_with_nul_bytes(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match="binary file"):
        read_document(_write(tmp_path, "data.txt", b"abc\x00\x01\x02def" * 10))


def test_binary_signature_is_named(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match="binary file.*PNG"):
        read_document(_write(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n" + b"\x10" * 50))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match="cannot read") as info:
        read_document(tmp_path / "nope.txt")
    assert info.value.path == str(tmp_path / "nope.txt")


def test_unsupported_suffix(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match=r"unsupported file type '\.xlsx'"):
        read_document(_write(tmp_path, "sheet.xlsx", b"PK\x03\x04rest"))


def test_old_word_format(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match="save the document as .docx"):
        read_document(_write(tmp_path, "old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100))


def test_fake_docx_and_pdf(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match="not a .docx"):
        read_document(_write(tmp_path, "fake.docx", "只是文字".encode()))
    with pytest.raises(ExtractionError, match="not a PDF"):
        read_document(_write(tmp_path, "fake.pdf", "只是文字".encode()))
    with pytest.raises(ExtractionError, match="no word/document.xml"):
        buffer = io.BytesIO()
        import zipfile

        with zipfile.ZipFile(buffer, "w") as package:
            package.writestr("hello.txt", "hi")
        read_document(_write(tmp_path, "zip.docx", buffer.getvalue()))


# ------------------------------------------------------------------------------------------- limits


def test_oversized_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # sparse: 50 MB on paper, nothing on disk
        fh.truncate(50 * 1024 * 1024)
    assert DEFAULT_MAX_BYTES < 50 * 1024 * 1024
    with pytest.raises(ExtractionError, match="above the 20.0 MB limit.*AIKG_MAX_BYTES"):
        read_document(path)


def test_byte_limit_is_configurable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, "plan.txt", SIMPLIFIED.encode() * 10)
    monkeypatch.setenv("AIKG_MAX_BYTES", "100")
    with pytest.raises(ExtractionError, match="AIKG_MAX_BYTES"):
        read_document(path)
    monkeypatch.setenv("AIKG_MAX_BYTES", "100000")
    assert read_document(path).text.startswith("东川市")
    monkeypatch.setenv("AIKG_MAX_BYTES", "lots")
    with pytest.raises(ExtractionError, match="AIKG_MAX_BYTES='lots' is not a whole number"):
        read_document(path)


def test_char_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, "plan.txt", SIMPLIFIED.encode() * 10)
    monkeypatch.setenv("AIKG_MAX_CHARS", "50")
    with pytest.raises(ExtractionError, match="above the 50 limit.*AIKG_MAX_CHARS"):
        read_document(path)


# ------------------------------------------------------------------------------------------- plain-text boilerplate


def test_web_text_boilerplate_dropped_and_meta_kept() -> None:
    doc = read_document(SAMPLES / "notice_web.txt")
    lines = [line.strip() for line in doc.text.splitlines() if line.strip()]
    assert lines[0] == "关于印发东川市智能网联汽车产业发展行动方案的通知"  # breadcrumb gone
    assert "发布时间:2024-03-18 10:20 来源:市发改委" in lines  # kept, noise fields cut off
    assert not any(word in doc.text for word in ("浏览次数", "字号", "视力保护色", "打印本页", "分享到", "延伸阅读"))
    assert "根据标签自动聚合" not in doc.text
    assert lines[-1] == "责任单位:市交通局"
    assert doc.meta == {"date": "2024-03-18", "source": "市发改委"}


def test_traditional_disclaimer_dropped() -> None:
    doc = read_document(SAMPLES / "alliance_tw.txt")
    assert "特別提醒" not in doc.text and "轉載" not in doc.text
    assert doc.text.splitlines()[-1] == "星河科技有限公司董事長王一鳴"


def test_tail_rule_only_near_the_end() -> None:
    body = "\n".join(f"第{i}段正文，内容完整。" for i in range(9))
    text, _ = strip_boilerplate("相关链接\n" + body + "\n相关链接\n某网站\n")
    assert text.startswith("相关链接\n")  # at the top it is a heading, not page furniture
    assert text.endswith("第8段正文，内容完整。")


def test_boilerplate_meta_variants() -> None:
    _, meta = strip_boilerplate("标题\n发布日期：2023年7月5日  来源：省科技厅  点击数：12\n正文内容在这里。")
    assert meta == {"date": "2023-07-05", "source": "省科技厅"}
    _, meta = strip_boilerplate("标题\n发布时间：2023-13-45\n正文")
    assert "date" not in meta  # not a real date


# ------------------------------------------------------------------------------------------- HTML


def test_html_main_text_without_page_furniture() -> None:
    doc = read_document(SAMPLES / "page.html")
    assert doc.format == "html"
    text = doc.text
    assert text.splitlines()[0] == "北岭市人工智能产业联盟召开理事会"
    assert "云杉智能科技有限公司董事长李明远主持" in text
    assert "共建人工智能开放创新平台" in text
    assert "市工信局副局长赵海峰出席会议" in text
    noises = ("当前位置", "新闻中心", "浏览次数", "字号", "分享到", "微博", "打印本页", "免责声明", "版权所有", "ICP")
    for noise in noises:
        assert noise not in text, noise
    assert doc.meta["title"] == "北岭市人工智能产业联盟召开理事会"
    assert doc.meta["date"] == "2024-05-06"
    assert doc.meta["source"] == "市工信局"


def test_html_declared_gbk_charset(tmp_path: Path) -> None:
    declared = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    html = (SAMPLES / "page.html").read_text(encoding="utf-8").replace('<meta charset="utf-8">', declared)
    assert declared in html
    path = _write(tmp_path, "page.htm", html.encode("gb18030"))
    doc = read_document(path)
    assert doc.encoding == "gb18030"
    assert "云杉智能科技有限公司" in doc.text


def test_html_saved_as_txt_is_read_as_html(tmp_path: Path) -> None:
    path = _write(tmp_path, "saved.txt", (SAMPLES / "page.html").read_bytes())
    doc = read_document(path)
    assert doc.format == "html"
    assert "<p>" not in doc.text and "云杉智能科技有限公司" in doc.text


def test_tiny_html_falls_back_to_visible_text(tmp_path: Path) -> None:
    path = _write(tmp_path, "tiny.html", "<html><body><nav>首页</nav><p>星河公司建设平台。</p></body></html>".encode())
    doc = read_document(path)
    assert "星河公司建设平台。" in doc.text
    assert "首页" not in doc.text


# ------------------------------------------------------------------------------------------- DOCX / PDF


def test_docx_paragraphs_and_table_in_order(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.core_properties.title = "东川市行动计划"
    document.add_paragraph("东川市人工智能产业行动计划")
    document.add_paragraph("一、重点任务")
    table = document.add_table(rows=3, cols=3)
    rows = [("序号", "任务", "责任单位"), ("1", "建设算力中心", "市工信局"), ("2", "培育龙头企业", "")]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(2, 1).merge(table.cell(2, 2))  # a merged cell must appear once
    table.cell(2, 1).text = "培育龙头企业（市发改委）"
    document.add_paragraph("二、保障措施")
    path = tmp_path / "plan.docx"
    document.save(str(path))

    doc = read_document(path)
    assert doc.format == "docx"
    assert doc.text.splitlines() == [
        "东川市人工智能产业行动计划",
        "一、重点任务",
        "序号\t任务\t责任单位",
        "1\t建设算力中心\t市工信局",
        "2\t培育龙头企业（市发改委）",
        "二、保障措施",
    ]
    assert doc.meta["title"] == "东川市行动计划"


def test_pdf_text_layer(tmp_path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6, 3))
    figure.text(0.1, 0.7, "Dongchuan AI Action Plan 2024")
    figure.text(0.1, 0.4, "Lead unit: Bureau of Industry")
    path = tmp_path / "plan.pdf"
    figure.savefig(str(path), format="pdf", metadata={"Title": "Dongchuan plan"})

    doc = read_document(path)
    assert doc.format == "pdf"
    assert "Dongchuan AI Action Plan 2024" in doc.text
    assert "Lead unit: Bureau of Industry" in doc.text
    assert doc.meta["title"] == "Dongchuan plan"


def test_pdf_without_text(tmp_path: Path) -> None:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(2, 2))
    figure.add_subplot().plot([0, 1], [0, 1])
    figure.axes[0].set_axis_off()
    path = tmp_path / "scan.pdf"
    figure.savefig(str(path), format="pdf")
    with pytest.raises(ExtractionError, match="no text layer"):
        read_document(path)


def test_truncated_pdf(tmp_path: Path) -> None:
    path = _write(tmp_path, "cut.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog")
    with pytest.raises(ExtractionError, match="PDF"):
        read_document(path)


# ------------------------------------------------------------------------------------------- seeds


def test_seed_documents_read_cleanly(seeds_dir: Path) -> None:
    paths = sorted(seeds_dir.glob("*.txt"))
    assert paths
    for path in paths:
        doc = read_document(path)
        assert doc.text.strip(), path.name
        for noise in ("当前位置", "浏览次数", "视力保护色", "根据标签自动聚合", "本网内容转载", "本網"):
            assert noise not in doc.text, (path.name, noise)
