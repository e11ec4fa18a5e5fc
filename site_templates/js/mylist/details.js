/* What the マイリスト page shows of a resource, from its row of the site's CSV (the columns of
   generator/render/exports.py). Pure. */

// 「持ち物」 when the resource's source list said it: lines "label: value" of 「元の一覧の
// 項目」 whose label names it (render/pages.py BRING_LABEL)
function bring(fields) {
  return String(fields || "").split("\n").filter(function (line) {
    var at = line.indexOf(": ");
    return at > 0 && /持ち物|持参/.test(line.slice(0, at)) && line.slice(at + 2);
  }).map(function (line) { return line.slice(line.indexOf(": ") + 2); }).join("／");
}

// n: name, c: kind, a: address, s: schedule, b: 持ち物, v: 確認日, t: contact, p: its page
// (relative to the site's root), d: district, x: sample data, o: source
function details(row) {
  var id = row.ID, rid = id.slice(id.indexOf("/") + 1);
  return { n: row["名称"], c: row["資源の種類"], a: row["住所"], s: row["開催日時"],
           b: bring(row["元の一覧の項目"]), v: row["最終確認日"] || "不明",
           t: [row["連絡先の組織"], row["電話番号"], row["メールアドレス"]].filter(function (v) { return v; }).join(" "),
           p: "districts/" + row["地区ID"] + "/#r-" + rid, d: row["地方公共団体名"] + " " + row["地区名"],
           x: row["サンプル（架空のデータ）"] ? 1 : 0, o: row["出典"] || "" };
}

export { bring, details };
