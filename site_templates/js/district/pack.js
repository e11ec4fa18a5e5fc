/* The workshop pack's other two parts, printed after the worksheet (sheet.js, sheets.css):
   「空いている欄と参考になる事例」 — each gap with up to 3 cases tied to it, one line each
   with the source of the fact the tie rests on — then the check-sheet items to discuss the
   gaps. */
import { tag } from "./data.js";
import { tiesFor } from "./grid.js";

// the gaps of a row that have the same cases (a tie to the whole row) share one entry:
// 「高齢者サロン系 × 元気・虚弱」
function gapEntries(d, gaps) {
  var entries = [];
  gaps.forEach(function (g) {
    var ties = tiesFor(d.gapRows, d.gapCases, g[0][0], g[1][0]).slice(0, 3), last = entries[entries.length - 1];
    var key = ties.map(function (t) { return d.gapCases.indexOf(t[0]) + ":" + t[1]; }).join("|");
    if (last && last.row === g[0] && last.key === key) { last.states.push(g[1][1]); return; }
    entries.push({ row: g[0], states: [g[1][1]], ties: ties, key: key });
  });
  return entries;
}

function gapList(d, gaps) {
  var list = tag("ul", "atlas-pack-gap-list");
  gapEntries(d, gaps).forEach(function (g) {
    var li = tag("li");
    li.appendChild(tag("strong", "", g.row[1] + " × " + g.states.join("・")));
    var ties = g.ties;
    if (ties.length) {
      var cases = tag("ul");
      ties.forEach(function (t) {
        cases.appendChild(tag("li", "", t[0][0] + (t[0][1] || "") + (t[1] ? "（出典：" + t[1] + "）" : "")));
      });
      li.appendChild(cases);
    } else {
      li.appendChild(tag("p", "atlas-gap-none", "この欄に当てはまる事例はまだ登録されていません"));
    }
    list.appendChild(li);
  });
  return list;
}

function topicBox(t) {
  var box = tag("div", "atlas-pack-topic");
  box.appendChild(tag("h3", "", t[0]));
  var items = tag("ul", "atlas-pack-checks");
  t[1].forEach(function (p) {
    var li = tag("li");
    var tick = tag("span", "atlas-pack-box");
    tick.setAttribute("aria-hidden", "true");
    li.appendChild(tick);
    li.appendChild(tag("span", "atlas-check-text", p[1]));
    var sheetTitle = typeof p[3] === "string" ? p[3] : "";
    if (sheetTitle.length > 16) { sheetTitle = sheetTitle.slice(0, 15) + "…"; }  // one line; the sheet's page has it all
    li.appendChild(tag("span", "atlas-item-source", "（" + (sheetTitle ? sheetTitle + "：" : "") + p[0] + "）"));
    li.appendChild(tag("span", "atlas-pack-note"));
    items.appendChild(li);
  });
  box.appendChild(items);
  return box;
}

/** Fills #atlas-pack, if the page has one, with the parts for `gaps` (worksheet.js). */
function pack(d, gaps) {
  var box = document.getElementById("atlas-pack");
  if (!box) { return; }
  var qr = d.page.querySelector(".atlas-district-head > .atlas-qr");
  var banner = d.page.querySelector(".atlas-district-head .atlas-demo");
  var place = d.page.querySelector(".atlas-ws-fill-name");
  var placeName = place ? place.textContent : "";
  function packPart(cls, heading) {
    var part = tag("section", "atlas-pack-part " + cls), top = tag("div", "atlas-pack-head");
    top.appendChild(tag("h2", "", heading));
    var fill = tag("p", "atlas-pack-fill");
    fill.appendChild(tag("span", "", "地区名：" + placeName));
    fill.appendChild(tag("span", "", "記入日：＿＿＿＿年＿＿月＿＿日"));
    fill.appendChild(tag("span", "", "記入者：＿＿＿＿＿＿＿＿"));
    top.appendChild(fill);
    if (qr) { part.appendChild(qr.cloneNode(true)); }
    part.appendChild(top);
    if (banner) { part.appendChild(banner.cloneNode(true)); }
    box.appendChild(part);
    return part;
  }
  var gapPart = packPart("atlas-pack-gaps", "空いている欄と参考になる事例");
  if (gaps.length) {
    gapPart.appendChild(tag("p", "atlas-pack-lead", "ワークシートで、まだ資源が登録されていない欄（" + gaps.length +
      " か所）と、その種類の資源をつくった・運営した他の地域の事例です（事例に書かれた出典つきの記述にもとづきます。1 つの欄に 3 件まで）。"));
    gapPart.appendChild(gapList(d, gaps));
  } else {
    gapPart.appendChild(tag("p", "", "すべての欄に1つ以上の資源が登録されています。"));
  }
  var checkPart = packPart("atlas-pack-check", "空いている欄について話し合うチェックシート");
  if (!d.gapTopics.length) {
    checkPart.appendChild(tag("p", "", "話し合いに使うチェックシートの項目は、まだ登録されていません。"));
  }
  d.gapTopics.forEach(function (t) { checkPart.appendChild(topicBox(t)); });
}

export { pack };
