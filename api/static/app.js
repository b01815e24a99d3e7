// The aikg web page: saved queries with a generated parameter form, table or graph view, entity search.
// Data is only ever written with textContent / attributes, never parsed as HTML.
"use strict";

const $ = (id) => document.getElementById(id);
let queries = [];

function el(tag, text, attrs) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  return node;
}

function setStatus(id, text, isError) {
  const node = $(id);
  node.textContent = text;
  node.classList.toggle("error", Boolean(isError));
}

async function getJSON(url) {
  const res = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    const detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail || body);
    throw new Error(`${res.status}: ${detail}`);
  }
  return body;
}

// Chinese names for the columns, relationship types and roles that saved queries return (unknown ones as they are).
const COLUMN_NAMES = {
  type: "类型", role: "角色", id: "编号", evidence: "证据", path: "路径", name: "名称", doc_id: "文件编号",
  target: "客体", source: "主体", steps: "步数", date: "日期", city: "城市", agency: "部门", title: "标题",
  issuer: "发布单位", document: "文件", tasks: "任务数", task: "任务", responsibility: "责任关系",
  relationship: "关系", province: "省", neighbour: "相关实体", lead_tasks: "牵头任务数", documents: "文件数",
  aliases: "别名", relationships: "关系", region: "地区", region_name: "地区", platform: "平台", person: "人物",
  organisation: "组织", members: "成员", member_count: "成员数", leaders: "负责人", leader_count: "负责人数",
  focus: "聚焦", facts: "事实数", entity: "实体", domain: "领域", domain_name: "领域", builds: "建设关系",
  builder: "建设单位", alliance: "联盟", neighbour_name: "相关实体名称", task_count: "任务数",
};
const REL_NAMES = {
  RESPONSIBLE_FOR: "负责", LEADS: "领导", WORKS_FOR: "任职", SUPPORTS: "支持", LOCATED_IN: "位于", BUILDS: "建设",
  MEMBER_OF: "成员", COOPERATES_WITH: "合作", ORGANIZES: "主办", FOCUSES_ON: "聚焦", ISSUED_BY: "发布",
  MENTIONS: "提及", DEFINES: "定义",
};
const ROLE_NAMES = { lead: "牵头", co: "配合" };

function cellText(value) {
  if (value === null || value === undefined) return "";
  if (typeof value !== "object") return String(value);
  if (Array.isArray(value)) return value.map(cellText).join("、");
  if (value.labels && value.props) return value.props.name || value.id;  // a node
  if (value.type && value.source) {
    const role = value.props && value.props.role;
    return (REL_NAMES[value.type] || value.type) + (role ? `（${ROLE_NAMES[role] || role}）` : "");
  }
  if (value.nodes) return value.nodes.map(cellText).join(" → ");  // a path
  return JSON.stringify(value);
}

function entityLink(node) {
  const a = el("a", node.props.name || node.id, { href: "/entity?id=" + encodeURIComponent(node.id) });
  return a;
}

function documentHref(docId, key) {
  return "/documents/" + encodeURIComponent(docId) + (key ? "?fact=" + encodeURIComponent(key) : "");
}

// A relationship with its evidence: the type, then the sentence as a quote linking to its place in the document.
function factCell(td, edge, docTitle, docDate) {
  td.appendChild(el("span", cellText(edge)));
  const p = edge.props || {};
  if (p.evidence) evidenceCell(td, p.evidence, p.doc_id, p.key, docTitle, docDate);
}

// A column `x` beside `x_id` is an entity: its name links to the entity page and the id column is not shown.
// A fact's `key` only addresses its sentence, and `doc_id` is shown through the document's title when there is one.
function hiddenColumns(columns, titleCol) {
  const hidden = new Set();
  columns.forEach((c, i) => {
    if (c.endsWith("_id") && columns.includes(c.slice(0, -3))) hidden.add(i);
    if (c === "key") hidden.add(i);
    if (c === "doc_id" && titleCol !== undefined) hidden.add(i);
  });
  return hidden;
}

// A fact's sentence as a quote, linking to its place in the document.
function evidenceCell(td, evidence, docId, key, docTitle, docDate) {
  td.appendChild(el("blockquote", evidence, { class: "evidence" }));
  if (docId) {
    td.appendChild(el("a", `——《${docTitle || docId}》${docDate || ""}`, { href: documentHref(docId, key), class: "source" }));
  }
}

function renderTable(table, columns, rows) {
  table.replaceChildren();
  const docCol = columns.indexOf("doc_id");
  const keyCol = columns.indexOf("key");
  const titleCol = ["document", "title"].map((c) => columns.indexOf(c)).find((i) => i >= 0);
  const dateCol = columns.indexOf("date");
  const hidden = hiddenColumns(columns, titleCol);
  const idCol = (i) => columns.indexOf(columns[i] + "_id");
  const head = el("tr");
  columns.forEach((c, i) => { if (!hidden.has(i)) head.appendChild(el("th", COLUMN_NAMES[c] || c, { title: c })); });
  table.appendChild(head);
  rows.forEach((row) => {
    const tr = el("tr");
    const docTitle = titleCol !== undefined ? row[titleCol] : "";
    const docDate = dateCol >= 0 ? row[dateCol] : "";
    row.forEach((value, i) => {
      if (hidden.has(i)) return;
      const td = el("td");
      const entityId = idCol(i) >= 0 ? row[idCol(i)] : null;
      if (value && typeof value === "object" && value.labels && value.props) td.appendChild(entityLink(value));
      else if (value && typeof value === "object" && value.type && value.source) factCell(td, value, docTitle, docDate);
      else if (entityId && typeof entityId === "string") td.appendChild(entityLink({ id: entityId, props: { name: value } }));
      else if (columns[i] === "evidence" && typeof value === "string" && value) {
        evidenceCell(td, value, docCol >= 0 ? row[docCol] : "", keyCol >= 0 ? row[keyCol] : "", docTitle, docDate);
      }
      else if (i === docCol && typeof value === "string" && value) td.appendChild(el("a", value, { href: documentHref(value) }));
      else if (i === titleCol && docCol >= 0 && row[docCol]) td.appendChild(el("a", cellText(value), { href: documentHref(row[docCol]) }));
      else if (columns[i] === "role" && typeof value === "string") td.textContent = ROLE_NAMES[value] || value;
      else td.textContent = cellText(value);
      tr.appendChild(td);
    });
    table.appendChild(tr);
  });
}

function currentQuery() {
  return queries.find((q) => q.name === $("query-select").value);
}

function buildForm() {
  const q = currentQuery();
  const box = $("param-fields");
  box.replaceChildren();
  $("query-description").textContent = q ? `${q.description_zh || q.description}（${q.view === "graph" ? "图" : "表"}）` : "";
  if (!q) return;
  q.params.forEach((p) => {
    const row = el("div", null, { class: "param" });
    const id = "param-" + p.name;
    row.appendChild(el("label", (p.label_zh || p.name) + (p.required ? " *" : ""), { for: id, title: p.name }));
    let input;
    if (p.type === "bool") {
      input = el("input", null, { type: "checkbox", id, name: p.name });
      input.checked = Boolean(p.default);
    } else {
      input = el("input", null, { id, name: p.name, type: p.type === "str" ? "text" : "number" });
      if (p.type === "float") input.step = "any";
      if (p.default !== null && p.default !== undefined) input.value = String(p.default);
      if (p.type !== "str") {
        if (p.min !== null) input.min = String(p.min);
        if (p.max !== null) input.max = String(p.max);
      } else if (p.max !== null) input.maxLength = p.max;
      if (p.required) input.required = true;
    }
    row.appendChild(input);
    if (p.description) input.setAttribute("title", p.description);  // the English note, for the curious
    box.appendChild(row);
  });
}

function formParams() {
  const q = currentQuery();
  const params = new URLSearchParams();
  q.params.forEach((p) => {
    const input = $("param-" + p.name);
    if (p.type === "bool") params.set(p.name, input.checked ? "true" : "false");
    else if (input.value !== "" || p.type === "str") params.set(p.name, input.value);
  });
  return params;
}

async function runQuery(event) {
  event.preventDefault();
  const q = currentQuery();
  const params = formParams();
  const qs = params.toString();
  setStatus("query-status", "运行中…");
  $("view-frame").hidden = true;
  $("result-actions").hidden = true;
  $("result-table").replaceChildren();
  try {
    const out = await getJSON(`/queries/${encodeURIComponent(q.name)}?${qs}`);
    setStatus("query-status", `${out.rows.length} 行${out.truncated ? "（已截断）" : ""}`);
    renderTable($("result-table"), out.columns, out.rows);
    const viewUrl = `/views/${encodeURIComponent(q.name)}?${qs}`;
    const absolute = new URL(viewUrl, window.location.href).href;
    $("download-png").href = `/views/${encodeURIComponent(q.name)}.png?${qs}`;
    $("download-svg").href = `/views/${encodeURIComponent(q.name)}.svg?${qs}`;
    $("download-png").setAttribute("download", `${q.name}.png`);
    $("download-svg").setAttribute("download", `${q.name}.svg`);
    $("open-view").href = viewUrl;
    const iframe = document.createElement("iframe");
    iframe.setAttribute("src", absolute);
    iframe.setAttribute("title", q.title);
    iframe.setAttribute("width", "100%");
    iframe.setAttribute("height", "600");
    iframe.setAttribute("loading", "lazy");
    // attribute values are escaped by the serializer; the style is added as text because setting a style
    // attribute, even on a detached element, is an inline style the page's CSP refuses (console error).
    $("embed-snippet").value = iframe.outerHTML.replace("<iframe ", '<iframe style="border:0" ');
    $("result-actions").hidden = false;
    if (q.view === "graph") {
      $("view-frame").src = viewUrl;
      $("view-frame").hidden = false;
    }
  } catch (err) {
    setStatus("query-status", err.message, true);
  }
}

async function copyEmbed() {
  const text = $("embed-snippet").value;
  try {
    await navigator.clipboard.writeText(text);
  } catch (_) {
    $("embed-snippet").select();
    document.execCommand("copy");
  }
  setStatus("query-status", "嵌入代码已复制");
}

async function search(event) {
  event.preventDefault();
  const q = $("search-q").value.trim();
  if (!q) return;
  $("search-section").hidden = false;
  const list = $("search-results");
  list.replaceChildren();
  setStatus("search-status", "搜索中…");
  try {
    const out = await getJSON(`/entities?q=${encodeURIComponent(q)}`);
    const note = out.searched !== out.query ? `（按简体“${out.searched}”搜索）` : "";
    setStatus("search-status", `${out.results.length} 个结果${note}`);
    out.results.forEach((r) => {
      const li = el("li");
      li.appendChild(el("a", r.name, { href: "/entity?id=" + encodeURIComponent(r.id) }));
      li.appendChild(document.createTextNode(` · ${r.type}`));
      if (r.aliases && r.aliases.length) li.appendChild(document.createTextNode(` · 又称 ${r.aliases.join("、")}`));
      list.appendChild(li);
    });
  } catch (err) {
    setStatus("search-status", err.message, true);
  }
}

async function loadRegions() {
  try {
    const regions = await getJSON("/regions");
    ["region-select", "compare-select"].forEach((id) => {
      regions.forEach((r) => $(id).appendChild(el("option", `${r.name}（${r.documents} 份文件）`, { value: r.name })));
    });
    if (regions.length > 1) $("compare-select").selectedIndex = 1;
    if (!regions.length) {
      ["region-select", "compare-select"].forEach((id) => $(id).appendChild(el("option", "（暂无地区：请先导入文件）", { value: "" })));
    }
  } catch (err) {
    setStatus("region-status", err.message, true);
  }
}

function openRegion(event) {
  event.preventDefault();
  const name = $("region-select").value;
  if (name) window.location.href = "/regions/" + encodeURIComponent(name);
}

function openCompare() {
  const a = $("region-select").value;
  const b = $("compare-select").value;
  if (a && b) window.location.href = `/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`;
}

async function init() {
  $("region-form").addEventListener("submit", openRegion);
  $("compare-button").addEventListener("click", openCompare);
  $("query-form").addEventListener("submit", runQuery);
  $("search-form").addEventListener("submit", search);
  $("copy-embed").addEventListener("click", copyEmbed);
  $("query-select").addEventListener("change", buildForm);
  try {
    queries = await getJSON("/queries");
  } catch (err) {
    setStatus("query-status", err.message, true);
    return;
  }
  // Internal queries (exports, analytics snapshots) are run by the application itself, not offered here.
  queries = queries.filter((q) => !q.internal);
  queries.forEach((q) => $("query-select").appendChild(el("option", q.title, { value: q.name, title: q.name })));
  loadRegions();
  const wanted = new URLSearchParams(window.location.search).get("query");
  if (wanted && queries.some((q) => q.name === wanted)) $("query-select").value = wanted;
  buildForm();
}

document.addEventListener("DOMContentLoaded", init);
