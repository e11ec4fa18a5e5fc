/* A district page's worksheet (#atlas-district-grid), built from the record: the summary of
   the cells without a resource (with the cases tied to each and the check-sheet items to
   discuss them), then the table of rows = categories and columns = target states. */
import { tag } from "./data.js";
import { casesFor, gridRows, lanes } from "./grid.js";

function span(a, b) { return "grid-column: " + a + " / " + b; }
function hidden(text) { return tag("span", "atlas-visually-hidden", text); }

// a link to a page of the site (file:// gets index.html), or the text alone if refused
function siteLink(path, text) {
  var url = window.AtlasUrl ? window.AtlasUrl.href(path, "../../") : null;
  if (url === null) { return document.createTextNode(text); }
  var a = tag("a", "", text);
  a.href = url;
  return a;
}

// the table's body; each cell without a resource goes into `gaps` as [category, state, cases]
function body(d, grid, states, gaps) {
  var tbody = tag("tbody");
  grid.forEach(function (row) {
    var tr = tag("tr");
    var th = tag("th", "atlas-ws-rowhead", row.term[1]);
    th.scope = "row";
    th.id = "ws-" + row.term[0];
    tr.appendChild(th);
    var td = tag("td", "atlas-ws-cell"), box = tag("div", "atlas-ws-row");
    lanes(row).forEach(function (lane) {
      var div = tag("div", "atlas-ws-lane");
      div.setAttribute("style", span(lane.start, lane.end));
      div.appendChild(hidden(states.slice(lane.start - 1, lane.end - 1).map(function (s) { return s[1]; }).join("・") + "："));
      lane.entries.forEach(function (entry) {
        var item = tag("span", "atlas-ws-item");
        item.setAttribute("data-category", row.term[0]);
        item.setAttribute("data-states", entry.states.map(function (s) { return s[0]; }).join(" "));
        var a = tag("a", "", entry.res.name);
        a.href = "#r-" + entry.res.id;
        item.appendChild(a);
        div.appendChild(item);
      });
      box.appendChild(div);
    });
    states.forEach(function (s, i) {
      if (row.covered[i]) { return; }
      var cases = casesFor(d.gapRows, d.gapCases, row.term[0], s[0]);
      gaps.push([row.term, s, cases]);
      var gap = tag("span", "atlas-ws-gap");
      gap.setAttribute("style", span(i + 1, i + 2) + "; --col: " + i);  // --col: printed over its column (sheets.css)
      gap.setAttribute("data-state", s[0]);
      gap.appendChild(hidden(s[1] + "："));
      gap.appendChild(document.createTextNode("この欄に当てはまる資源はまだ登録されていません"));
      var more = tag("a", "atlas-ws-gap-cases atlas-screen-only", "参考になる事例（" + cases.length + " 件）");
      more.href = "#gap-" + row.term[0] + "-" + s[0];
      gap.appendChild(more);
      box.appendChild(gap);
    });
    td.appendChild(box);
    tr.appendChild(td);
    tbody.appendChild(tr);
  });
  return tbody;
}

function summaryOf(d, gaps) {
  var summary = tag("div", "atlas-gap-summary");
  var heading = tag("h3", "", "まだ資源が登録されていない欄（" + gaps.length + " か所）");
  heading.id = "gaps";
  summary.appendChild(heading);
  if (!gaps.length) {
    summary.appendChild(tag("p", "", "すべての欄に1つ以上の資源が登録されています。"));
    return summary;
  }
  summary.appendChild(tag("p", "atlas-screen-only", "各欄の下は、その種類の資源をつくった・運営した他の地域の事例です（事例に書かれた出典つきの記述にもとづきます）。"));
  var ul = tag("ul");
  gaps.forEach(function (g) {
    var li = tag("li", "", g[0][1] + " × " + g[1][1]);
    li.id = "gap-" + g[0][0] + "-" + g[1][0];
    if (g[2].length) {
      var list = tag("ul", "atlas-gap-cases atlas-screen-only");
      g[2].forEach(function (c) {
        var item = tag("li");
        item.appendChild(siteLink(c[2], c[0]));
        if (c[1]) { item.appendChild(document.createTextNode(c[1])); }
        list.appendChild(item);
      });
      li.appendChild(list);
    } else {
      li.appendChild(tag("p", "atlas-gap-none atlas-screen-only", "この欄に当てはまる事例はまだ登録されていません"));
    }
    ul.appendChild(li);
  });
  summary.appendChild(ul);
  summary.appendChild(tag("p", "", "この一覧は、STEP 2-4（資源の充実に向けた方針の検討）の話し合いの出発点になります。"));
  if (d.gapTopics.length) {
    var topics = tag("div", "atlas-gap-topics atlas-screen-only");
    topics.appendChild(tag("h4", "", "空いている欄について話し合うときのチェックシートの項目"));
    d.gapTopics.forEach(function (t) {
      topics.appendChild(tag("h5", "", t[0]));
      var points = tag("ul");
      t[1].forEach(function (p) {
        var item = tag("li");
        item.appendChild(siteLink(p[2], p[0]));
        item.appendChild(document.createTextNode("：" + p[1]));
        points.appendChild(item);
      });
      topics.appendChild(points);
    });
    summary.appendChild(topics);
  }
  return summary;
}

/** Fills #atlas-district-grid; returns the gaps ([category, state, cases]), or null when
    the page has no grid or no map data. */
function worksheet(d) {
  var target = document.getElementById("atlas-district-grid");
  if (!target || !d.mapData) { return null; }
  var states = d.mapData.s;  // [[id, label, …]] in vocabulary order
  var gaps = [];
  var tbody = body(d, gridRows(d.record, d.mapData.c, states), states, gaps);
  var summary = summaryOf(d, gaps);

  var scroll = tag("div", "atlas-ws-scroll"), table = tag("table", "atlas-ws");
  // a named region that takes focus, so a keyboard can scroll it on a phone (as _worksheet.j2)
  scroll.tabIndex = 0;
  scroll.setAttribute("role", "region");
  scroll.setAttribute("aria-label", "ワークシートの表（画面が狭いときは横に動かせます）");
  table.appendChild(tag("caption", "atlas-visually-hidden", "資源の種類（行）と高齢者の心身の状態像（" +
    states.map(function (s) { return s[1]; }).join("・") + "）の表"));
  var head = tag("thead"), headRow = tag("tr");
  var corner = tag("th", "atlas-ws-corner", "資源の種類");
  // the page's QR code (made by the build, render/qr.py), printed in the corner as _worksheet.j2 does
  var qr = d.page.querySelector(".atlas-district-head > .atlas-qr");
  if (qr) { corner.insertBefore(qr.cloneNode(true), corner.firstChild); }
  corner.scope = "col";
  var top = tag("th", "atlas-ws-head");
  top.scope = "col";
  var stateBox = tag("div", "atlas-ws-states");
  var gradient = tag("span", "atlas-ws-gradient");
  gradient.setAttribute("aria-hidden", "true");
  stateBox.appendChild(gradient);
  states.forEach(function (s, i) {
    var label = tag("span", "atlas-ws-state", s[1]);
    label.setAttribute("style", span(i + 1, i + 2));
    stateBox.appendChild(label);
  });
  stateBox.appendChild(tag("span", "atlas-ws-caption", "← 高齢者の心身の状態像 →"));
  top.appendChild(stateBox);
  headRow.appendChild(corner);
  headRow.appendChild(top);
  head.appendChild(headRow);
  table.appendChild(head);
  table.appendChild(tbody);
  scroll.appendChild(table);
  while (target.firstChild) { target.removeChild(target.firstChild); }
  target.appendChild(summary);
  target.appendChild(scroll);
  // a printed sheet of sample data says so, as the page does
  var banner = d.page.querySelector(".atlas-district-head .atlas-demo");
  var title = document.getElementById("worksheet");
  var sheetHead = title ? title.parentNode : null;  // the sheet's head: its title and 地区名・記入日・記入者
  if (banner && sheetHead) { sheetHead.parentNode.insertBefore(banner.cloneNode(true), sheetHead.nextSibling); }
  return gaps;
}

export { worksheet };
